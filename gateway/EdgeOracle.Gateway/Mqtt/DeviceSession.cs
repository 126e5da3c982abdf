using System;
using System.Buffers.Binary;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Pipeline;
using EdgeOracle.Gateway.Protocol;

namespace EdgeOracle.Gateway.Mqtt;

/// <summary>
/// One device's connection to the <see cref="DeviceEndpoint"/>. A single loop reads packets from the socket and, for a
/// publish, awaits the pipeline (so the message is stored or refused) and then sends the PUBACK and the 43-byte ack in
/// one write. The receive buffer starts small and grows only up to the largest packet allowed, so an idle device costs
/// a few kilobytes.
/// </summary>
public sealed class DeviceSession
{
    private const byte Connect = 1, Publish = 3, PubAck = 4, Subscribe = 8, Unsubscribe = 10, PingReq = 12, Disconnect = 14;
    private static readonly byte[] PingResponse = [0xD0, 0x00];

    private readonly DeviceEndpoint _endpoint;
    private readonly Socket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly MqttPacketBuffer _buffer = new();
    private byte[]? _out;
    private byte[]? _lastTopic;
    private string _lastTopicText = string.Empty;
    private byte[]? _ackTopic;
    private bool _sendReasonStrings = true;
    private int _clientMaxPacket = int.MaxValue;
    private int _closed;

    internal DeviceSession(DeviceEndpoint endpoint, Socket socket)
    {
        _endpoint = endpoint;
        _socket = socket;
        LastActivity = Environment.TickCount64;
    }

    /// <summary>The client id from CONNECT (empty before).</summary>
    public string ClientId { get; private set; } = string.Empty;

    /// <summary>The device the client id names, when it is an address.</summary>
    public Address? Device { get; private set; }

    /// <summary>Whether CONNECT was accepted.</summary>
    public bool IsConnected { get; private set; }

    /// <summary>Keep-alive in seconds the client asked for (0: none).</summary>
    internal int KeepAliveSeconds { get; private set; }

    /// <summary><see cref="Environment.TickCount64"/> of the last packet received.</summary>
    internal long LastActivity { get; private set; }

    /// <summary>Reads and answers packets until the connection ends.</summary>
    internal async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await ConnectAsync(stopping).ConfigureAwait(false);
            while (IsConnected)
            {
                var (header, body) = await ReadPacketAsync(stopping).ConfigureAwait(false);
                switch (header >> 4)
                {
                    case Publish:
                        await OnPublishAsync(header, body, stopping).ConfigureAwait(false);
                        break;
                    case PubAck:
                        break;   // answers to nothing: this endpoint publishes at QoS 0
                    case Subscribe:
                        await OnSubscribeAsync(header, body, stopping).ConfigureAwait(false);
                        break;
                    case Unsubscribe:
                        await OnUnsubscribeAsync(header, body, stopping).ConfigureAwait(false);
                        break;
                    case PingReq:
                        await SendAsync(PingResponse, stopping).ConfigureAwait(false);
                        break;
                    case Disconnect:
                        return;
                    default:
                        throw new MqttProtocolException(MqttWire.ProtocolError, $"packet type {header >> 4} is not accepted here");
                }
            }
        }
        catch (MqttProtocolException exception)
        {
            _endpoint.LogProtocolError(ClientId, exception);
            await TrySendDisconnectAsync(exception.ReasonCode, exception.Message).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The device went away, was taken over, timed out, or the gateway is stopping.
        }
        finally
        {
            Close();
            _endpoint.Remove(this);
        }
    }

    /// <summary>Closes the connection (keep-alive timeout, session takeover, shutdown); the loop then ends.</summary>
    internal void Close(byte? reason = null)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        if (reason is { } code && IsConnected)
        {
            // Best effort and never blocking: the socket is closed right after.
            var packet = new byte[] { 0xE0, 0x01, code };
            try
            {
                _socket.SendTimeout = 100;
                _socket.Send(packet, SocketFlags.None);
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }

        _socket.Dispose();
    }

    /// <summary>Sends an ack produced for this device by a message that arrived elsewhere.</summary>
    internal bool QueueAck(byte[] ack)
    {
        if (_ackTopic is null || Volatile.Read(ref _closed) != 0)
        {
            return false;
        }

        _ = SendForeignAckAsync(ack);
        return true;
    }

    private async Task SendForeignAckAsync(byte[] ack)
    {
        var packet = new byte[8 + _ackTopic!.Length + ack.Length];
        var length = WriteAck(packet, ack);
        try
        {
            await SendAsync(packet.AsMemory(0, length), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            // Gone: the device re-sends and is answered Duplicate.
        }
    }

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

    private async Task OnPublishAsync(byte header, ReadOnlyMemory<byte> body, CancellationToken stopping)
    {
        var qos = (header >> 1) & 0x03;
        if (qos == 3)
        {
            throw MqttWire.Malformed("QoS 3");
        }

        if (qos == 2)
        {
            throw new MqttProtocolException(MqttWire.QosNotSupported, "QoS 2 is not supported; publish at QoS 1");
        }

        if ((header & 0x01) != 0)
        {
            throw new MqttProtocolException(MqttWire.RetainNotSupported, "retained messages are not supported");
        }

        var (topic, packetId, payload) = ParsePublish(body, qos);
        ReasonCode reason;
        string detail;
        PipelineOutcome? outcome = null;
        if (!Topics.TrySplit(topic, out _, out var leaf) || Topics.KindOf(leaf) == MessageKind.Unknown)
        {
            (reason, detail) = (ReasonCode.NotAuthorized, "the device endpoint takes only eo/v1/{device}/obs and /pay; use the broker port");
        }
        else if (!_endpoint.RateLimiter.TryAcquire(ClientId))
        {
            (reason, detail) = (ReasonCode.RateLimited, _endpoint.RateLimitDetail);
        }
        else
        {
            outcome = await _endpoint.Pipeline.ProcessAsync(new IngressMessage(topic, payload, ClientId), stopping).ConfigureAwait(false);
            (reason, detail) = (outcome.Reason, outcome.Detail);
        }

        // The PUBACK and this device's ack go out in one write; an ack for another device goes to wherever it is connected.
        var forThisDevice = outcome is { AckDevice: { } ackDevice } && ackDevice == Device;
        var ownAck = forThisDevice && _ackTopic is not null;
        var length = 0;
        var output = Output();
        if (qos == 1)
        {
            length = WritePubAck(output, packetId, reason, detail);
        }

        if (ownAck)
        {
            length += WriteAck(output.AsSpan(length), outcome!.ToAcknowledgement());
        }

        if (length > 0)
        {
            await SendAsync(output.AsMemory(0, length), stopping).ConfigureAwait(false);
        }

        if (outcome is { AckDevice: not null } && (!forThisDevice || _endpoint.HasAckMonitors))
        {
            await _endpoint.PublishElsewhereAsync(outcome, deliveredToDevice: forThisDevice).ConfigureAwait(false);
        }
    }

    private (string Topic, ushort PacketId, ReadOnlyMemory<byte> Payload) ParsePublish(ReadOnlyMemory<byte> body, int qos)
    {
        var reader = new MqttWire.Reader(body.Span);
        var topicBytes = reader.Field();
        var topic = TopicText(topicBytes);
        ushort packetId = 0;
        if (qos > 0)
        {
            packetId = reader.UInt16();
            if (packetId == 0)
            {
                throw MqttWire.Malformed("packet identifier 0");
            }
        }

        MqttWire.ReadProperties(ref reader, static (byte id, ref MqttWire.Reader _) =>
            id == MqttWire.PropertyTopicAlias
                ? throw new MqttProtocolException(MqttWire.TopicAliasInvalid, "topic aliases are not supported")
                : false);
        return (topic, packetId, body[^reader.Remaining..]);
    }

    // Devices publish on the same topic over and over: keep its string rather than decode it every time.
    private string TopicText(ReadOnlySpan<byte> bytes)
    {
        if (_lastTopic is { } last && bytes.SequenceEqual(last))
        {
            return _lastTopicText;
        }

        if (bytes.IsEmpty || bytes.IndexOfAny((byte)'+', (byte)'#') >= 0)
        {
            throw new MqttProtocolException(MqttWire.ProtocolError, "a topic name must not be empty or contain wildcards");
        }

        string text;
        try
        {
            text = MqttWire.Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw MqttWire.Malformed("the topic is not valid UTF-8");
        }

        _lastTopic = bytes.ToArray();
        _lastTopicText = text;
        return text;
    }

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
        at += WriteReasonString(packet.AsSpan(at), reasonBytes);
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
        at += MqttWire.WriteVarInt(packet.AsSpan(at), propertyLength);
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

    // PUBACK with the MQTT reason code and the protocol reason as reason string (when the client wants reason strings
    // and the packet stays within its maximum packet size).
    private int WritePubAck(Span<byte> output, ushort packetId, ReasonCode reason, string detail)
    {
        var code = (byte)MqttReasonMapping.ToPubAck(reason);
        Span<byte> text = stackalloc byte[200];
        var textLength = 0;
        if (_sendReasonStrings)
        {
            var full = MqttReasonMapping.ToReasonString(reason, detail);
            textLength = Encoding.UTF8.GetMaxByteCount(full.Length) <= text.Length
                ? Encoding.UTF8.GetBytes(full, text)
                : Encoding.UTF8.GetBytes(full.AsSpan(0, Math.Min(full.Length, text.Length / 3)), text);
        }

        var properties = textLength == 0 ? 0 : 3 + textLength;
        var remaining = 3 + MqttWire.VarIntSize(properties) + properties;
        if (1 + MqttWire.VarIntSize(remaining) + remaining > _clientMaxPacket)
        {
            textLength = 0;
            properties = 0;
            remaining = 4;
        }

        var at = MqttWire.WriteFixedHeader(output, 0x40, remaining);
        BinaryPrimitives.WriteUInt16BigEndian(output[at..], packetId);
        at += 2;
        output[at++] = code;
        return at + WriteReasonString(output[at..], text[..textLength]);
    }

    private static int WriteReasonString(Span<byte> output, ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            output[0] = 0;
            return 1;
        }

        var at = MqttWire.WriteVarInt(output, 3 + text.Length);
        output[at++] = MqttWire.PropertyReasonString;
        BinaryPrimitives.WriteUInt16BigEndian(output[at..], (ushort)text.Length);
        text.CopyTo(output[(at + 2)..]);
        return at + 2 + text.Length;
    }

    // The ack as a QoS 0 PUBLISH on eo/v1/{device}/ack.
    private int WriteAck(Span<byte> output, Acknowledgement ack)
    {
        Span<byte> payload = stackalloc byte[WireFormat.AcknowledgementSize];
        payload[0] = WireFormat.Version;
        payload[1] = (byte)ack.Kind;
        BinaryPrimitives.WriteUInt64BigEndian(payload[2..], ack.Sequence);
        payload[10] = (byte)ack.Reason;
        ack.Digest.CopyTo(payload[11..]);
        return WriteAck(output, payload);
    }

    private int WriteAck(Span<byte> output, ReadOnlySpan<byte> payload)
    {
        var topic = _ackTopic!;
        var remaining = 2 + topic.Length + 1 + payload.Length;
        var at = MqttWire.WriteFixedHeader(output, 0x30, remaining);
        BinaryPrimitives.WriteUInt16BigEndian(output[at..], (ushort)topic.Length);
        topic.CopyTo(output[(at + 2)..]);
        at += 2 + topic.Length;
        output[at++] = 0;   // no properties
        payload.CopyTo(output[at..]);
        return at + payload.Length;
    }

    private byte[] Output() => _out ??= new byte[512];

    private async ValueTask SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!packet.IsEmpty)
            {
                var sent = await _socket.SendAsync(packet, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                packet = packet[sent..];
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task TrySendDisconnectAsync(byte reasonCode, string reason)
    {
        if (!IsConnected)
        {
            return;
        }

        var text = _sendReasonStrings ? Encoding.UTF8.GetBytes(reason.Length > 120 ? reason[..120] : reason) : [];
        var properties = text.Length == 0 ? 0 : 3 + text.Length;
        var remaining = 1 + MqttWire.VarIntSize(properties) + properties;
        var packet = new byte[5 + remaining];
        var at = MqttWire.WriteFixedHeader(packet, 0xE0, remaining);
        packet[at++] = reasonCode;
        at += WriteReasonString(packet.AsSpan(at), text);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await SendAsync(packet.AsMemory(0, at), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    // The next whole packet: its first byte and its body, valid until the next read.
    private async ValueTask<(byte Header, ReadOnlyMemory<byte> Body)> ReadPacketAsync(CancellationToken cancellationToken)
    {
        byte header;
        ReadOnlyMemory<byte> body;
        while (!_buffer.TryTake(_endpoint.MaxPacketSize, out header, out body))
        {
            var read = await _socket.ReceiveAsync(_buffer.FreeSpace(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the device closed the connection");
            }

            _buffer.Advance(read);
        }

        LastActivity = Environment.TickCount64;
        return (header, body);
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
