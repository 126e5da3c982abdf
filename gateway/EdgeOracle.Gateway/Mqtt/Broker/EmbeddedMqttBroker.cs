using System;
using System.Buffers;
using System.Collections;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Ingress;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Pipeline;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Mqtt;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Verification;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeOracle.Gateway.Mqtt.Broker;

/// <summary>
/// The embedded MQTTnet 5 broker and the ingress on it. Publishes on <c>eo/v1/+/obs</c> and <c>eo/v1/+/pay</c> are taken
/// out of normal routing and run through the pipeline inside the publish interceptor, which the broker awaits before it
/// sends the PUBACK: so the PUBACK (with an MQTT reason code and the protocol reason as reason string) and the protocol
/// ack on <c>eo/v1/{device}/ack</c> both leave only after the message was stored or refused. It knows no other ingress:
/// messages go in through <see cref="IIngressSink"/>, acks leave through it, and while the broker runs it is an
/// <see cref="IAckDestination"/> there (its devices' sessions and the monitors on its router).
/// </summary>
public sealed partial class EmbeddedMqttBroker : IHostedService, IMqttEndpoint, IAckDestination, IAsyncDisposable
{
    private readonly MqttOptions _options;
    private readonly IIngressSink _sink;
    private readonly DeviceRateLimiter _rateLimiter;
    private readonly ConnectCheck _connectCheck;
    private readonly ILogger<EmbeddedMqttBroker> _logger;
    private readonly ILoggerFactory _loggerFactory;

    // Marks the broker's own injected acks, so that the interceptor can refuse acks published by clients.
    private readonly IDictionary _gatewaySession = new Hashtable();

    // Publishes in the pipeline now, and whether the broker is stopping: the stop waits for the last one to finish.
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _stopping;
    private MqttServer? _server;

    /// <summary>Creates the broker; it listens from <see cref="StartAsync"/> on.</summary>
    public EmbeddedMqttBroker(
        IOptions<MqttOptions> options,
        IIngressSink sink,
        Deployment deployment,
        IDeviceRegistry registry,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _sink = sink;
        _rateLimiter = new DeviceRateLimiter(_options.MaxPublishesPerSecond, _options.PublishBurst);
        _connectCheck = new ConnectCheck(_options, deployment, registry, timeProvider);
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<EmbeddedMqttBroker>();
        Host = _options.Host;
    }

    /// <inheritdoc />
    public string Host { get; }

    /// <inheritdoc />
    public int Port { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var address = IPAddress.Parse(_options.Host);
        var builder = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(_options.Port);
        builder = address.AddressFamily == AddressFamily.InterNetworkV6
            ? builder.WithDefaultEndpointBoundIPAddress(IPAddress.None).WithDefaultEndpointBoundIPV6Address(address)
            : builder.WithDefaultEndpointBoundIPAddress(address).WithDefaultEndpointBoundIPV6Address(IPAddress.None);
        var serverOptions = builder.Build();

        var mqttLogger = new MqttNetLoggerAdapter(_loggerFactory.CreateLogger("MQTTnet"));
        _server = new MqttServerFactory().CreateMqttServer(serverOptions, mqttLogger);
        _server.InterceptingPublishAsync += OnInterceptingPublishAsync;
        _server.ValidatingConnectionAsync += OnValidatingConnectionAsync;
        _server.InterceptingSubscriptionAsync += OnInterceptingSubscriptionAsync;
        _server.InterceptingUnsubscriptionAsync += OnInterceptingUnsubscriptionAsync;
        _server.ClientDisconnectedAsync += args =>
        {
            _rateLimiter.Forget(args.ClientId);
            ForgetDirectAcks(args.ClientId);
            return Task.CompletedTask;
        };
        await _server.StartAsync().ConfigureAwait(false);

        // MQTTnet writes the port the OS picked back into the endpoint options when it binds port 0.
        Port = serverOptions.DefaultEndpointOptions.Port;
        if (Port == 0)
        {
            throw new InvalidOperationException("The MQTT broker did not report the port it bound.");
        }

        _sink.AddAckDestination(this);
        Log.Listening(_logger, _options.Host, Port);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _sink.RemoveAckDestination(this);
        Interlocked.Exchange(ref _stopping, 1);
        if (_server is { IsStarted: true } server)
        {
            try
            {
                // MQTTnet's stop takes no token: the wait for its clients' disconnects ends with the host's shutdown budget.
                await server.StopAsync(new MqttServerStopOptions()).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The budget is spent; what is left of the clients' connections ends with the process.
            }
        }

        // MQTTnet returns without waiting for its interceptors: a publish still in the pipeline finishes first, for the
        // pipeline and the store are disposed after the hosted services stopped and must see no message after that.
        // One that comes later is refused (OnInterceptingPublishAsync).
        if (Volatile.Read(ref _inFlight) > 0)
        {
            await _drained.Task.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            server.Dispose();
            _server = null;
        }
    }

    private async Task OnInterceptingPublishAsync(InterceptingPublishEventArgs args)
    {
        var topic = args.ApplicationMessage.Topic;
        if (!Topics.TrySplit(topic, out _, out var leaf))
        {
            return;
        }

        if (leaf.SequenceEqual("ack"))
        {
            if (!ReferenceEquals(args.SessionItems, _gatewaySession))
            {
                Refuse(args, ReasonCode.NotAuthorized, "only the gateway publishes acknowledgements");
            }

            return;
        }

        if (Topics.KindOf(leaf) == MessageKind.Unknown)
        {
            return;
        }

        args.ProcessPublish = false;
        if (!_rateLimiter.TryAcquire(args.ClientId))
        {
            Refuse(args, ReasonCode.RateLimited, $"over {_options.MaxPublishesPerSecond} publishes per second");
            return;
        }

        // Full fences, here and in the stop: either the stop sees this publish in flight and waits for it, or this
        // publish sees the stop (MQTTnet may still hand over a packet it read before it closed the connection).
        Interlocked.Increment(ref _inFlight);
        try
        {
            if (Volatile.Read(ref _stopping) == 1)
            {
                Refuse(args, ReasonCode.Unavailable, "the gateway is stopping");
                return;
            }

            await SubmitAsync(args, topic).ConfigureAwait(false);
        }
        finally
        {
            if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _stopping) == 1)
            {
                _drained.TrySetResult();
            }
        }
    }

    private async Task SubmitAsync(InterceptingPublishEventArgs args, string topic)
    {
        var payload = args.ApplicationMessage.Payload;
        var ingress = new IngressMessage(topic, payload.IsSingleSegment ? payload.First : payload.ToArray(), args.ClientId);
        PipelineOutcome outcome;
        try
        {
            outcome = await _sink.SubmitAsync(ingress, args.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The publisher's connection went away mid-way; it resends, and a stored message is then answered Duplicate.
            Refuse(args, ReasonCode.Unavailable, "connection closed while processing");
            return;
        }

        args.Response.ReasonCode = MqttReasonMapping.ToPubAck(outcome.Reason);
        args.Response.ReasonString = MqttReasonMapping.ToReasonString(outcome.Reason, outcome.Detail);

        // The PUBACK leaves when this returns; the ack goes wherever the device is (here or on another ingress).
        await _sink.RouteAckAsync(outcome, deviceHasAck: false).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes <paramref name="payload"/>, the protocol ack of <paramref name="device"/>: on the device's own session
    /// here unless <paramref name="deviceHasAck"/> (another ingress reached it), and through MQTTnet's router when a
    /// monitor listens on other devices' ack topics or the device is subscribed some other way.
    /// </summary>
    public async ValueTask<bool> DeliverAsync(Address device, byte[] payload, bool deviceHasAck)
    {
        if (_server is not { } server)
        {
            return deviceHasAck;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Ack(device))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var deliveredToDevice = deviceHasAck || TryEnqueueDirect(device, message);
        if (deliveredToDevice && !HasAckMonitors)
        {
            return true;
        }

        // Monitors listen, or the device is not reachable directly (it may be subscribed through the router).
        try
        {
            await server.InjectApplicationMessage(
                new InjectedMqttApplicationMessage(message) { CustomSessionItems = _gatewaySession, SenderClientId = "edge-gateway" })
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException)
        {
            // The broker is stopping; the device resends and gets its answer from the next run.
            Log.AckNotPublished(_logger, device.ToString(), exception);
        }

        return deliveredToDevice;
    }

    private static void Refuse(InterceptingPublishEventArgs args, ReasonCode reason, string detail)
    {
        args.ProcessPublish = false;
        args.Response.ReasonCode = MqttReasonMapping.ToPubAck(reason);
        args.Response.ReasonString = MqttReasonMapping.ToReasonString(reason, detail);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "MQTT broker listening on {Host}:{Port}")]
        public static partial void Listening(ILogger logger, string host, int port);

        [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Could not publish the ack for {Device}")]
        public static partial void AckNotPublished(ILogger logger, string device, Exception exception);
    }
}
