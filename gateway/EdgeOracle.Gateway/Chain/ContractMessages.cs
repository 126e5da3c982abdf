using System.Collections.Generic;
using Nethereum.ABI.FunctionEncoding.Attributes;
using EdgeOracle.Protocol.Nethereum;
using Nethereum.Contracts;

namespace EdgeOracle.Gateway.Chain;

/// <summary><c>ParametricInsurance.submitObservation(Observation obs, bytes signature)</c>.</summary>
[Function("submitObservation")]
public sealed class SubmitObservationFunction : FunctionMessage
{
    /// <summary>The observation, field for field.</summary>
    [Parameter("tuple", "obs", 1)]
    public ObservationStruct Obs { get; set; } = new();

    /// <summary>The device's 65-byte <c>r ‖ s ‖ v</c>.</summary>
    [Parameter("bytes", "signature", 2)]
    public byte[] Signature { get; set; } = [];
}

/// <summary><c>ParametricInsurance.observationDigest(Observation obs)</c>: the digest a sensor signs.</summary>
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

