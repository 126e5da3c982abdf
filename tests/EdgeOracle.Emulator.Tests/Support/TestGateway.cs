using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeOracle.Emulator.Tests.Support
{
    /// <summary>
    /// The test playing the gateway: an MQTT client subscribed to every device's obs and pay topics that records each
    /// payload and answers it on the device's ack topic with what <see cref="Answer"/> returns.
    /// </summary>
    public sealed class TestGateway : IAsyncDisposable
    {
        private readonly IMqttClient _client;

        private TestGateway(IMqttClient client)
        {
            _client = client;
        }

        /// <summary>Returns the 43-byte ack for (topic, payload), or null to stay silent.</summary>
        public Func<string, byte[], byte[]?> Answer { get; set; } = (_, _) => null;

        public ConcurrentQueue<(string Topic, byte[] Payload)> Received { get; } = new();

        /// <summary>
        /// What arrived, each payload once, in order of first arrival. QoS 1 is at-least-once: a device whose publish
        /// timed out waiting for the PUBACK (a loaded test machine) sends the same bytes again, which the gateway
        /// dedupes by sequence; tests that count messages count these.
        /// </summary>
        public (string Topic, byte[] Payload)[] Distinct => Received.DistinctBy(r => (r.Topic, System.Convert.ToHexString(r.Payload))).ToArray();

        public static async Task<TestGateway> StartAsync(InProcessBroker broker)
        {
            IMqttClient client = new MqttClientFactory().CreateMqttClient();
            TestGateway gateway = new(client);
            client.ApplicationMessageReceivedAsync += gateway.OnMessageAsync;
            await client.ConnectAsync(new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", broker.Port)
                .WithClientId("test-gateway")
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .Build());
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter("eo/v1/+/obs", MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter("eo/v1/+/pay", MqttQualityOfServiceLevel.AtLeastOnce)
                .Build());
            return gateway;
        }

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
            }

            _client.Dispose();
        }

        private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
        {
            string topic = e.ApplicationMessage.Topic;
            byte[] payload = e.ApplicationMessage.Payload.ToArray();
            Received.Enqueue((topic, payload));
            byte[]? ack = Answer(topic, payload);
            if (ack is null)
            {
                return Task.CompletedTask;
            }

            string ackTopic = topic[..topic.LastIndexOf('/')] + "/ack";
            MqttApplicationMessage message = new MqttApplicationMessageBuilder()
                .WithTopic(ackTopic)
                .WithPayload(ack)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();

            // Not awaited inside the receive handler: a QoS 1 publish waits for a PUBACK this very loop delivers.
            _ = Task.Run(() => _client.PublishAsync(message));
            return Task.CompletedTask;
        }
    }
}
