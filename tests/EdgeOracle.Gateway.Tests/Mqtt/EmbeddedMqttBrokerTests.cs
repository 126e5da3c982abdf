using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Mqtt;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Wire;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Mqtt;

public sealed class EmbeddedMqttBrokerTests : IAsyncLifetime
{
    private RunningGateway _gateway = null!;
    private MqttDevice _device = null!;
    private Scenario _scenario = null!;

    public async Task InitializeAsync()
    {
        _gateway = await RunningGateway.StartAsync();
        _device = await _gateway.ConnectAsync("test-device");
        _scenario = new Scenario(_gateway.Registry, async m => (await _device.SendAsync(m)).Ack.Reason, _gateway.Time.Advance);
    }

    [Fact]
    public async Task Broker_AcknowledgesAStoredObservation_WithPubAckAndThe43ByteAck()
    {
        var message = _scenario.Sensor.Observation();

        var (pubAck, ackTopic, ack) = await _device.SendAsync(message);

        Assert.Equal(MqttClientPublishReasonCode.Success, pubAck.ReasonCode);
        Assert.Equal(_scenario.Sensor.Topic("ack"), ackTopic);
        Assert.Equal(new Acknowledgement(MessageKind.Observation, 1, ReasonCode.Accepted, message.DigestWord), ack);
        Assert.Equal(message.DigestWord, await Store.FindDigestAsync(_scenario.Sensor.GatewayAddress, 1, default));
        _gateway.Logs.AssertNoErrors();
    }

    [Theory]
    [MemberData(nameof(RejectionCases.Names), MemberType = typeof(RejectionCases))]
    public async Task Broker_AnswersEachFault_WithItsReasonInPubAckAndAck_AndKeepsServing(string name)
    {
        var @case = RejectionCases.Named(name);
        var bad = await @case.Build(_scenario);

        var (pubAck, _, ack) = await _device.SendAsync(bad);

        Assert.Equal(@case.Expected, ack.Reason);
        Assert.Equal((int)MqttReasonMapping.ToPubAck(@case.Expected), (int)pubAck.ReasonCode);
        Assert.StartsWith($"{@case.Expected} (0x{(byte)@case.Expected:x2})", pubAck.ReasonString, StringComparison.Ordinal);
        Assert.True(_device.IsConnected);
        Assert.Equal(ReasonCode.Accepted, (await _device.SendAsync(_scenario.Sensor.Observation())).Ack.Reason);
        Assert.Equal(ReasonCode.Accepted, (await _device.SendAsync(_scenario.Payment())).Ack.Reason);
        _gateway.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Broker_SendsPubAckAndAck_OnlyAfterTheDurableWrite()
    {
        await using var gated = await RunningGateway.StartAsync(services =>
            services.AddSingleton<IMessageStore>(sp => new GatedStore(sp.GetRequiredService<SqliteMessageStore>())));
        var store = (GatedStore)gated.App.Services.GetRequiredService<IMessageStore>();
        var scenario = new Scenario(gated.Registry, _ => Task.FromResult(ReasonCode.Accepted), gated.Time.Advance);
        await using var device = await gated.ConnectAsync("gated-device");
        var message = scenario.Sensor.Observation();

        var publish = device.PublishAsync(message.Topic, message.Payload);
        await store.AppendStarted.WaitAsync(TimeSpan.FromSeconds(10));
        var ackedEarly = await device.AckArrivesWithinAsync(TimeSpan.FromMilliseconds(300));
        var pubAckedEarly = publish.IsCompleted;
        store.Release();
        var pubAck = await publish.WaitAsync(TimeSpan.FromSeconds(10));
        var (_, ack) = await device.NextAckAsync();

        Assert.False(ackedEarly, "the protocol ack left before the message was stored");
        Assert.False(pubAckedEarly, "the PUBACK left before the message was stored");
        Assert.True(store.AppendCompletedBeforeAnswer);
        Assert.Equal(MqttClientPublishReasonCode.Success, pubAck.ReasonCode);
        Assert.Equal(ReasonCode.Accepted, ack.Reason);
        gated.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Broker_RefusesAcksPublishedByClients_AndDoesNotForwardThem()
    {
        await using var other = await _gateway.ConnectAsync("spoofer");
        var forged = new Acknowledgement(MessageKind.Observation, 1, ReasonCode.Accepted, default).ToArray();

        var result = await other.PublishAsync(_scenario.Sensor.Topic("ack"), forged);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        Assert.False(await _device.AckArrivesWithinAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Broker_AnswersAQos0Publish_WithTheProtocolAck()
    {
        var message = _scenario.Sensor.Observation();

        await _device.PublishAsync(message.Topic, message.Payload, MqttQualityOfServiceLevel.AtMostOnce);
        var (_, ack) = await _device.NextAckAsync();

        Assert.Equal(ReasonCode.Accepted, ack.Reason);
        Assert.Equal(message.DigestWord, ack.Digest);
    }

    [Fact]
    public async Task Broker_KeepsServingOtherClients_AfterOneDisconnectsMidPublish()
    {
        await using var sensor = await _gateway.ConnectAsync(_scenario.Sensor.Address, _scenario.Sensor.Topic("ack"));
        var dropped = await _gateway.ConnectAsync("dropped", "eo/v1/nobody/ack");
        var pending = dropped.PublishAsync(_scenario.Stranger.Topic("obs"), new byte[200]);
        await dropped.DisposeAsync();
        await Task.WhenAny(pending, Task.Delay(1000));

        var (_, ackTopic, ack) = await sensor.SendAsync(_scenario.Sensor.Observation());

        Assert.Equal(_scenario.Sensor.Topic("ack"), ackTopic);
        Assert.Equal(ReasonCode.Accepted, ack.Reason);
        _gateway.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Broker_RoutesTopicsOutsideTheIngress_AsAnOrdinaryBroker()
    {
        var status = "eo/v1/" + _scenario.Sensor.Address + "/status";
        await using var listener = await _gateway.ConnectAsync("listener", status);

        var result = await _device.PublishAsync(status, [1, 2, 3]);
        var (topic, payload) = await listener.NextMessageAsync();

        Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);
        Assert.Equal(status, topic);
        Assert.Equal(new byte[] { 1, 2, 3 }, payload);
        Assert.Equal(0, _gateway.App.GetStats().Received);
    }

    private IMessageStore Store => _gateway.App.Services.GetRequiredService<IMessageStore>();

    // Nothing a client does here (garbage, forged acks, dropped connections) may make the gateway log an error.
    public async Task DisposeAsync()
    {
        await _device.DisposeAsync();
        await _gateway.DisposeAsync();
        _gateway.Logs.AssertNoErrors();
    }

    /// <summary>A store whose append waits for the test, so the order of write and answer can be observed.</summary>
    private sealed class GatedStore(IMessageStore inner) : IMessageStore
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _completed;

        public Task AppendStarted => _started.Task;

        public bool AppendCompletedBeforeAnswer => _completed;

        public void Release() => _gate.TrySetResult();

        public ValueTask<DeviceHead?> GetHeadAsync(Address device, CancellationToken cancellationToken) => inner.GetHeadAsync(device, cancellationToken);

        public Task<Bytes32?> FindDigestAsync(Address device, ulong sequence, CancellationToken cancellationToken) =>
            inner.FindDigestAsync(device, sequence, cancellationToken);

        public async ValueTask<AppendResult> AppendAsync(NewMessage message, DeviceHead? expectedHead, CancellationToken cancellationToken)
        {
            _started.TrySetResult();
            await _gate.Task.WaitAsync(cancellationToken);
            var result = await inner.AppendAsync(message, expectedHead, cancellationToken);
            _completed = true;
            return result;
        }

        public Task<long> CountMessagesAsync(CancellationToken cancellationToken) => inner.CountMessagesAsync(cancellationToken);
    }
}
