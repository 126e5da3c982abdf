using System;

namespace EdgeOracle.Protocol;

/// <summary>A 65-byte <c>r ‖ s ‖ v</c> signature as it travels on the wire.</summary>
public readonly record struct Signature(Bytes32 R, Bytes32 S, byte V)
{
    /// <summary>Size on the wire.</summary>
    public const int Size = 65;

    // n/2 for secp256k1: signatures with a larger s are refused (EIP-2, OpenZeppelin ECDSA).
    private static readonly Bytes32 HalfOrder =
        Bytes32.Parse("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0");

    /// <summary>Reads 65 bytes.</summary>
    public static Signature Read(ReadOnlySpan<byte> bytes) =>
        new(new Bytes32(bytes[..32]), new Bytes32(bytes[32..64]), bytes[64]);

    /// <summary>True when <c>v</c> is 27 or 28, the only values the protocol allows.</summary>
    public bool HasValidV => V is 27 or 28;

    /// <summary>The recovery id (0 or 1) derived from <c>v</c>.</summary>
    public int RecoveryId => V - 27;

    /// <summary>True when <c>s ≤ n/2</c>.</summary>
    public bool IsLowS => CompareUnsigned(S, HalfOrder) <= 0;

    /// <summary>Writes the 65 bytes.</summary>
    public void CopyTo(Span<byte> destination)
    {
        R.CopyTo(destination);
        S.CopyTo(destination[32..]);
        destination[64] = V;
    }

    /// <summary>The 65 bytes as a new array (the <c>bytes signature</c> argument of the contracts).</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    private static int CompareUnsigned(Bytes32 left, Bytes32 right)
    {
        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        left.CopyTo(a);
        right.CopyTo(b);
        return a.SequenceCompareTo(b);
    }
}
