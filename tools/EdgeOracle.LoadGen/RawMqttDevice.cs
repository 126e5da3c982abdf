using System;
using System.Buffers.Binary;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Mqtt.Codec;

namespace EdgeOracle.LoadGen;

/// <summary>
/// A device's MQTT 5 connection written straight on a socket, for the timed phase: the publish packet is encoded once
/// per message into a reused buffer and the answers are parsed in place, so the load generator spends a few
/// microseconds per message instead of a general client's tens (it shares the machine with the gateway it measures).
/// It speaks just what a device needs: CONNECT (optionally with the credential of PROTOCOL.md §6.1), SUBSCRIBE to its
/// ack topic, QoS 1 PUBLISH with one in flight, PUBACK to the gateway's QoS 1 acks, DISCONNECT.
/// </summary>
public sealed class RawMqttDevice : IAsyncDisposable
{
    private const byte Connect = 0x10, ConnAck = 0x20, Publish = 0x30, PubAck = 0x40, Subscribe = 0x82, SubAck = 0x90, Disconnect = 0xE0;

    private readonly Socket _socket;
    private readonly byte[] _topic;
    private readonly MqttPacketBuffer _receive = new();
    private readonly byte[] _send = new byte[1024];
    private readonly byte[] _pubAck = new byte[4];
    private ushort _packetId;

    private RawMqttDevice(Socket socket, string topic)
    {
        _socket = socket;
        _topic = Encoding.UTF8.GetBytes(topic);
    }

    /// <summary>Acks received on the device's ack topic so far.</summary>
    public long AcksReceived { get; private set; }

    /// <summary>Connects <paramref name="clientId"/>, optionally authenticated, and subscribes to its ack topic if asked.</summary>
    public static async Task<RawMqttDevice> ConnectAsync(
        string host, int port, string clientId, string topic, bool subscribeAcks, (string UserName, byte[] Password)? credential,
        CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var device = new RawMqttDevice(socket, topic);
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            await device.SendAsync(ConnectPacket(clientId, credential), cancellationToken).ConfigureAwait(false);
            var (type, body) = await device.ReadPacketAsync(cancellationToken).ConfigureAwait(false);
            if (type != ConnAck || body.Length < 2 || body.Span[1] != 0)
            {
                throw new IOException($"{clientId}: CONNECT refused (packet 0x{type:x2}, reason 0x{(body.Length > 1 ? body.Span[1] : 0xff):x2})");
            }

            if (subscribeAcks)
            {
                await device.SendAsync(SubscribePacket($"eo/v1/{clientId}/ack"), cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    (type, body) = await device.ReadPacketAsync(cancellationToken).ConfigureAwait(false);
                    if (type == SubAck)
                    {
                        break;
                    }
                }

                if (body.Span[^1] >= 0x80)
                {
                    throw new IOException($"{clientId}: SUBSCRIBE refused (reason 0x{body.Span[^1]:x2})");
                }
            }

            return device;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Publishes <paramref name="payload"/> at QoS 1 and returns the PUBACK's reason code once it arrives (0 = success),
    /// answering any ack the gateway publishes meanwhile.
    /// </summary>
    public async ValueTask<byte> PublishAsync(byte[] payload, CancellationToken cancellationToken)
    {
        _packetId = (ushort)(_packetId == ushort.MaxValue ? 1 : _packetId + 1);
        var remaining = 2 + _topic.Length + 2 + 1 + payload.Length;
        var at = 0;
        _send[at++] = Publish | 0x02;
        at += MqttEncoding.WriteVarInt(_send.AsSpan(at), remaining);
        BinaryPrimitives.WriteUInt16BigEndian(_send.AsSpan(at), (ushort)_topic.Length);
        at += 2;
        _topic.CopyTo(_send, at);
        at += _topic.Length;
        BinaryPrimitives.WriteUInt16BigEndian(_send.AsSpan(at), _packetId);
        at += 2;
        _send[at++] = 0;   // no properties
        payload.CopyTo(_send, at);
        at += payload.Length;
        await SendAsync(_send.AsMemory(0, at), cancellationToken).ConfigureAwait(false);

        while (true)
        {
            var (type, body) = await ReadPacketAsync(cancellationToken).ConfigureAwait(false);
            switch (type & 0xF0)
            {
                case PubAck when body.Length >= 2 && BinaryPrimitives.ReadUInt16BigEndian(body.Span) == _packetId:
                    return body.Length > 2 ? body.Span[2] : (byte)0;
                case Publish:
                    await OnAckAsync(type, body, cancellationToken).ConfigureAwait(false);
                    break;
                case Disconnect:
                    throw new IOException($"the gateway disconnected (reason 0x{(body.Length > 0 ? body.Span[0] : 0):x2})");
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _socket.SendAsync(new byte[] { Disconnect, 0 }, SocketFlags.None).ConfigureAwait(false);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
    }

    private async ValueTask OnAckAsync(byte type, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        AcksReceived++;
        if ((type & 0x06) == 0)
        {
            return;   // QoS 0: nothing to answer
        }

        var topicLength = BinaryPrimitives.ReadUInt16BigEndian(body.Span);
        body.Span.Slice(2 + topicLength, 2).CopyTo(_pubAck.AsSpan(2));
        _pubAck[0] = PubAck;
        _pubAck[1] = 2;
        await SendAsync(_pubAck, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        while (!packet.IsEmpty)
        {
            var sent = await _socket.SendAsync(packet, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            packet = packet[sent..];
        }
    }

    // The next whole packet: its first byte and its body (valid until the next read).
    private async ValueTask<(byte Type, ReadOnlyMemory<byte> Body)> ReadPacketAsync(CancellationToken cancellationToken)
    {
        byte header;
        ReadOnlyMemory<byte> body;
        while (!_receive.TryTake(64 * 1024, out header, out body))
        {
            var read = await _socket.ReceiveAsync(_receive.FreeSpace(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the gateway closed the connection");
            }

            _receive.Advance(read);
        }

        return (header, body);
    }

    private static byte[] ConnectPacket(string clientId, (string UserName, byte[] Password)? credential)
    {
        using var body = new MemoryStream();
        body.Write([0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5]);
        body.WriteByte((byte)(0x02 | (credential is null ? 0 : 0xC0)));   // clean start, user name + password
        body.Write([0, 120, 0]);                                           // keep alive 120 s, no properties
        WriteString(body, Encoding.UTF8.GetBytes(clientId));
        if (credential is { } c)
        {
            WriteString(body, Encoding.UTF8.GetBytes(c.UserName));
            WriteString(body, c.Password);
        }

        return Frame(Connect, body.ToArray());
    }

    private static byte[] SubscribePacket(string filter)
    {
        using var body = new MemoryStream();
        body.Write([0, 1, 0]);   // packet id 1, no properties
        WriteString(body, Encoding.UTF8.GetBytes(filter));
        body.WriteByte(0x01);    // QoS 1
        return Frame(Subscribe, body.ToArray());
    }

    private static void WriteString(Stream stream, byte[] bytes)
    {
        stream.WriteByte((byte)(bytes.Length >> 8));
        stream.WriteByte((byte)bytes.Length);
        stream.Write(bytes);
    }

    private static byte[] Frame(byte type, byte[] body)
    {
        var header = new byte[5];
        header[0] = type;
        var n = 1 + MqttEncoding.WriteVarInt(header.AsSpan(1), body.Length);
        var packet = new byte[n + body.Length];
        header.AsSpan(0, n).CopyTo(packet);
        body.CopyTo(packet, n);
        return packet;
    }
}
