using System;
using System.Buffers.Binary;

namespace EdgeOracle.Protocol;

/// <summary>A 20-byte Ethereum address, held by value so that decoding allocates nothing.</summary>
public readonly struct Address : IEquatable<Address>
{
    /// <summary>Size of an address on the wire.</summary>
    public const int Size = 20;

    private readonly ulong _high;
    private readonly ulong _middle;
    private readonly uint _low;

    /// <summary>Reads an address from exactly 20 big-endian bytes.</summary>
    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException("An address is 20 bytes.", nameof(bytes));
        }

        _high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _middle = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _low = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
    }

    /// <summary>The zero address.</summary>
    public static Address Zero => default;

    /// <summary>True for the zero address.</summary>
    public bool IsZero => _high == 0 && _middle == 0 && _low == 0;

    /// <summary>Writes the 20 bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _middle);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _low);
    }

    /// <summary>The 20 bytes as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>Parses <c>0x</c>-prefixed (or bare) hex of any case.</summary>
    public static bool TryParse(string? text, out Address address) => TryParse(text.AsSpan(), out address);

    /// <summary>Parses <c>0x</c>-prefixed (or bare) hex of any case.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Address address)
    {
        Span<byte> bytes = stackalloc byte[Size];
        var parsed = !text.IsEmpty && Hex.TryDecode(text, bytes);
        address = parsed ? new Address(bytes) : default;
        return parsed;
    }

    /// <summary>Parses an address or throws <see cref="FormatException"/>.</summary>
    public static Address Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not a 20-byte hex address.");

    /// <summary>Lower-case hex with <c>0x</c>, the form used in topics and client ids.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }

    /// <inheritdoc />
    public bool Equals(Address other) => _high == other._high && _middle == other._middle && _low == other._low;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Address other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_high, _middle, _low);

    /// <summary>Value equality.</summary>
    public static bool operator ==(Address left, Address right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Address left, Address right) => !left.Equals(right);
}
