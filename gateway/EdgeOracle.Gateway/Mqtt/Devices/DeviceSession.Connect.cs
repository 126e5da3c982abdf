using System;
using System.Buffers.Binary;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol.Mqtt;
using EdgeOracle.Gateway.Mqtt.Codec;

namespace EdgeOracle.Gateway.Mqtt.Devices;

/// <summary>CONNECT and CONNACK.</summary>
public sealed partial class DeviceSession
{
    private async Task ConnectAsync(CancellationToken stopping)
    {
        var (header, body) = await ReadPacketAsync(stopping).ConfigureAwait(false);
        if (header != Connect << 4)
        {
            throw new MqttProtocolException(MqttWire.ProtocolError, "the first packet must be CONNECT");
        }

        var request = ParseConnect(body.Span, out var protocolLevel);
        if (request is null)
        {
            // An MQTT 3.1.1 client reads this as CONNACK "unacceptable protocol version"; MQTT 5 is required (PROTOCOL.md §6).
            await SendAsync(new byte[] { 0x20, 0x02, 0x00, protocolLevel == 4 ? (byte)0x01 : MqttWire.UnsupportedProtocolVersion }, stopping)
                .ConfigureAwait(false);
            return;
        }

        ClientId = request.ClientId;
        KeepAliveSeconds = request.KeepAlive;
        _sendReasonStrings = request.RequestProblemInformation;
        _clientMaxPacket = request.MaximumPacketSize;
        var refusal = request.Refusal ?? await _endpoint.CheckConnectAsync(request, stopping).ConfigureAwait(false);
        if (refusal is { } refused)
        {
            await SendAsync(ConnAck(refused.Code, refused.Reason), stopping).ConfigureAwait(false);
            _endpoint.LogConnectionRefused(ClientId, refused.Reason);
            return;
        }

        if (Topics.TryParseDevice(ClientId, out var device))
        {
            Device = device;
        }

        IsConnected = true;
        _endpoint.Register(this);
        await SendAsync(ConnAck(0, null), stopping).ConfigureAwait(false);
    }

    private static ConnectRequest? ParseConnect(ReadOnlySpan<byte> body, out byte protocolLevel)
    {
        var reader = new MqttWire.Reader(body);
        if (!reader.Field().SequenceEqual("MQTT"u8))
        {
            throw new MqttProtocolException(MqttWire.ProtocolError, "not an MQTT CONNECT");
        }

        protocolLevel = reader.Byte();
        if (protocolLevel != 5)
        {
            return null;
        }

        var flags = reader.Byte();
        if ((flags & 0x01) != 0)
        {
            throw MqttWire.Malformed("reserved connect flag set");
        }

        var request = new ConnectRequest { KeepAlive = reader.UInt16(), RequestProblemInformation = true, MaximumPacketSize = int.MaxValue };
        MqttWire.ReadProperties(ref reader, (byte id, ref MqttWire.Reader r) =>
        {
            switch (id)
            {
                case MqttWire.PropertyRequestProblemInformation:
                    request.RequestProblemInformation = r.Byte() != 0;
                    return true;
                case MqttWire.PropertyMaximumPacketSize:
                    request.MaximumPacketSize = (int)Math.Min(int.MaxValue, r.UInt32());
                    return true;
                case MqttWire.PropertyAuthenticationMethod:
                    request.Refusal = (MqttWire.BadAuthenticationMethod, "enhanced authentication is not supported; use the device credential (PROTOCOL.md §6.1)");
                    return false;
                default:
                    return false;
            }
        });

        request.ClientId = reader.String();
        if ((flags & 0x04) != 0)
        {
            request.Refusal ??= (MqttWire.ImplementationSpecificError, "the device endpoint does not keep will messages; use the broker port");
            MqttWire.ReadProperties(ref reader, static (byte _, ref MqttWire.Reader _) => false);
            reader.Field();
            reader.Field();
        }

        if ((flags & 0x80) != 0)
        {
            request.UserName = reader.String();
        }

        if ((flags & 0x40) != 0)
        {
            request.Password = reader.Field().ToArray();
        }

        if (request.ClientId.Length == 0)
        {
            request.Refusal ??= (MqttWire.ClientIdNotValid, "a device connects with its address as client id");
        }

        return request;
    }

    private byte[] ConnAck(byte reasonCode, string? reason)
    {
        Span<byte> properties = stackalloc byte[32];
        var n = 0;
        if (reasonCode == 0)
        {
            properties[n++] = MqttWire.PropertyMaximumQos;
            properties[n++] = 1;
            properties[n++] = MqttWire.PropertyRetainAvailable;
            properties[n++] = 0;
            properties[n++] = MqttWire.PropertyWildcardAvailable;
            properties[n++] = 0;
            properties[n++] = MqttWire.PropertySubscriptionIdentifiersAvailable;
            properties[n++] = 0;
            properties[n++] = MqttWire.PropertySharedAvailable;
            properties[n++] = 0;
            properties[n++] = MqttWire.PropertyMaximumPacketSize;
            BinaryPrimitives.WriteUInt32BigEndian(properties[n..], (uint)_endpoint.MaxPacketSize);
            n += 4;
        }

        var reasonBytes = reason is null ? [] : Encoding.UTF8.GetBytes(reason);
        var propertyLength = n + (reasonBytes.Length == 0 ? 0 : 3 + reasonBytes.Length);
        var remaining = 2 + MqttWire.VarIntSize(propertyLength) + propertyLength;
        var packet = new byte[5 + remaining];
        var at = MqttWire.WriteFixedHeader(packet, 0x20, remaining);
        packet[at++] = 0;   // no session present: sessions are not kept
        packet[at++] = reasonCode;
        at += MqttEncoding.WriteVarInt(packet.AsSpan(at), propertyLength);
        properties[..n].CopyTo(packet.AsSpan(at));
        at += n;
        if (reasonBytes.Length > 0)
        {
            packet[at++] = MqttWire.PropertyReasonString;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), (ushort)reasonBytes.Length);
            reasonBytes.CopyTo(packet, at + 2);
            at += 2 + reasonBytes.Length;
        }

        return packet.AsSpan(0, at).ToArray();
    }

    /// <summary>What a CONNECT asked for.</summary>
    internal sealed class ConnectRequest
    {
        public string ClientId { get; set; } = string.Empty;

        public string? UserName { get; set; }

        public byte[] Password { get; set; } = [];

        public ushort KeepAlive { get; set; }

        public bool RequestProblemInformation { get; set; }

        public int MaximumPacketSize { get; set; }

        public (byte Code, string Reason)? Refusal { get; set; }
    }
}
