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

/// <summary><c>PaymentRouter.settle(PaymentIntent intent, bytes terminalSignature, CustomerAuthorization auth)</c>.</summary>
[Function("settle")]
public sealed class SettleFunction : FunctionMessage
{
    /// <summary>The intent, field for field.</summary>
    [Parameter("tuple", "intent", 1)]
    public PaymentIntentStruct Intent { get; set; } = new();

    /// <summary>The terminal's 65-byte <c>r ‖ s ‖ v</c>.</summary>
    [Parameter("bytes", "terminalSignature", 2)]
    public byte[] TerminalSignature { get; set; } = [];

    /// <summary>The customer's authorization.</summary>
    [Parameter("tuple", "auth", 3)]
    public CustomerAuthorizationStruct Auth { get; set; } = new();
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

