using System.Collections.Generic;
using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace EdgeOracle.Devnet;

/// <summary><c>IQuorumInsurance.Product</c>, field for field (contracts/src/insurance/interfaces/IQuorumInsurance.sol).</summary>
public sealed class ProductTerms
{
    /// <summary>The region whose sensors decide it.</summary>
    [Parameter("uint32", "region", 1)]
    public uint Region { get; set; }

    /// <summary>The observations' metric (1: rainfall, micrometres).</summary>
    [Parameter("uint32", "metric", 2)]
    public uint Metric { get; set; }

    /// <summary>Valid readings a window needs to count.</summary>
    [Parameter("uint8", "quorum", 3)]
    public byte Quorum { get; set; }

    /// <summary>0: pays when the median is below the trigger; 1: above.</summary>
    [Parameter("uint8", "direction", 4)]
    public byte Direction { get; set; }

    /// <summary>Window length, seconds; windows start at multiples of it.</summary>
    [Parameter("uint32", "windowLength", 5)]
    public uint WindowLength { get; set; }

    /// <summary>How long after a window's end its readings may still land.</summary>
    [Parameter("uint32", "staleness", 6)]
    public uint Staleness { get; set; }

    /// <summary>Premium, basis points of the sum insured.</summary>
    [Parameter("uint16", "premiumBps", 7)]
    public ushort PremiumBps { get; set; }

    /// <summary>Set by the contract.</summary>
    [Parameter("bool", "active", 8)]
    public bool Active { get; set; }

    /// <summary>Where payouts start.</summary>
    [Parameter("int64", "trigger", 9)]
    public long Trigger { get; set; }

    /// <summary>Where the payout reaches the whole sum insured.</summary>
    [Parameter("int64", "exit", 10)]
    public long Exit { get; set; }

    /// <summary>Shortest time from purchase to coverage start, seconds.</summary>
    [Parameter("uint32", "waitingPeriod", 11)]
    public uint WaitingPeriod { get; set; }

    /// <summary>Longest time from purchase to coverage end, seconds.</summary>
    [Parameter("uint32", "maxCoverage", 12)]
    public uint MaxCoverage { get; set; }

    /// <summary>Smallest sum insured (token units).</summary>
    [Parameter("uint128", "minSumInsured", 13)]
    public BigInteger MinSumInsured { get; set; }
}

/// <summary><c>QuorumInsurance.createProduct(Product terms) returns (uint32)</c>.</summary>
[Function("createProduct", "uint32")]
public sealed class CreateProductFunction : FunctionMessage
{
    /// <summary>The terms.</summary>
    [Parameter("tuple", "terms", 1)]
    public ProductTerms Terms { get; set; } = new();
}

/// <summary><c>QuorumInsurance.createRegion(address[] sensors) returns (uint32)</c>.</summary>
[Function("createRegion", "uint32")]
public sealed class CreateRegionFunction : FunctionMessage
{
    /// <summary>The region's sensors, in index order.</summary>
    [Parameter("address[]", "sensors", 1)]
    public List<string> Sensors { get; set; } = [];
}
