using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Mqtt;
using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Firmware.Core.Ports;
using MQTTnet.Formatter;

namespace EdgeOracle.Emulator.Tests.Mqtt
{
    public class MqttTransportTests : BrokerTest
    {
        private const string Device = "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23";

        [Fact]
        public async Task Transport_ConnectsWithMqtt5AndTheDeviceAddressAsClientId()
        {
            await using MqttTransport transport = new(Device, Broker.TransportOptions);

            await transport.ConnectAsync();

            Assert.True(transport.IsConnected);
            Assert.Contains((Device, MqttProtocolVersion.V500), Broker.Connections);
        }

        [Fact]
        public async Task PublishedMessage_ReachesTheGateway_AndItsAckReachesTheSink()
        {
            RecordingSink sink = new();
            await using MqttTransport transport = new(Device, Broker.TransportOptions) { AckSink = sink };
            await transport.ConnectAsync();
            byte[] ack = Acks.For(1, 7, 0, new byte[32]);
            Gateway.Answer = (_, _) => ack;

            Assert.True(transport.Publish("eo/v1/" + Device + "/obs", new byte[] { 1, 2, 3 }));

            await Eventually(() => !sink.Payloads.IsEmpty);
            Assert.Equal(ack, Assert.Single(sink.Payloads));
            Assert.Equal(new byte[] { 1, 2, 3 }, Assert.Single(Gateway.Distinct).Payload);
        }

        [Fact]
        public async Task Publish_ReturnsFalse_WhileDisconnected()
        {
            await using MqttTransport transport = new(Device, Broker.TransportOptions);

            Assert.False(transport.Publish("eo/v1/" + Device + "/obs", new byte[] { 1 }));
        }

        [Fact]
        public async Task Transport_Reconnects_AfterTheBrokerRestarts_AndSubscribesToItsAcksAgain()
        {
            RecordingSink sink = new();
            await using MqttTransport transport = new(Device, Broker.TransportOptions) { AckSink = sink };
            await transport.ConnectAsync();

            await Broker.StopAsync();
            await Eventually(() => !transport.IsConnected);
            await Broker.RestartAsync();
            await Eventually(() => transport.IsConnected && transport.Reconnects == 1);
            await using TestGateway gateway = await TestGateway.StartAsync(Broker);
            gateway.Answer = (_, _) => Acks.For(1, 9, 0, new byte[32]);

            Assert.True(transport.Publish("eo/v1/" + Device + "/obs", new byte[] { 9 }));
            await Eventually(() => !sink.Payloads.IsEmpty);
        }

        [Fact]
        public async Task ConnectAsync_ToAPortWithoutBroker_FailsWithTheBrokersAddress()
        {
            MqttTransportOptions options = Broker.TransportOptions with { Port = 1 };
            await using MqttTransport transport = new(Device, options);

            InvalidOperationException e = await Assert.ThrowsAsync<InvalidOperationException>(() => transport.ConnectAsync());

            Assert.Contains("127.0.0.1:1", e.Message);
            Assert.Contains(Device, e.Message);
        }

        internal static async Task Eventually(Func<bool> condition, int timeoutMs = 5000)
        {
            Stopwatch watch = Stopwatch.StartNew();
            while (!condition())
            {
                Assert.True(watch.ElapsedMilliseconds < timeoutMs, "condition not met within " + timeoutMs + " ms");
                await Task.Delay(10);
            }
        }

        private sealed class RecordingSink : IAckSink
        {
            public ConcurrentQueue<byte[]> Payloads { get; } = new();

            public void AckReceived(byte[] payload) => Payloads.Enqueue(payload);
        }
    }
}
