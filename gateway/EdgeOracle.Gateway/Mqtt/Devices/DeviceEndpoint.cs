using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Ingress;
using EdgeOracle.Gateway.Mqtt.Codec;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Verification;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Mqtt.Devices;

/// <summary>
/// The device endpoint (<c>Mqtt:DevicePort</c>): MQTT 5 reduced to what a device does — CONNECT (with the credential
/// of PROTOCOL.md §6.1 when required), SUBSCRIBE to its own ack topic, PUBLISH observations and payments at QoS 0 or 1,
/// PINGREQ, DISCONNECT — served straight from the socket. Each publish runs through the pipeline on the connection's
/// own loop; the PUBACK (MQTT reason code and the protocol reason as reason string) and the 43-byte ack (QoS 0) leave
/// together in one write, only after the message was stored or refused. The same ACL, rate limit and size limits as
/// the embedded broker apply. Everything else (monitors, wildcard subscriptions, other topics, wills, retained
/// messages) is for the embedded broker on <c>Mqtt:Port</c>. The endpoint knows no other ingress: messages go in through
/// <see cref="IIngressSink"/>, and while it listens it is an <see cref="IAckDestination"/> there (its
/// <see cref="DeviceAckSessions"/>), so that acks of messages that came in elsewhere reach its devices.
/// </summary>
public sealed partial class DeviceEndpoint : IHostedService, IAsyncDisposable
{
    private readonly MqttOptions _options;
    private readonly ConnectCheck _connectCheck;
    private readonly ILogger<DeviceEndpoint> _logger;
    private readonly ConcurrentDictionary<DeviceSession, byte> _sessions = new();
    private readonly ConcurrentDictionary<string, DeviceSession> _byClientId = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Socket? _listener;
    private Task? _acceptLoop;
    private Timer? _sweep;

    /// <summary>
    /// Creates the endpoint; it listens from <see cref="StartAsync"/> on, unless <c>Mqtt:DevicePort</c> is -1 (the host
    /// does not start it at all when the gateway runs on an external broker).
    /// </summary>
    public DeviceEndpoint(
        IOptions<MqttOptions> options,
        IIngressSink sink,
        Deployment deployment,
        IDeviceRegistry registry,
        TimeProvider timeProvider,
        ILogger<DeviceEndpoint> logger)
    {
        _options = options.Value;
        Sink = sink;
        _connectCheck = new ConnectCheck(_options, deployment, registry, timeProvider);
        AckSessions = new DeviceAckSessions();
        _logger = logger;
        RateLimiter = new DeviceRateLimiter(_options.MaxPublishesPerSecond, _options.PublishBurst);
        RateLimitDetail = $"over {_options.MaxPublishesPerSecond} publishes per second";
        // The largest publish: the payload limit plus room for the topic, packet id and properties.
        MaxPacketSize = _options.MaxPayloadBytes + 512;
    }

    /// <summary>The port bound, or 0 before start and when the endpoint is off.</summary>
    public int Port { get; private set; }

    /// <summary>Connections open now (connected or still in CONNECT).</summary>
    public int ConnectionCount => _sessions.Count;

    internal IIngressSink Sink { get; }

    internal DeviceRateLimiter RateLimiter { get; }

    internal string RateLimitDetail { get; }

    internal DeviceAckSessions AckSessions { get; }

    internal int MaxPacketSize { get; }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.DevicePort < 0)
        {
            return Task.CompletedTask;
        }

        var address = IPAddress.Parse(_options.Host);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(address, _options.DevicePort));
            listener.Listen(4096);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync, CancellationToken.None);
        _sweep = new Timer(_ => Sweep(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Sink.AddAckDestination(AckSessions);
        Log.Listening(_logger, _options.Host, Port);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is not { } listener)
        {
            return;
        }

        _listener = null;
        Sink.RemoveAckDestination(AckSessions);
        await _stopping.CancelAsync().ConfigureAwait(false);
        listener.Dispose();
        if (_sweep is { } sweep)
        {
            await sweep.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var session in _sessions.Keys)
        {
            session.Close(MqttWire.ServerShuttingDown);
        }

        if (_acceptLoop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        // A session in the middle of a publish finishes it: the pipeline and the store are disposed after the hosted
        // services stopped, and must see no message after that. Its socket is closed, so the answer is lost and the
        // device sends again (Duplicate, if it was stored). No longer than the host's shutdown budget.
        if (!_sessions.IsEmpty)
        {
            await _drained.Task.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    internal Task<(byte Code, string Reason)?> CheckConnectAsync(DeviceSession.ConnectRequest request, CancellationToken cancellationToken) =>
        _connectCheck.RefuseAsync(request.ClientId, request.UserName, request.Password, cancellationToken);

    // A second connection with the same client id takes the session over (MQTT 5 §3.1.4): the first one is closed.
    internal void Register(DeviceSession session)
    {
        DeviceSession? previous = null;
        _byClientId.AddOrUpdate(session.ClientId, session, (_, existing) =>
        {
            previous = existing;
            return session;
        });
        if (previous is not null && !ReferenceEquals(previous, session))
        {
            previous.Close(MqttWire.SessionTakenOver);
        }
    }

    internal void Remove(DeviceSession session)
    {
        _sessions.TryRemove(session, out _);
        if (session.ClientId.Length > 0)
        {
            _byClientId.TryRemove(new KeyValuePair<string, DeviceSession>(session.ClientId, session));
            if (!_byClientId.ContainsKey(session.ClientId))
            {
                RateLimiter.Forget(session.ClientId);
            }
        }

        if (session.Device is { } device)
        {
            AckSessions.Remove(device, session);
        }

        if (_stopping.IsCancellationRequested && _sessions.IsEmpty)
        {
            _drained.TrySetResult();
        }
    }

    internal void LogProtocolError(string clientId, MqttProtocolException exception) =>
        Log.ProtocolError(_logger, clientId, exception.ReasonCode, exception.Message);

    internal void LogConnectionRefused(string clientId, string reason) => Log.ConnectionRefused(_logger, clientId, reason);

    private async Task AcceptLoopAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested && _listener is { } listener)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            socket.NoDelay = true;
            var session = new DeviceSession(this, socket);
            _sessions[session] = 0;
            _ = session.RunAsync(stopping);
        }
    }

    // Once a second: close connections that sent nothing for 1.5 × their keep-alive, or no CONNECT within 10 s.
    private void Sweep()
    {
        var now = Environment.TickCount64;
        foreach (var session in _sessions.Keys)
        {
            var limit = session.IsConnected
                ? session.KeepAliveSeconds == 0 ? long.MaxValue : session.KeepAliveSeconds * 1500L
                : 10_000L;
            if (now - session.LastActivity > limit)
            {
                session.Close(MqttWire.KeepAliveTimeout);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "Device endpoint listening on {Host}:{Port}")]
        public static partial void Listening(ILogger logger, string host, int port);

        [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "Connection of {ClientId} refused: {Reason}")]
        public static partial void ConnectionRefused(ILogger logger, string clientId, string reason);

        [LoggerMessage(EventId = 212, Level = LogLevel.Information, Message = "Closed {ClientId}: MQTT reason 0x{Code:x2}, {Reason}")]
        public static partial void ProtocolError(ILogger logger, string clientId, byte code, string reason);
    }
}
