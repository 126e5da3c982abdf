using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace EdgeOracle.Protocol.Nethereum;

/// <summary>
/// EIP-3009 <c>ReceiveWithAuthorization</c> as Nethereum's EIP-712 encoder sees it, signed by the customer on the
/// token's domain; the field order makes the type string of PROTOCOL.md §3.
/// </summary>
[Struct("ReceiveWithAuthorization")]
public sealed class ReceiveWithAuthorizationStruct
{
    /// <summary>Gets or sets the payer (the customer wallet).</summary>
    [Parameter("address", "from", 1)]
    public string From { get; set; } = string.Empty;

    /// <summary>Gets or sets the payee, which must also be the caller: the payment router.</summary>
    [Parameter("address", "to", 2)]
    public string To { get; set; } = string.Empty;

    /// <summary>Gets or sets the amount in token minor units (the intent's amount).</summary>
    [Parameter("uint256", "value", 3)]
    public BigInteger Value { get; set; }

    /// <summary>Gets or sets the time after which the authorization is valid, Unix seconds.</summary>
    [Parameter("uint256", "validAfter", 4)]
    public BigInteger ValidAfter { get; set; }

    /// <summary>Gets or sets the time before which the authorization is valid, Unix seconds.</summary>
    [Parameter("uint256", "validBefore", 5)]
    public BigInteger ValidBefore { get; set; }

    /// <summary>Gets or sets the 32-byte nonce: the payment intent's digest.</summary>
    [Parameter("bytes32", "nonce", 6)]
    public byte[] Nonce { get; set; } = new byte[32];
}
