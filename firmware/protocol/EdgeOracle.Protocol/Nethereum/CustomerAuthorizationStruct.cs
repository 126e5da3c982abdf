using System.Numerics;
using EdgeOracle.Protocol.Wire;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace EdgeOracle.Protocol.Nethereum;

/// <summary>The Solidity <c>CustomerAuthorization</c> struct of PROTOCOL.md §8: the customer's side of a settlement call.</summary>
public sealed class CustomerAuthorizationStruct
{
    /// <summary>Gets or sets the payer.</summary>
    [Parameter("address", "from", 1)]
    public string From { get; set; } = string.Empty;

    /// <summary>Gets or sets validAfter, Unix seconds.</summary>
    [Parameter("uint256", "validAfter", 2)]
    public BigInteger ValidAfter { get; set; }

    /// <summary>Gets or sets validBefore, Unix seconds.</summary>
    [Parameter("uint256", "validBefore", 3)]
    public BigInteger ValidBefore { get; set; }

    /// <summary>Gets or sets v (27 or 28).</summary>
    [Parameter("uint8", "v", 4)]
    public byte V { get; set; }

    /// <summary>Gets or sets r.</summary>
    [Parameter("bytes32", "r", 5)]
    public byte[] R { get; set; } = new byte[32];

    /// <summary>Gets or sets s.</summary>
    [Parameter("bytes32", "s", 6)]
    public byte[] S { get; set; } = new byte[32];

    /// <summary>The struct of a decoded authorization (the address as lower-case <c>0x</c> hex).</summary>
    public static CustomerAuthorizationStruct Of(in CustomerAuthorization authorization) => new()
    {
        From = authorization.From.ToString(),
        ValidAfter = authorization.ValidAfter,
        ValidBefore = authorization.ValidBefore,
        V = authorization.Signature.V,
        R = authorization.Signature.R.ToArray(),
        S = authorization.Signature.S.ToArray(),
    };
}
