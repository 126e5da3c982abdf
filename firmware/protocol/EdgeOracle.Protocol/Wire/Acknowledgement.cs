using System;
using System.Buffers.Binary;

namespace EdgeOracle.Protocol.Wire;

/// <summary>The 43-byte acknowledgement of PROTOCOL.md §4 that the gateway publishes on <c>eo/v1/{device}/ack</c>.</summary>
public readonly record struct Acknowledgement(MessageKind Kind, ulong Sequence, ReasonCode Reason, Bytes32 Digest)
{
    /// <summary>Encodes the acknowledgement into a new 43-byte array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[WireFormat.AcknowledgementSize];
        bytes[0] = WireFormat.Version;
        bytes[1] = (byte)Kind;
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(2), Sequence);
        bytes[10] = (byte)Reason;
        Digest.CopyTo(bytes.AsSpan(11));
        return bytes;
    }

    /// <summary>Reads an acknowledgement (as a device would).</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out Acknowledgement acknowledgement)
    {
        acknowledgement = default;
        if (bytes.Length != WireFormat.AcknowledgementSize || bytes[0] != WireFormat.Version)
        {
            return false;
        }

        acknowledgement = new Acknowledgement(
            (MessageKind)bytes[1],
            BinaryPrimitives.ReadUInt64BigEndian(bytes[2..]),
            (ReasonCode)bytes[10],
            new Bytes32(bytes.Slice(11, 32)));
        return true;
    }
}
