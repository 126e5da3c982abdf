using System;
using System.Buffers.Binary;
using System.Numerics;

namespace EdgeOracle.Protocol;

/// <summary>32 bytes held by value: digests, <c>bytes32</c> fields and raw <c>uint256</c> words.</summary>
public readonly struct Bytes32 : IEquatable<Bytes32>
{
    /// <summary>Size in bytes.</summary>
    public const int Size = 32;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    /// <summary>Reads exactly 32 bytes.</summary>
    public Bytes32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException("A word is 32 bytes.", nameof(bytes));
        }

        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>32 zero bytes: the <c>prevHash</c> of a device's first message.</summary>
    public static Bytes32 Zero => default;

    /// <summary>True when all 32 bytes are zero.</summary>
    public bool IsZero => (_a | _b | _c | _d) == 0;

    /// <summary>The first four bytes read big-endian (the domain tag of a domain separator).</summary>
    public uint First4 => (uint)(_a >> 32);

    /// <summary>Writes the 32 bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <summary>The 32 bytes as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>The word read as an unsigned big-endian integer (a <c>uint256</c>).</summary>
    public BigInteger ToUnsignedInteger()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>A word holding <paramref name="value"/> (0 ≤ value &lt; 2^256) big-endian.</summary>
    public static Bytes32 FromUnsignedInteger(BigInteger value)
    {
        if (value.Sign < 0 || value.GetByteCount(isUnsigned: true) > Size)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "A uint256 is 0 to 2^256-1.");
        }

        Span<byte> bytes = stackalloc byte[Size];
        bytes.Clear();
        var length = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(bytes[(Size - length)..], out _, isUnsigned: true, isBigEndian: true);
        return new Bytes32(bytes);
    }

    /// <summary>Parses 64 hex digits, with or without <c>0x</c>.</summary>
    public static Bytes32 Parse(string text)
    {
        Span<byte> bytes = stackalloc byte[Size];
        return Hex.TryDecode(text, bytes) ? new Bytes32(bytes) : throw new FormatException($"'{text}' is not 32 bytes of hex.");
    }

    /// <summary>Lower-case hex with <c>0x</c>.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }

    /// <inheritdoc />
    public bool Equals(Bytes32 other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Bytes32 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);

    /// <summary>Value equality.</summary>
    public static bool operator ==(Bytes32 left, Bytes32 right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Bytes32 left, Bytes32 right) => !left.Equals(right);
}
