using System;
using System.Buffers.Binary;
using System.Text;

namespace EdgeOracle.Gateway.Mqtt.Codec;

/// <summary>The MQTT 5 wire primitives the device endpoint reads and writes (OASIS MQTT 5.0 §1.5, §2.1–2.2).</summary>
internal static class MqttWire
{
    public const byte MalformedPacket = 0x81, ProtocolError = 0x82, PacketTooLarge = 0x95, RetainNotSupported = 0x9A,
        QosNotSupported = 0x9B, TopicAliasInvalid = 0x94, NotAuthorized = 0x87, KeepAliveTimeout = 0x8D, SessionTakenOver = 0x8E,
        ServerShuttingDown = 0x8B, ClientIdNotValid = 0x85, BadAuthenticationMethod = 0x8C, UnsupportedProtocolVersion = 0x84,
        ImplementationSpecificError = 0x83;

    /// <summary>Property identifiers this endpoint reads or writes.</summary>
    public const byte PropertyRequestProblemInformation = 0x17, PropertyMaximumPacketSize = 0x27, PropertyReasonString = 0x1F,
        PropertyTopicAlias = 0x23, PropertyAuthenticationMethod = 0x15, PropertyMaximumQos = 0x24, PropertyRetainAvailable = 0x25,
        PropertyWildcardAvailable = 0x28, PropertySubscriptionIdentifiersAvailable = 0x29, PropertySharedAvailable = 0x2A;

    /// <summary>Length of a variable byte integer.</summary>
    public static int VarIntSize(int value) => value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;

    /// <summary>Writes a fixed header (type and flags, remaining length); returns its length.</summary>
    public static int WriteFixedHeader(Span<byte> destination, byte typeAndFlags, int remainingLength)
    {
        destination[0] = typeAndFlags;
        return 1 + MqttEncoding.WriteVarInt(destination[1..], remainingLength);
    }

    /// <summary>
    /// Writes the reason string property block (MQTT 5 §3.4.2.2.2) of <paramref name="text"/>, or an empty property block
    /// when it is empty; returns its length.
    /// </summary>
    public static int WriteReasonString(Span<byte> output, ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            output[0] = 0;
            return 1;
        }

        var at = MqttEncoding.WriteVarInt(output, 3 + text.Length);
        output[at++] = PropertyReasonString;
        BinaryPrimitives.WriteUInt16BigEndian(output[at..], (ushort)text.Length);
        text.CopyTo(output[(at + 2)..]);
        return at + 2 + text.Length;
    }

    /// <summary>Writes a QoS 0 PUBLISH of <paramref name="payload"/> on <paramref name="topic"/> (ASCII) without properties; returns its length.</summary>
    public static int WriteQos0Publish(Span<byte> output, ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload)
    {
        var remaining = 2 + topic.Length + 1 + payload.Length;
        var at = WriteFixedHeader(output, 0x30, remaining);
        BinaryPrimitives.WriteUInt16BigEndian(output[at..], (ushort)topic.Length);
        topic.CopyTo(output[(at + 2)..]);
        at += 2 + topic.Length;
        output[at++] = 0;   // no properties
        payload.CopyTo(output[at..]);
        return at + payload.Length;
    }

    /// <summary>A cursor over a packet body that throws <see cref="MqttProtocolException"/> on anything malformed.</summary>
    public ref struct Reader(ReadOnlySpan<byte> body)
    {
        private readonly ReadOnlySpan<byte> _body = body;
        private int _at;

        public readonly int Remaining => _body.Length - _at;

        public readonly ReadOnlySpan<byte> Rest => _body[_at..];

        public byte Byte() => _at < _body.Length ? _body[_at++] : throw Malformed("packet ends early");

        public ushort UInt16()
        {
            Need(2);
            var value = BinaryPrimitives.ReadUInt16BigEndian(_body[_at..]);
            _at += 2;
            return value;
        }

        public uint UInt32()
        {
            Need(4);
            var value = BinaryPrimitives.ReadUInt32BigEndian(_body[_at..]);
            _at += 4;
            return value;
        }

        public int VarInt()
        {
            var value = 0;
            for (var i = 0; i < 4; i++)
            {
                var b = Byte();
                value |= (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw Malformed("variable byte integer longer than 4 bytes");
        }

        /// <summary>A two-byte-length-prefixed field (UTF-8 string or binary data), as raw bytes.</summary>
        public ReadOnlySpan<byte> Field()
        {
            var length = UInt16();
            Need(length);
            var field = _body.Slice(_at, length);
            _at += length;
            return field;
        }

        public string String()
        {
            var bytes = Field();
            try
            {
                return Strict.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw Malformed("a string is not valid UTF-8");
            }
        }

        public void Skip(int count)
        {
            Need(count);
            _at += count;
        }

        private readonly void Need(int count)
        {
            if (_body.Length - _at < count)
            {
                throw Malformed("packet ends early");
            }
        }
    }

    /// <summary>Strict UTF-8: invalid sequences throw instead of becoming U+FFFD.</summary>
    public static readonly Encoding Strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static MqttProtocolException Malformed(string message) => new(MalformedPacket, message);

    /// <summary>
    /// Reads a property block, handing each property identifier to <paramref name="onProperty"/> with the reader placed on
    /// its value; the callback consumes the values it cares about and returns false for the rest, which are skipped by type.
    /// </summary>
    public static void ReadProperties(ref Reader reader, PropertyVisitor onProperty)
    {
        var length = reader.VarInt();
        if (length > reader.Remaining)
        {
            throw Malformed("property length beyond the packet");
        }

        var end = reader.Remaining - length;
        while (reader.Remaining > end)
        {
            var id = (byte)reader.VarInt();
            if (!onProperty(id, ref reader))
            {
                SkipProperty(ref reader, id);
            }
        }

        if (reader.Remaining != end)
        {
            throw Malformed("a property runs past the property block");
        }
    }

    /// <summary>Called for each property; returns true when it consumed the value.</summary>
    public delegate bool PropertyVisitor(byte id, ref Reader reader);

    private static void SkipProperty(ref Reader reader, byte id)
    {
        switch (id)
        {
            case 0x01 or 0x17 or 0x19 or 0x24 or 0x25 or 0x28 or 0x29 or 0x2A:
                reader.Skip(1);
                break;
            case 0x13 or 0x21 or 0x22 or 0x23:
                reader.Skip(2);
                break;
            case 0x02 or 0x11 or 0x18 or 0x27:
                reader.Skip(4);
                break;
            case 0x0B:
                reader.VarInt();
                break;
            case 0x03 or 0x08 or 0x09 or 0x12 or 0x15 or 0x16 or 0x1A or 0x1C or 0x1F:
                reader.Field();
                break;
            case 0x26:
                reader.Field();
                reader.Field();
                break;
            default:
                throw Malformed($"unknown property 0x{id:x2}");
        }
    }
}
