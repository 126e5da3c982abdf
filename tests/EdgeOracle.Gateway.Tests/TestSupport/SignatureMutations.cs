using System;
using System.Numerics;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>Ways to spoil a signature inside a payload.</summary>
public static class SignatureMutations
{
    /// <summary>Replaces (s, v) at <paramref name="signatureOffset"/> by (n − s, v ^ 1): the same signer, but high s.</summary>
    public static byte[] ToHighS(byte[] payload, int signatureOffset)
    {
        var copy = (byte[])payload.Clone();
        var s = new BigInteger(copy.AsSpan(signatureOffset + 32, 32), isUnsigned: true, isBigEndian: true);
        var high = (TestDevice.CurveOrder - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        Array.Clear(copy, signatureOffset + 32, 32);
        high.CopyTo(copy, signatureOffset + 64 - high.Length);
        copy[signatureOffset + 64] = copy[signatureOffset + 64] == 27 ? (byte)28 : (byte)27;
        return copy;
    }
}
