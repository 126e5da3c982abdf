using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>The tests' own big-endian writer of the wire layout of PROTOCOL.md §4 (independent of the gateway's decoder).</summary>
public sealed class WireWriter
{
    private readonly List<byte> _bytes = [];

    public WireWriter Byte(byte value)
    {
        _bytes.Add(value);
        return this;
    }

    public WireWriter UInt32(uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, value);
        _bytes.AddRange(buffer.ToArray());
        return this;
    }

    public WireWriter UInt64(ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
        _bytes.AddRange(buffer.ToArray());
        return this;
    }

    public WireWriter Int64(long value) => UInt64(unchecked((ulong)value));

    public WireWriter Address(string hex) => Bytes(hex.HexToByteArray(), 20);

    public WireWriter UInt256(BigInteger value)
    {
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var word = new byte[32];
        raw.CopyTo(word, 32 - raw.Length);
        return Bytes(word, 32);
    }

    public WireWriter Bytes(byte[] value, int expectedLength)
    {
        if (value.Length != expectedLength)
        {
            throw new ArgumentException($"Expected {expectedLength} bytes, got {value.Length}.");
        }

        _bytes.AddRange(value);
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();
}
