using System;
using System.Buffers.Binary;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol.Mqtt;
using EdgeOracle.Gateway.Mqtt.Codec;

namespace EdgeOracle.Gateway.Mqtt.Devices;

/// <summary>SUBSCRIBE and UNSUBSCRIBE: only the device's own ack topic.</summary>
public sealed partial class DeviceSession
{
    private async Task OnSubscribeAsync(byte header, ReadOnlyMemory<byte> body, CancellationToken stopping)
    {
        if ((header & 0x0F) != 0x02)
        {
            throw MqttWire.Malformed("SUBSCRIBE flags must be 0010");
        }

        var (packetId, granted, refusal) = ParseSubscribe(body.Span);
        var reasonBytes = refusal is not null && _sendReasonStrings ? Encoding.UTF8.GetBytes(refusal) : [];
        var properties = reasonBytes.Length == 0 ? 0 : 3 + reasonBytes.Length;
        var remaining = 2 + MqttWire.VarIntSize(properties) + properties + granted.Length;
        var packet = new byte[5 + remaining];
        var at = MqttWire.WriteFixedHeader(packet, 0x90, remaining);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), packetId);
        at += 2;
        at += MqttWire.WriteReasonString(packet.AsSpan(at), reasonBytes);
        granted.CopyTo(packet, at);
        await SendAsync(packet.AsMemory(0, at + granted.Length), stopping).ConfigureAwait(false);
    }

    private (ushort PacketId, byte[] Granted, string? Refusal) ParseSubscribe(ReadOnlySpan<byte> body)
    {
        var reader = new MqttWire.Reader(body);
        var packetId = reader.UInt16();
        MqttWire.ReadProperties(ref reader, static (byte _, ref MqttWire.Reader _) => false);
        var granted = new System.Collections.Generic.List<byte>();
        string? refusal = null;
        while (reader.Remaining > 0)
        {
            var filter = reader.String();
            var options = reader.Byte();
            if ((options & 0x03) == 3 || (options & 0xC0) != 0)
            {
                throw MqttWire.Malformed("bad subscription options");
            }

            if (Device is { } device && string.Equals(filter, Topics.Ack(device), StringComparison.Ordinal))
            {
                _ackTopic ??= Encoding.ASCII.GetBytes(filter);
                _endpoint.AckSessions.Add(device, this);
                granted.Add(0x00);   // acks are published at QoS 0 (PROTOCOL.md §6): a lost one is answered again on resend
            }
            else
            {
                granted.Add(MqttWire.NotAuthorized);
                refusal = "the device endpoint serves only eo/v1/{client id}/ack; other subscriptions go to the broker port";
            }
        }

        if (granted.Count == 0)
        {
            throw new MqttProtocolException(MqttWire.ProtocolError, "SUBSCRIBE without a topic filter");
        }

        return (packetId, granted.ToArray(), refusal);
    }

    private async Task OnUnsubscribeAsync(byte header, ReadOnlyMemory<byte> body, CancellationToken stopping)
    {
        if ((header & 0x0F) != 0x02)
        {
            throw MqttWire.Malformed("UNSUBSCRIBE flags must be 0010");
        }

        var (packetId, results) = ParseUnsubscribe(body.Span);
        var packet = new byte[5 + 3 + results.Length];
        var at = MqttWire.WriteFixedHeader(packet, 0xB0, 3 + results.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), packetId);
        packet[at + 2] = 0;   // no properties
        results.CopyTo(packet, at + 3);
        await SendAsync(packet.AsMemory(0, at + 3 + results.Length), stopping).ConfigureAwait(false);
    }

    private (ushort PacketId, byte[] Results) ParseUnsubscribe(ReadOnlySpan<byte> body)
    {
        var reader = new MqttWire.Reader(body);
        var packetId = reader.UInt16();
        MqttWire.ReadProperties(ref reader, static (byte _, ref MqttWire.Reader _) => false);
        var results = new System.Collections.Generic.List<byte>();
        while (reader.Remaining > 0)
        {
            var filter = reader.String();
            if (_ackTopic is not null && Device is { } device && string.Equals(filter, Topics.Ack(device), StringComparison.Ordinal))
            {
                _endpoint.AckSessions.Remove(device, this);
                _ackTopic = null;
                results.Add(0x00);
            }
            else
            {
                results.Add(0x11);   // no subscription existed
            }
        }

        return (packetId, results.ToArray());
    }
}
