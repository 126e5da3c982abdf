using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeOracle.Emulator.Mqtt
{
    /// <summary>
    /// The emulator's <see cref="IMessageTransport"/>: an MQTTnet 5 client speaking MQTT 5 at QoS 1 with the device
    /// address as client id (PROTOCOL.md §6). It subscribes to the device's ack topic and hands every ack payload to
    /// the core's <see cref="IAckSink"/>; after an unexpected disconnect it reconnects and subscribes again.
    /// </summary>
    public sealed class MqttTransport : IMessageTransport, IAsyncDisposable
    {
        private readonly MqttTransportOptions _options;
        private readonly IMqttClient _client;
        private readonly MqttClientOptions _clientOptions;
        private readonly string _ackTopic;
        private readonly CancellationTokenSource _stopping = new();
        private int _acksReceived;
        private int _reconnects;
        private int _reconnecting;

        /// <summary>
        /// Creates a transport for the device <paramref name="deviceHex"/>; set <see cref="AckSink"/>, then call
        /// <see cref="ConnectAsync"/>.
        /// </summary>
        /// <param name="deviceHex">The device address, lower-case <c>0x</c> hex: the client id and the ack topic's device.</param>
        /// <param name="options">Broker address and timings.</param>
        public MqttTransport(string deviceHex, MqttTransportOptions options)
        {
            ArgumentException.ThrowIfNullOrEmpty(deviceHex);
            _options = options ?? throw new ArgumentNullException(nameof(options));
            ClientId = deviceHex;
            _ackTopic = Topics.Acks(deviceHex);
            _client = new MqttClientFactory().CreateMqttClient();
            _clientOptions = new MqttClientOptionsBuilder()
                .WithTcpServer(options.Host, options.Port)
                .WithClientId(deviceHex)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithCleanStart(true)
                .WithKeepAlivePeriod(options.KeepAlive)
                .Build();
            _client.ApplicationMessageReceivedAsync += OnMessageAsync;
            _client.DisconnectedAsync += OnDisconnectedAsync;
        }

        /// <summary>Raised on the MQTT thread after an ack payload was handed to the sink (wake the host loop).</summary>
        public event EventHandler? AckArrived;

        /// <summary>Gets or sets the core object that receives every payload arriving on the ack topic.</summary>
        public IAckSink? AckSink { get; set; }

        /// <summary>Gets the MQTT client id (the device address).</summary>
        public string ClientId { get; }

        /// <summary>Gets the ack topic the transport subscribes to.</summary>
        public string AckTopic => _ackTopic;

        /// <inheritdoc />
        public bool IsConnected => _client.IsConnected;

        /// <summary>Gets how many ack payloads arrived.</summary>
        public int AcksReceived => Volatile.Read(ref _acksReceived);

        /// <summary>Gets how many times the transport reconnected after losing the broker.</summary>
        public int Reconnects => Volatile.Read(ref _reconnects);

        /// <summary>Connects to the broker and subscribes to the ack topic at QoS 1.</summary>
        /// <param name="cancellationToken">Cancels the attempt.</param>
        /// <returns>A task that completes once subscribed.</returns>
        /// <exception cref="InvalidOperationException">The broker could not be reached or refused the connection.</exception>
        public async Task ConnectAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                await ConnectAndSubscribeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new InvalidOperationException(
                    $"Device {ClientId} could not connect to the MQTT broker at {_options.Host}:{_options.Port}: {e.Message}", e);
            }
        }

        /// <summary>Disconnects cleanly; no reconnect follows.</summary>
        /// <returns>A task that completes when disconnected.</returns>
        public async Task DisconnectAsync()
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None).ConfigureAwait(false);
            }
        }

        /// <inheritdoc />
        /// <remarks>Blocks the calling (host-loop) thread until the broker's PUBACK, at most <see cref="MqttTransportOptions.PublishTimeout"/>.</remarks>
        public bool Publish(string topic, byte[] payload)
        {
            if (!_client.IsConnected)
            {
                return false;
            }

            MqttApplicationMessage message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(false)
                .Build();
            try
            {
                using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                timeout.CancelAfter(_options.PublishTimeout);
                MqttClientPublishResult result = _client.PublishAsync(message, timeout.Token).GetAwaiter().GetResult();

                // "No matching subscribers" (0x10) is still a success: the broker took the message.
                return (int)result.ReasonCode < 0x80;
            }
            catch (Exception e) when (e is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
            {
                return false;
            }
        }

        /// <inheritdoc />
        public async ValueTask DisposeAsync()
        {
            try
            {
                await DisconnectAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                // The broker is already gone; nothing left to close.
            }

            _client.Dispose();
            _stopping.Dispose();
        }

        private async Task ConnectAndSubscribeAsync(CancellationToken cancellationToken)
        {
            await _client.ConnectAsync(_clientOptions, cancellationToken).ConfigureAwait(false);
            MqttClientSubscribeOptions subscribe = new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(_ackTopic, MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            await _client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
        }

        private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
        {
            if (e.ApplicationMessage.Topic != _ackTopic)
            {
                return Task.CompletedTask;
            }

            AckSink?.AckReceived(e.ApplicationMessage.Payload.ToArray());
            Interlocked.Increment(ref _acksReceived);
            AckArrived?.Invoke(this, EventArgs.Empty);
            return Task.CompletedTask;
        }

        private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
        {
            // Only a lost connection is retried here; a failed first connect is reported by ConnectAsync.
            if (e.ClientWasConnected && !_stopping.IsCancellationRequested && Interlocked.Exchange(ref _reconnecting, 1) == 0)
            {
                _ = Task.Run(ReconnectLoopAsync);
            }

            return Task.CompletedTask;
        }

        private async Task ReconnectLoopAsync()
        {
            try
            {
                await ReconnectUntilConnectedAsync().ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _reconnecting, 0);
            }
        }

        private async Task ReconnectUntilConnectedAsync()
        {
            while (!_stopping.IsCancellationRequested && !_client.IsConnected)
            {
                try
                {
                    await Task.Delay(_options.ReconnectDelay, _stopping.Token).ConfigureAwait(false);
                    await ConnectAndSubscribeAsync(_stopping.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref _reconnects);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception)
                {
                    // Whatever the broker's absence looks like (refused, reset, timeout), try again after the delay.
                }
            }
        }
    }
}
