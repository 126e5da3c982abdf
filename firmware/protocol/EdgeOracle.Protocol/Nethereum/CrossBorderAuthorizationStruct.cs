using System.Numerics;
using EdgeOracle.Protocol.Wire;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace EdgeOracle.Protocol.Nethereum;

/// <summary>
/// The Solidity <c>IPaymentHub.CrossBorderAuthorization</c> struct: the customer's side of <c>settleCrossBorder</c>, an
/// EIP-3009 <c>ReceiveWithAuthorization</c> on <c>payToken</c> for exactly <c>maxInput</c>, to the hub, nonce = the
/// intent digest.
/// </summary>
public sealed class CrossBorderAuthorizationStruct
{
    /// <summary>Gets or sets the payer.</summary>
    [Parameter("address", "from", 1)]
    public string From { get; set; } = string.Empty;

    /// <summary>Gets or sets the token the payer pays with.</summary>
    [Parameter("address", "payToken", 2)]
    public string PayToken { get; set; } = string.Empty;

    /// <summary>Gets or sets the most of it the payer authorized (the authorization's value).</summary>
    [Parameter("uint256", "maxInput", 3)]
    public BigInteger MaxInput { get; set; }

    /// <summary>Gets or sets validAfter, Unix seconds.</summary>
    [Parameter("uint256", "validAfter", 4)]
    public BigInteger ValidAfter { get; set; }

    /// <summary>Gets or sets validBefore, Unix seconds.</summary>
    [Parameter("uint256", "validBefore", 5)]
    public BigInteger ValidBefore { get; set; }

    /// <summary>Gets or sets v (27 or 28).</summary>
    [Parameter("uint8", "v", 6)]
    public byte V { get; set; }

    /// <summary>Gets or sets r.</summary>
    [Parameter("bytes32", "r", 7)]
    public byte[] R { get; set; } = new byte[32];

    /// <summary>Gets or sets s.</summary>
    [Parameter("bytes32", "s", 8)]
    public byte[] S { get; set; } = new byte[32];

    /// <summary>The struct of a decoded cross-border authorization (addresses as lower-case <c>0x</c> hex).</summary>
    public static CrossBorderAuthorizationStruct Of(in CustomerAuthorization authorization, in CrossBorderTerms terms) => new()
    {
        From = authorization.From.ToString(),
        PayToken = terms.PayToken.ToString(),
        MaxInput = terms.MaxInput.ToUnsignedInteger(),
        ValidAfter = authorization.ValidAfter,
        ValidBefore = authorization.ValidBefore,
        V = authorization.Signature.V,
        R = authorization.Signature.R.ToArray(),
        S = authorization.Signature.S.ToArray(),
    };
}
