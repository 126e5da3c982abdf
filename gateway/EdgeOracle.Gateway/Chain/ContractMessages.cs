using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
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

/// <summary>The Solidity <c>Observation</c> struct of PROTOCOL.md §8 (also usable as Nethereum EIP-712 typed data).</summary>
[Struct("Observation")]
public sealed class ObservationStruct
{
    /// <summary>device.</summary>
    [Parameter("address", "device", 1)]
    public string Device { get; set; } = string.Empty;

    /// <summary>sequence.</summary>
    [Parameter("uint64", "sequence", 2)]
    public ulong Sequence { get; set; }

    /// <summary>metric.</summary>
    [Parameter("uint32", "metric", 3)]
    public uint Metric { get; set; }

    /// <summary>windowStart.</summary>
    [Parameter("uint64", "windowStart", 4)]
    public ulong WindowStart { get; set; }

    /// <summary>windowEnd.</summary>
    [Parameter("uint64", "windowEnd", 5)]
    public ulong WindowEnd { get; set; }

    /// <summary>value.</summary>
    [Parameter("int64", "value", 6)]
    public long Value { get; set; }

    /// <summary>sampleCount.</summary>
    [Parameter("uint32", "sampleCount", 7)]
    public uint SampleCount { get; set; }

    /// <summary>flags.</summary>
    [Parameter("uint32", "flags", 8)]
    public uint Flags { get; set; }

    /// <summary>prevHash.</summary>
    [Parameter("bytes32", "prevHash", 9)]
    public byte[] PrevHash { get; set; } = new byte[32];
}

/// <summary>The Solidity <c>PaymentIntent</c> struct of PROTOCOL.md §8 (also usable as Nethereum EIP-712 typed data).</summary>
[Struct("PaymentIntent")]
public sealed class PaymentIntentStruct
{
    /// <summary>terminal.</summary>
    [Parameter("address", "terminal", 1)]
    public string Terminal { get; set; } = string.Empty;

    /// <summary>merchant.</summary>
    [Parameter("address", "merchant", 2)]
    public string Merchant { get; set; } = string.Empty;

    /// <summary>token.</summary>
    [Parameter("address", "token", 3)]
    public string Token { get; set; } = string.Empty;

    /// <summary>amount.</summary>
    [Parameter("uint256", "amount", 4)]
    public BigInteger Amount { get; set; }

    /// <summary>expiry.</summary>
    [Parameter("uint64", "expiry", 5)]
    public ulong Expiry { get; set; }

    /// <summary>orderRef.</summary>
    [Parameter("bytes32", "orderRef", 6)]
    public byte[] OrderRef { get; set; } = new byte[32];

    /// <summary>sequence.</summary>
    [Parameter("uint64", "sequence", 7)]
    public ulong Sequence { get; set; }

    /// <summary>prevHash.</summary>
    [Parameter("bytes32", "prevHash", 8)]
    public byte[] PrevHash { get; set; } = new byte[32];
}

/// <summary>The Solidity <c>CustomerAuthorization</c> struct of PROTOCOL.md §8.</summary>
public sealed class CustomerAuthorizationStruct
{
    /// <summary>from.</summary>
    [Parameter("address", "from", 1)]
    public string From { get; set; } = string.Empty;

    /// <summary>validAfter.</summary>
    [Parameter("uint256", "validAfter", 2)]
    public BigInteger ValidAfter { get; set; }

    /// <summary>validBefore.</summary>
    [Parameter("uint256", "validBefore", 3)]
    public BigInteger ValidBefore { get; set; }

    /// <summary>v (27 or 28).</summary>
    [Parameter("uint8", "v", 4)]
    public byte V { get; set; }

    /// <summary>r.</summary>
    [Parameter("bytes32", "r", 5)]
    public byte[] R { get; set; } = new byte[32];

    /// <summary>s.</summary>
    [Parameter("bytes32", "s", 6)]
    public byte[] S { get; set; } = new byte[32];
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

