using System;
using System.Buffers.Binary;

namespace EdgeOracle.Protocol.Eip712;

/// <summary>Writes static ABI words (32 bytes each) for EIP-712 struct hashing.</summary>
public ref struct AbiWordWriter(Span<byte> buffer)
{
    private Span<byte> _rest = buffer;

    /// <summary>A <c>bytes32</c> (or a raw <c>uint256</c> word) as is.</summary>
    public void Word(Bytes32 value) => value.CopyTo(Next());

    /// <summary>An address, left-padded with zeros.</summary>
    public void Address(Address value)
    {
        var word = Next();
        word[..12].Clear();
        value.CopyTo(word[12..]);
    }

    /// <summary>An unsigned integer, left-padded with zeros.</summary>
    public void UInt64(ulong value)
    {
        var word = Next();
        word[..24].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(word[24..], value);
    }

    /// <summary>A signed integer, sign-extended.</summary>
    public void Int64(long value)
    {
        var word = Next();
        word[..24].Fill(value < 0 ? (byte)0xff : (byte)0x00);
        BinaryPrimitives.WriteInt64BigEndian(word[24..], value);
    }

    private Span<byte> Next()
    {
        var word = _rest[..32];
        _rest = _rest[32..];
        return word;
    }
}
