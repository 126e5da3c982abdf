namespace EdgeOracle.Protocol;

/// <summary>Limits the contracts enforce that the .NET side must respect before it sends anything.</summary>
public static class ContractLimits
{
    /// <summary>Most sensor stations in a QuorumInsurance region, and so most readings in a round (<c>MAX_REGION_SENSORS</c>).</summary>
    public const int MaxRegionSensors = 32;
}
