using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Firmware.Core.Protocol;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeOracle.EmulatorBenchmark
{
    /// <summary>
    /// The gateway stand-in: subscribes to every node's obs topic, decodes each envelope with the firmware core,
    /// computes its EIP-712 digest and answers <c>Accepted</c> on the node's ack topic. It does not recover signatures
    /// or store anything, so the figure measures the emulated nodes, the broker and the ack round trip, not the
    /// gateway's pipeline (tools/EdgeOracle.LoadGen measures that).
    /// </summary>
    internal sealed class AckingGateway : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
        private readonly Eip712Domain _domain;
        private long _received;

        public AckingGateway(Eip712Domain domain)
        {
            _domain = domain;
            _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        }

        public long Received => Interlocked.Read(ref _received);

        public async Task StartAsync(int port)
        {
            await _client.ConnectAsync(new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", port)
                .WithClientId("bench-gateway")
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .Build());
            await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(Topics.ObservationFilter, MqttQualityOfServiceLevel.AtLeastOnce)
                .Build());
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
            Interlocked.Increment(ref _received);
            string topic = e.ApplicationMessage.Topic;
            byte[] payload = e.ApplicationMessage.Payload.ToArray();
            Observation observation = Envelope.DecodeObservation(payload);
            byte[] digest = observation.Digest(_domain);
            byte[] ack = new byte[Envelope.AckSize];
            ack[0] = Envelope.Version;
            ack[1] = MessageKinds.Observation;
            BinaryPrimitives.WriteUInt64BigEndian(ack.AsSpan(2), observation.Sequence);
            ack[10] = ReasonCodes.Accepted;
            Array.Copy(digest, 0, ack, 11, 32);
            MqttApplicationMessage message = new MqttApplicationMessageBuilder()
                .WithTopic(topic[..topic.LastIndexOf('/')] + "/ack")
                .WithPayload(ack)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();

            // Not awaited inside the receive handler: a QoS 1 publish waits for a PUBACK this very loop delivers.
            _ = Task.Run(() => _client.PublishAsync(message));
            return Task.CompletedTask;
        }
    }
}
