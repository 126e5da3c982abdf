using System.Numerics;
using EdgeOracle.Protocol.Wire;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace EdgeOracle.Protocol.Nethereum;

/// <summary>
/// The signed <c>PaymentIntent</c> of PROTOCOL.md §3 for Nethereum: EIP-712 typed data (field order = the type
/// string) and the Solidity struct of §8 in contract calls.
/// </summary>
[Struct("PaymentIntent")]
public sealed class PaymentIntentStruct
{
    /// <summary>Gets or sets the signing terminal.</summary>
    [Parameter("address", "terminal", 1)]
    public string Terminal { get; set; } = string.Empty;

    /// <summary>Gets or sets the merchant who is paid.</summary>
    [Parameter("address", "merchant", 2)]
    public string Merchant { get; set; } = string.Empty;

    /// <summary>Gets or sets the settlement token.</summary>
    [Parameter("address", "token", 3)]
    public string Token { get; set; } = string.Empty;

    /// <summary>Gets or sets the price in token minor units.</summary>
    [Parameter("uint256", "amount", 4)]
    public BigInteger Amount { get; set; }

    /// <summary>Gets or sets the expiry, Unix seconds.</summary>
    [Parameter("uint64", "expiry", 5)]
    public ulong Expiry { get; set; }

    /// <summary>Gets or sets the merchant's order reference.</summary>
    [Parameter("bytes32", "orderRef", 6)]
    public byte[] OrderRef { get; set; } = new byte[32];

    /// <summary>Gets or sets the terminal's message sequence.</summary>
    [Parameter("uint64", "sequence", 7)]
    public ulong Sequence { get; set; }

    /// <summary>Gets or sets the digest of the terminal's previous message.</summary>
    [Parameter("bytes32", "prevHash", 8)]
    public byte[] PrevHash { get; set; } = new byte[32];

    /// <summary>The struct of a decoded intent (addresses as lower-case <c>0x</c> hex).</summary>
    public static PaymentIntentStruct Of(in PaymentIntent body) => new()
    {
        Terminal = body.Terminal.ToString(),
        Merchant = body.Merchant.ToString(),
        Token = body.Token.ToString(),
        Amount = body.Amount.ToUnsignedInteger(),
        Expiry = body.Expiry,
        OrderRef = body.OrderRef.ToArray(),
        Sequence = body.Sequence,
        PrevHash = body.PrevHash.ToArray(),
    };
}
