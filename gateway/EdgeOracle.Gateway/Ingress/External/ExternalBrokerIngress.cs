using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Mqtt;
using EdgeOracle.Gateway.Pipeline;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeOracle.Gateway.Ingress.External;

/// <summary>
/// Takes device messages from an external broker through the shared subscription
/// <c>$share/{group}/eo/v1/+/+</c> (MQTT 5), runs them through the pipeline, publishes the 43-byte acknowledgement on
/// <c>eo/v1/{device}/ack</c>, and only then acknowledges the broker's delivery (manual PUBACK): a message the
/// gateway did not finish is delivered again, and the device, which waits for the protocol ack, resends it anyway.
/// In this mode it is the gateway's <see cref="IMqttEndpoint"/>: devices connect to the external broker, and neither the
/// embedded broker nor the device endpoint is started. Like them, it knows only the <see cref="IIngressSink"/>; its own
/// route to the device is the external broker, so it registers no <see cref="IAckDestination"/>.
/// </summary>
public sealed partial class ExternalBrokerIngress : BackgroundService, IMqttEndpoint
{
    private readonly IIngressSink _sink;
    private readonly ExternalBrokerOptions _options;
    private readonly ILogger<ExternalBrokerIngress> _logger;
    private readonly IMqttClient _client;
    private volatile bool _subscribed;

    /// <summary>Creates the ingress; it connects when the host starts, if a broker is configured.</summary>
    public ExternalBrokerIngress(IIngressSink sink, IOptions<ExternalBrokerOptions> options, ILogger<ExternalBrokerIngress> logger)
    {
        _sink = sink;
        _options = options.Value;
        _logger = logger;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    /// <summary>True once connected and subscribed (and while the connection lasts).</summary>
    public bool IsSubscribed => _subscribed && _client.IsConnected;

    /// <summary>The external broker's host, where devices connect.</summary>
    public string Host => _options.Host;

    /// <summary>The external broker's port while this gateway is subscribed there; 0 before (and while disconnected).</summary>
    public int Port => IsSubscribed ? _options.Port : 0;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        var clientId = string.IsNullOrEmpty(_options.ClientId) ? $"eo-gateway-{Environment.MachineName}-{Environment.ProcessId}" : _options.ClientId;
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId(clientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .Build();
        var filter = new MqttTopicFilterBuilder().WithTopic($"$share/{_options.ShareGroup}/eo/v1/+/+").WithAtLeastOnceQoS().Build();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_client.IsConnected)
                {
                    await _client.ConnectAsync(options, stoppingToken).ConfigureAwait(false);
                    await _client.SubscribeAsync(filter, stoppingToken).ConfigureAwait(false);
                    _subscribed = true;
                    Log.Connected(_logger, _options.Host, _options.Port, _options.ShareGroup);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or TimeoutException or OperationCanceledException)
            {
                Log.ConnectFailed(_logger, _options.Host, _options.Port, exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
        }

        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        var message = args.ApplicationMessage;
        if (!Topics.TrySplit(message.Topic, out _, out var leaf) || Topics.KindOf(leaf) == MessageKind.Unknown)
        {
            // Acks (our own, and other gateways') and foreign topics: nothing to do.
            return;
        }

        args.AutoAcknowledge = false;
        var payload = message.Payload;
        var outcome = await _sink.SubmitAsync(
            new IngressMessage(message.Topic, payload.IsSingleSegment ? payload.First : payload.ToArray(), args.ClientId),
            CancellationToken.None).ConfigureAwait(false);
        if (outcome.AckDevice is { } device)
        {
            var ack = new MqttApplicationMessageBuilder()
                .WithTopic(Topics.Ack(device))
                .WithPayload(outcome.ToAcknowledgement().ToArray())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            await _client.PublishAsync(ack).ConfigureAwait(false);
        }

        // Published to the device on the external broker above; the sink has monitors to serve only if other ingresses run.
        await _sink.RouteAckAsync(outcome, deviceHasAck: true).ConfigureAwait(false);

        await args.AcknowledgeAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "External broker {Host}:{Port}: subscribed as share group {Group}")]
        public static partial void Connected(ILogger logger, string host, int port, string group);

        [LoggerMessage(EventId = 801, Level = LogLevel.Warning, Message = "External broker {Host}:{Port} not reachable: {Error}; retrying")]
        public static partial void ConnectFailed(ILogger logger, string host, int port, string error);
    }
}
