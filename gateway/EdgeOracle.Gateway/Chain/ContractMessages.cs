using System.Collections.Generic;
using Nethereum.ABI.FunctionEncoding.Attributes;
using EdgeOracle.Protocol.Nethereum;
using Nethereum.Contracts;

namespace EdgeOracle.Gateway.Chain;

/// <summary><c>QuorumInsurance.observationDigest(Observation obs)</c>: the digest a sensor signs (the one a Merkle anchor proves).</summary>
[Function("observationDigest", "bytes32")]
public sealed class ObservationDigestFunction : FunctionMessage
{
    /// <summary>The observation.</summary>
    [Parameter("tuple", "obs", 1)]
    public ObservationStruct Obs { get; set; } = new();
}

/// <summary>
/// <c>PaymentHub.settleBatch(PaymentIntent[] intents, bytes[] terminalSignatures, CustomerAuthorization[] auths)</c>:
/// every item is checked and settled on its own; a bad one is skipped with <c>PaymentSkipped(index, digest, reason)</c>.
/// </summary>
[Function("settleBatch", "uint256")]
public sealed class SettleBatchFunction : FunctionMessage
{
    /// <summary>The intents, field for field.</summary>
    [Parameter("tuple[]", "intents", 1)]
    public List<PaymentIntentStruct> Intents { get; set; } = [];

    /// <summary>Each terminal's 65-byte <c>r ‖ s ‖ v</c>, in the order of <see cref="Intents"/>.</summary>
    [Parameter("bytes[]", "terminalSignatures", 2)]
    public List<byte[]> TerminalSignatures { get; set; } = [];

    /// <summary>Each customer's authorization, in the order of <see cref="Intents"/>.</summary>
    [Parameter("tuple[]", "auths", 3)]
    public List<CustomerAuthorizationStruct> Auths { get; set; } = [];
}

/// <summary>
/// <c>PaymentHub.settleCrossBorder(PaymentIntent intent, bytes terminalSignature, CrossBorderAuthorization auth)</c>:
/// one sale priced in the intent's token, paid in the customer's pay token through the hub's pair, bounded by the
/// customer's signed max-in. It reverts for a bad item (one per transaction).
/// </summary>
[Function("settleCrossBorder")]
public sealed class SettleCrossBorderFunction : FunctionMessage
{
    /// <summary>The intent, field for field.</summary>
    [Parameter("tuple", "intent", 1)]
    public PaymentIntentStruct Intent { get; set; } = new();

    /// <summary>The terminal's 65-byte <c>r ‖ s ‖ v</c>.</summary>
    [Parameter("bytes", "terminalSignature", 2)]
    public byte[] TerminalSignature { get; set; } = [];

    /// <summary>The customer's cross-border authorization.</summary>
    [Parameter("tuple", "auth", 3)]
    public CrossBorderAuthorizationStruct Auth { get; set; } = new();
}

/// <summary>
/// <c>RevenueDistributor.submitProduction(Observation[] observations, bytes[] signatures)</c>: each meter reading is
/// checked on its own; a bad one is skipped with <c>ProductionSkipped(index, meter, reason)</c>.
/// </summary>
[Function("submitProduction", "uint256")]
public sealed class SubmitProductionFunction : FunctionMessage
{
    /// <summary>The energy observations, field for field.</summary>
    [Parameter("tuple[]", "observations", 1)]
    public List<ObservationStruct> Observations { get; set; } = [];

    /// <summary>Each meter's 65-byte <c>r ‖ s ‖ v</c>, in the order of <see cref="Observations"/>.</summary>
    [Parameter("bytes[]", "signatures", 2)]
    public List<byte[]> Signatures { get; set; } = [];
}

/// <summary>
/// <c>QuorumInsurance.submitRound(uint32 regionId, uint32 metric, uint64 windowStart, uint64 windowEnd, bytes items)</c>:
/// the readings of a region's sensors for one window (<see cref="QuorumItems"/>); each item is judged on its own, a bad
/// one skipped with <c>ObservationSkipped(index, device, reason)</c>.
/// </summary>
[Function("submitRound", "uint256")]
public sealed class SubmitRoundFunction : FunctionMessage
{
    /// <summary>The region.</summary>
    [Parameter("uint32", "regionId", 1)]
    public uint RegionId { get; set; }

    /// <summary>The observations' metric.</summary>
    [Parameter("uint32", "metric", 2)]
    public uint Metric { get; set; }

    /// <summary>Window start, unix seconds.</summary>
    [Parameter("uint64", "windowStart", 3)]
    public ulong WindowStart { get; set; }

    /// <summary>Window end, unix seconds.</summary>
    [Parameter("uint64", "windowEnd", 4)]
    public ulong WindowEnd { get; set; }

    /// <summary>The packed items, <see cref="QuorumItems.ItemLength"/> bytes each.</summary>
    [Parameter("bytes", "items", 5)]
    public byte[] Items { get; set; } = [];
}

/// <summary><c>QuorumInsurance.sensorState(address) returns (uint32 regionId, uint8 index)</c>.</summary>
[Function("sensorState", typeof(SensorStateOutput))]
public sealed class SensorStateFunction : FunctionMessage
{
    /// <summary>The sensor.</summary>
    [Parameter("address", "sensor", 1)]
    public string Sensor { get; set; } = string.Empty;
}

/// <summary>The outputs of <c>sensorState</c>.</summary>
[FunctionOutput]
public sealed class SensorStateOutput : IFunctionOutputDTO
{
    /// <summary>The region, 0 for none.</summary>
    [Parameter("uint32", "regionId", 1)]
    public uint RegionId { get; set; }

    /// <summary>The sensor's index in its region.</summary>
    [Parameter("uint8", "index", 2)]
    public byte Index { get; set; }
}

/// <summary><c>QuorumInsurance.regionSensors(uint32) returns (address[])</c>.</summary>
[Function("regionSensors", "address[]")]
public sealed class RegionSensorsFunction : FunctionMessage
{
    /// <summary>The region.</summary>
    [Parameter("uint32", "regionId", 1)]
    public uint RegionId { get; set; }
}

/// <summary>The output of <c>regionSensors</c>.</summary>
[FunctionOutput]
public sealed class RegionSensorsOutput : IFunctionOutputDTO
{
    /// <summary>The region's sensors, in index order.</summary>
    [Parameter("address[]", "sensors", 1)]
    public List<string> Sensors { get; set; } = [];
}

/// <summary><c>QuorumInsurance.windowState(regionId, metric, windowStart, windowEnd) returns (uint32 counted, bool decided, int64[] values)</c>.</summary>
[Function("windowState", typeof(WindowStateOutput))]
public sealed class WindowStateFunction : FunctionMessage
{
    /// <summary>The region.</summary>
    [Parameter("uint32", "regionId", 1)]
    public uint RegionId { get; set; }

    /// <summary>The metric.</summary>
    [Parameter("uint32", "metric", 2)]
    public uint Metric { get; set; }

    /// <summary>Window start.</summary>
    [Parameter("uint64", "windowStart", 3)]
    public ulong WindowStart { get; set; }

    /// <summary>Window end.</summary>
    [Parameter("uint64", "windowEnd", 4)]
    public ulong WindowEnd { get; set; }
}

/// <summary>The outputs of <c>windowState</c>.</summary>
[FunctionOutput]
public sealed class WindowStateOutput : IFunctionOutputDTO
{
    /// <summary>Bit i: sensor i counted for the window.</summary>
    [Parameter("uint32", "counted", 1)]
    public uint Counted { get; set; }

    /// <summary>Whether the window is decided.</summary>
    [Parameter("bool", "decided", 2)]
    public bool Decided { get; set; }

    /// <summary>The stored values by sensor index while the window is open.</summary>
    [Parameter("int64[]", "values", 3)]
    public List<long> Values { get; set; } = [];
}

/// <summary><c>DeviceRegistry.deviceInfo(address) returns (address owner, uint8 role, bool active)</c>.</summary>
[Function("deviceInfo", typeof(DeviceInfoOutput))]
public sealed class DeviceInfoFunction : FunctionMessage
{
    /// <summary>The device address.</summary>
    [Parameter("address", "device", 1)]
    public string Device { get; set; } = string.Empty;
}

/// <summary>The outputs of <c>deviceInfo</c>.</summary>
[FunctionOutput]
public sealed class DeviceInfoOutput : IFunctionOutputDTO
{
    /// <summary>owner.</summary>
    [Parameter("address", "owner", 1)]
    public string Owner { get; set; } = string.Empty;

    /// <summary>role.</summary>
    [Parameter("uint8", "role", 2)]
    public byte Role { get; set; }

    /// <summary>active.</summary>
    [Parameter("bool", "active", 3)]
    public bool Active { get; set; }
}

