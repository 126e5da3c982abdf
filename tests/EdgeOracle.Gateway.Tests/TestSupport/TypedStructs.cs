using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace EdgeOracle.Gateway.Tests.TestSupport;

// The customer's EIP-3009 authorization as Nethereum EIP-712 typed data. Observations and intents are signed through
// the gateway's own contract structs (ObservationStruct, PaymentIntentStruct), whose Solidity types the ABI tests pin
// to the spec; the hashing is Nethereum's, independent of the gateway's hasher, so the two agreeing is evidence.

[Struct("ReceiveWithAuthorization")]
public sealed class ReceiveWithAuthorizationTyped
{
    [Parameter("address", "from", 1)]
    public string From { get; set; } = string.Empty;

    [Parameter("address", "to", 2)]
    public string To { get; set; } = string.Empty;

    [Parameter("uint256", "value", 3)]
    public BigInteger Value { get; set; }

    [Parameter("uint256", "validAfter", 4)]
    public BigInteger ValidAfter { get; set; }

    [Parameter("uint256", "validBefore", 5)]
    public BigInteger ValidBefore { get; set; }

    [Parameter("bytes32", "nonce", 6)]
    public byte[] Nonce { get; set; } = new byte[32];
}
