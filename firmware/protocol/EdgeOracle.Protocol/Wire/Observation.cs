namespace EdgeOracle.Protocol.Wire;

/// <summary>The body of an Observation envelope, field for field as in the type string of PROTOCOL.md §3.</summary>
public readonly record struct Observation(
    Address Device,
    ulong Sequence,
    uint Metric,
    ulong WindowStart,
    ulong WindowEnd,
    long Value,
    uint SampleCount,
    uint Flags,
    Bytes32 PrevHash)
{
    /// <summary>Flag bits the protocol defines (Stuck, OutOfRange, Gap, Rebooted); the others are reserved.</summary>
    public const uint DefinedFlags = 0b1111;
}
