using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Mqtt;
using EdgeOracle.Gateway.Mqtt.Codec;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Wire;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Tests.TestSupport;
using EdgeOracle.Gateway.Verification;
using EdgeOracle.LoadGen;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Signer;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Mqtt;

/// <summary>
/// The device endpoint (<c>Mqtt:DevicePort</c>) with real MQTT 5 clients: MQTTnet's (a general client must work against
/// it), the load generator's raw one, and hand-written bytes for what a client library would never send.
/// </summary>
public sealed class DeviceEndpointTests : IAsyncLifetime
{
    private RunningGateway _gateway = null!;
    private Scenario _scenario = null!;

    public async Task InitializeAsync()
    {
        _gateway = await RunningGateway.StartAsync();
        _scenario = new Scenario(_gateway.Registry, _ => Task.FromResult(ReasonCode.Accepted), _gateway.Time.Advance);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _gateway.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Device_GetsPubAckAndItsAck_AfterTheMessageIsStored()
    {
        var sensor = _scenario.Sensor;
        await using var device = await ConnectDeviceAsync(sensor);
        var message = sensor.Observation();

        var (pubAck, ackTopic, ack) = await device.SendAsync(message);

        Assert.Equal(MqttClientPublishReasonCode.Success, pubAck.ReasonCode);
        Assert.Equal("Accepted (0x00): stored", pubAck.ReasonString);
        Assert.Equal(sensor.Topic("ack"), ackTopic);
        Assert.Equal(new Acknowledgement(MessageKind.Observation, 1, ReasonCode.Accepted, message.DigestWord), ack);
        Assert.Equal(message.DigestWord, await Store.FindDigestAsync(sensor.GatewayAddress, 1, default));

        var (again, _, duplicate) = await device.SendAsync(message);
        Assert.Equal(MqttClientPublishReasonCode.Success, again.ReasonCode);
        Assert.Equal(ReasonCode.Duplicate, duplicate.Reason);
    }

    [Theory]
    [MemberData(nameof(RejectionCases.Names), MemberType = typeof(RejectionCases))]
    public async Task Endpoint_AnswersEachFault_WithItsReasonInPubAckAndAck_AndKeepsServing(string name)
    {
        if (name == "payload over the size limit")
        {
            return;   // over the endpoint's maximum packet size: see Endpoint_ClosesAPacketOverItsMaximumSize
        }

        // The publisher may write under any device's topic (no authentication here); the acks reach a monitor on the
        // embedded broker, which the device endpoint forwards them to.
        await using var publisher = await MqttDevice.ConnectAsync(_gateway.App.MqttHost, _gateway.App.DevicePort, "test-device", "eo/v1/test-device/ack");
        await using var monitor = await _gateway.ConnectAsync("monitor");
        var scenario = new Scenario(_gateway.Registry, async m =>
        {
            await publisher.PublishAsync(m.Topic, m.Payload);
            return (await monitor.NextAckAsync()).Ack.Reason;
        }, _gateway.Time.Advance);
        var @case = RejectionCases.Named(name);
        var bad = await @case.Build(scenario);

        var pubAck = await publisher.PublishAsync(bad.Topic, bad.Payload);
        var (_, ack) = await monitor.NextAckAsync();

        Assert.Equal(@case.Expected, ack.Reason);
        Assert.Equal((int)MqttReasonMapping.ToPubAck(@case.Expected), (int)pubAck.ReasonCode);
        Assert.StartsWith($"{@case.Expected} (0x{(byte)@case.Expected:x2})", pubAck.ReasonString, StringComparison.Ordinal);
        Assert.True(publisher.IsConnected);
        var good = scenario.Sensor.Observation();
        Assert.Equal(MqttClientPublishReasonCode.Success, (await publisher.PublishAsync(good.Topic, good.Payload)).ReasonCode);
        Assert.Equal(ReasonCode.Accepted, (await monitor.NextAckAsync()).Ack.Reason);
    }

    [Fact]
    public async Task Device_MayNotSubscribeOrPublishOutsideItsOwnTopics_AndStaysConnected()
    {
        var sensor = _scenario.Sensor;
        var client = new MqttClientFactory().CreateMqttClient();
        using (client)
        {
            await client.ConnectAsync(Options(_gateway.App.DevicePort, sensor.Address).Build());

            var subscribe = await client.SubscribeAsync(new MqttTopicFilterBuilder().WithTopic("eo/v1/+/ack").Build());
            var publish = await client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic("eo/v1/" + sensor.Address + "/status").WithPayload([1]).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

            Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, subscribe.Items.Single().ResultCode);
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, publish.ReasonCode);
            Assert.True(client.IsConnected);
        }
    }

    [Fact]
    public async Task AnAckForADeviceOnTheEndpoint_ReachesIt_WhenItsMessageCameThroughTheBroker()
    {
        var sensor = _scenario.Sensor;
        await using var device = await ConnectDeviceAsync(sensor);
        await using var relay = await _gateway.ConnectAsync("relay", "eo/v1/relay/ack");
        var message = sensor.Observation();

        await relay.PublishAsync(message.Topic, message.Payload);
        var (topic, ack) = await device.NextAckAsync();

        Assert.Equal(sensor.Topic("ack"), topic);
        Assert.Equal(ReasonCode.Accepted, ack.Reason);
    }

    [Fact]
    public async Task ASecondConnection_WithTheSameClientId_TakesTheSessionOver()
    {
        var sensor = _scenario.Sensor;
        await using var first = await ConnectDeviceAsync(sensor);
        await using var second = await ConnectDeviceAsync(sensor);

        await WaitUntilAsync(() => !first.IsConnected, "the first connection is closed");
        var (pubAck, _, ack) = await second.SendAsync(sensor.Observation());
        Assert.Equal(MqttClientPublishReasonCode.Success, pubAck.ReasonCode);
        Assert.Equal(ReasonCode.Accepted, ack.Reason);
    }

    [Fact]
    public async Task TheLoadGeneratorsRawClient_PublishesAndIsAnswered()
    {
        var fleet = SignedFleetFor(_gateway);
        await using var device = await RawMqttDevice.ConnectAsync(
            _gateway.App.MqttHost, _gateway.App.DevicePort, fleet.Id, fleet.Topic, subscribeAcks: true, credential: null, CancellationToken.None);

        var first = await device.PublishAsync(fleet.Messages[0], CancellationToken.None);
        var second = await device.PublishAsync(fleet.Messages[1], CancellationToken.None);
        await WaitUntilAsync(() => device.AcksReceived >= 1, "an ack arrives");

        Assert.Equal(0, first);
        Assert.Equal(0, second);
        Assert.Equal(2, await Store.CountMessagesAsync(default));
    }

    [Fact]
    public async Task Endpoint_ClosesAPacketOverItsMaximumSize_AndAMalformedOne_AndKeepsServing()
    {
        // PUBLISH QoS 0 whose remaining length (4,000) is over Mqtt:MaxPayloadBytes + 512.
        var tooLarge = await ExchangeAsync(Connect("big").Concat(new byte[] { 0x30, 0xA0, 0x1F }).ToArray());
        Assert.Equal(new byte[] { 0xE0 }, tooLarge.Skip(ConnAckLength(tooLarge)).Take(1).ToArray());
        Assert.Equal(MqttWire.PacketTooLarge, tooLarge[ConnAckLength(tooLarge) + 2]);

        // A remaining length of five bytes is malformed.
        var malformed = await ExchangeAsync(Connect("bad").Concat(new byte[] { 0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }).ToArray());
        Assert.Equal(MqttWire.MalformedPacket, malformed[ConnAckLength(malformed) + 2]);

        // QoS 2 is refused: the endpoint announced Maximum QoS 1.
        var qos2 = await ExchangeAsync(Connect("qos2").Concat(new byte[] { 0x34, 0x06, 0x00, 0x01, (byte)'t', 0x00, 0x01, 0x00 }).ToArray());
        Assert.Equal(MqttWire.QosNotSupported, qos2[ConnAckLength(qos2) + 2]);

        var sensor = _scenario.Sensor;
        await using var device = await ConnectDeviceAsync(sensor);
        Assert.Equal(ReasonCode.Accepted, (await device.SendAsync(sensor.Observation())).Ack.Reason);
    }

    [Fact]
    public async Task AnMqtt311Client_IsToldTheProtocolVersionIsUnacceptable()
    {
        var connect311 = new byte[] { 0x10, 0x0D, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x01, (byte)'x' };

        var answer = await ExchangeAsync(connect311);

        Assert.Equal(new byte[] { 0x20, 0x02, 0x00, 0x01 }, answer);
    }

    [Fact]
    public async Task AConnectionThatSendsNothing_IsClosedAfterOneAndAHalfKeepAlives()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_gateway.App.MqttHost, _gateway.App.DevicePort);
        await socket.SendAsync(Connect("sleepy", keepAliveSeconds: 1));
        var started = DateTime.UtcNow;

        var received = await ReadUntilClosedAsync(socket, TimeSpan.FromSeconds(10));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(8), "closed within a few seconds");
        Assert.Equal(0x20, received[0]);   // CONNACK, then DISCONNECT 0x8D
        Assert.Equal(MqttWire.KeepAliveTimeout, received[ConnAckLength(received) + 2]);
    }

    [Fact]
    public async Task WithAuthentication_ADeviceConnectsOnlyWithItsCredential()
    {
        await using var gateway = await RunningGateway.StartAsync(services => services.Configure<MqttOptions>(o => o.RequireDeviceAuthentication = true));
        var scenario = new Scenario(gateway.Registry, _ => Task.FromResult(ReasonCode.Accepted), gateway.Time.Advance);
        var sensor = scenario.Sensor;
        var domain = gateway.App.Services.GetRequiredService<Deployment>().DeviceDomain;
        var signature = sensor.Key.SignAndCalculateV(DeviceCredentials.Digest(domain, sensor.GatewayAddress, TestDevice.Now).ToArray());
        var password = EthECDSA.CreateStringSignature(signature).HexToByteArray();

        var refused = new MqttClientFactory().CreateMqttClient();
        using (refused)
        {
            // MQTTnet reports a refused CONNACK either as its result or as an exception naming the code.
            string outcome;
            try
            {
                outcome = (await refused.ConnectAsync(
                    Options(gateway.App.DevicePort, sensor.Address).WithCredentials(TestDevice.Now.ToString(), new byte[65]).Build())).ResultCode.ToString();
            }
            catch (Exception exception) when (exception.GetType().Name == "MqttConnectingFailedException")
            {
                outcome = exception.Message;
            }

            Assert.Contains(nameof(MqttClientConnectResultCode.BadUserNameOrPassword), outcome, StringComparison.Ordinal);
        }

        var client = new MqttClientFactory().CreateMqttClient();
        using (client)
        {
            var result = await client.ConnectAsync(Options(gateway.App.DevicePort, sensor.Address).WithCredentials(TestDevice.Now.ToString(), password).Build());
            Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
            var message = sensor.Observation();
            var publish = await client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(message.Topic).WithPayload(message.Payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            Assert.Equal(MqttClientPublishReasonCode.Success, publish.ReasonCode);
        }
    }

    private IMessageStore Store => _gateway.App.Services.GetRequiredService<IMessageStore>();

    private Task<MqttDevice> ConnectDeviceAsync(TestDevice device) =>
        MqttDevice.ConnectAsync(_gateway.App.MqttHost, _gateway.App.DevicePort, device.Address, device.Topic("ack"));

    private MqttClientOptionsBuilder Options(int port, string clientId) =>
        new MqttClientOptionsBuilder().WithTcpServer(_gateway.App.MqttHost, port).WithClientId(clientId).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(10));

    // A load-generator device registered in the fake registry, with two chained, signed observations.
    private static SignedDevice SignedFleetFor(RunningGateway gateway)
    {
        var device = SignedFleet.Create(1, 2)[0];
        gateway.Registry.Register(device.Address, Gateway.Registry.DeviceRole.Sensor);
        return device;
    }

    private static byte[] Connect(string clientId, int keepAliveSeconds = 60)
    {
        var id = Encoding.ASCII.GetBytes(clientId);
        var body = new byte[] { 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x05, 0x02, 0x00, (byte)keepAliveSeconds, 0x00, 0x00, (byte)id.Length }
            .Concat(id).ToArray();
        return new byte[] { 0x10, (byte)body.Length }.Concat(body).ToArray();
    }

    // Length of the CONNACK at the start of what the endpoint sent (fixed header + remaining length).
    private static int ConnAckLength(byte[] received) => 2 + received[1];

    private async Task<byte[]> ExchangeAsync(byte[] request)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_gateway.App.MqttHost, _gateway.App.DevicePort);
        await socket.SendAsync(request);
        return await ReadUntilClosedAsync(socket, TimeSpan.FromSeconds(10));
    }

    private static async Task<byte[]> ReadUntilClosedAsync(Socket socket, TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (n == 0)
                {
                    break;
                }

                received.Write(buffer, 0, n);
            }
        }
        catch (SocketException)
        {
        }

        return received.ToArray();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(what);
            }

            await Task.Delay(20);
        }
    }
}
