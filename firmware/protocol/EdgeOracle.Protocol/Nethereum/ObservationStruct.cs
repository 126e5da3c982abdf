using EdgeOracle.Protocol.Wire;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace EdgeOracle.Protocol.Nethereum;

/// <summary>
/// The signed <c>Observation</c> of PROTOCOL.md §3 for Nethereum: EIP-712 typed data (field order = the type string)
/// and the Solidity struct of §8 in contract calls.
/// </summary>
[Struct("Observation")]
public sealed class ObservationStruct
{
    /// <summary>Gets or sets the signing sensor.</summary>
    [Parameter("address", "device", 1)]
    public string Device { get; set; } = string.Empty;

    /// <summary>Gets or sets the sensor's message sequence.</summary>
    [Parameter("uint64", "sequence", 2)]
    public ulong Sequence { get; set; }

    /// <summary>Gets or sets the metric code.</summary>
    [Parameter("uint32", "metric", 3)]
    public uint Metric { get; set; }

    /// <summary>Gets or sets the window start, Unix seconds.</summary>
    [Parameter("uint64", "windowStart", 4)]
    public ulong WindowStart { get; set; }

    /// <summary>Gets or sets the window end, Unix seconds.</summary>
    [Parameter("uint64", "windowEnd", 5)]
    public ulong WindowEnd { get; set; }

    /// <summary>Gets or sets the aggregate value in the metric's unit.</summary>
    [Parameter("int64", "value", 6)]
    public long Value { get; set; }

    /// <summary>Gets or sets how many raw samples the value aggregates.</summary>
    [Parameter("uint32", "sampleCount", 7)]
    public uint SampleCount { get; set; }

    /// <summary>Gets or sets the health flags.</summary>
    [Parameter("uint32", "flags", 8)]
    public uint Flags { get; set; }

    /// <summary>Gets or sets the digest of the sensor's previous message.</summary>
    [Parameter("bytes32", "prevHash", 9)]
    public byte[] PrevHash { get; set; } = new byte[32];

    /// <summary>The struct of a decoded observation (addresses as lower-case <c>0x</c> hex).</summary>
    public static ObservationStruct Of(in Observation body) => new()
    {
        Device = body.Device.ToString(),
        Sequence = body.Sequence,
        Metric = body.Metric,
        WindowStart = body.WindowStart,
        WindowEnd = body.WindowEnd,
        Value = body.Value,
        SampleCount = body.SampleCount,
        Flags = body.Flags,
        PrevHash = body.PrevHash.ToArray(),
    };
}
