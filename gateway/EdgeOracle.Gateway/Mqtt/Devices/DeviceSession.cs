using System;
using System.IO;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Mqtt.Codec;

namespace EdgeOracle.Gateway.Mqtt.Devices;

/// <summary>
/// One device's connection to the <see cref="DeviceEndpoint"/>. A single loop reads packets from the socket and, for a
/// publish, awaits the pipeline (so the message is stored or refused) and then sends the PUBACK and the 43-byte ack in
/// one write. The receive buffer starts small and grows only up to the largest packet allowed, so an idle device costs
/// a few kilobytes.
/// </summary>
public sealed partial class DeviceSession
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
    private ReasonCode _lastReason;
    private string? _lastReasonDetail;
    private byte[]? _lastReasonText;
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
        // Read once: the session's own loop may unsubscribe meanwhile.
        if (Volatile.Read(ref _ackTopic) is not { } topic || Volatile.Read(ref _closed) != 0)
        {
            return false;
        }

        _ = SendForeignAckAsync(topic, ack);
        return true;
    }

    private async Task SendForeignAckAsync(byte[] topic, byte[] ack)
    {
        var packet = new byte[8 + topic.Length + ack.Length];
        var length = MqttWire.WriteQos0Publish(packet, topic, ack);
        try
        {
            await SendAsync(packet.AsMemory(0, length), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            // Gone: the device re-sends and is answered Duplicate.
        }
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
        at += MqttWire.WriteReasonString(packet.AsSpan(at), text);
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
    // Pooled: a device's next packet is usually not there yet when this is called, so it waits.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
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
}
