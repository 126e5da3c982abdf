using System;
using System.Linq;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Pipeline;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Wire;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Pipeline;

public sealed class MessagePipelineTests : IDisposable
{
    private readonly PipelineHarness _harness = new();
    private readonly Scenario _scenario;

    public MessagePipelineTests()
    {
        _scenario = new Scenario(_harness.Registry, async m => (await _harness.SendAsync(m)).Reason, _harness.Time.Advance);
    }

    [Fact]
    public async Task Pipeline_AcceptsAndStores_AValidObservationAndPayment()
    {
        var observation = _scenario.Sensor.Observation();
        var payment = _scenario.Payment();

        var observed = await _harness.SendAsync(observation);
        var paid = await _harness.SendAsync(payment);

        Assert.Equal(ReasonCode.Accepted, observed.Reason);
        Assert.Equal(new Acknowledgement(MessageKind.Observation, 1, ReasonCode.Accepted, observation.DigestWord), observed.ToAcknowledgement());
        Assert.Equal(ReasonCode.Accepted, paid.Reason);
        Assert.Equal(payment.DigestWord, await _harness.Store.FindDigestAsync(_scenario.Terminal.GatewayAddress, 1, default));
        Assert.Equal(new Gateway.Storage.DeviceHead(1, observation.DigestWord), await _harness.Store.GetHeadAsync(_scenario.Sensor.GatewayAddress, default));
        Assert.Equal(2, _harness.Metrics.Count(ReasonCode.Accepted));
        _harness.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Pipeline_AcceptsAMetersEnergyReading_AndAnswersItsOwnSequence()
    {
        var reading = _scenario.Meter.Observation(o => (o.Metric, o.Value) = (6, 4_250));

        var answered = await _harness.SendAsync(reading);

        Assert.Equal(new Acknowledgement(MessageKind.Observation, 1, ReasonCode.Accepted, reading.DigestWord), answered.ToAcknowledgement());
        Assert.Equal(reading.DigestWord, await _harness.Store.FindDigestAsync(_scenario.Meter.GatewayAddress, 1, default));
    }

    [Fact]
    public async Task Pipeline_AcceptsACrossBorderSale_AndRefusesOneInATokenOutsideTheDeployment_NamingIt()
    {
        var euro = new PayWith(TestChain.EuroToken, TestChain.EuroName, 13_000_000);
        var crossBorder = _scenario.Terminal.Payment(_scenario.Customer, FakeDeviceRegistry.DefaultOwner, payWith: euro);
        var foreign = _scenario.Terminal.Payment(
            _scenario.Customer, FakeDeviceRegistry.DefaultOwner, advance: false, payWith: euro with { Token = TestChain.Quorum });

        var accepted = await _harness.SendAsync(crossBorder);
        var refused = await _harness.SendAsync(foreign);

        Assert.Equal(ReasonCode.Accepted, accepted.Reason);
        Assert.Equal(crossBorder.DigestWord, await _harness.Store.FindDigestAsync(_scenario.Terminal.GatewayAddress, crossBorder.Sequence, default));
        Assert.Equal(ReasonCode.BadAuthorization, refused.Reason);
        Assert.Contains($"pay token {TestChain.Quorum} is not a token of the deployment", refused.Detail, StringComparison.Ordinal);
        _harness.Logs.AssertNoErrors();
    }

    [Theory]
    [MemberData(nameof(RejectionCases.Names), MemberType = typeof(RejectionCases))]
    public async Task Pipeline_AnswersEachFaultWithItsReason_AndAcceptsTheNextValidMessages(string name)
    {
        var @case = RejectionCases.Named(name);
        var bad = await @case.Build(_scenario);
        var storedBefore = await _harness.Store.CountMessagesAsync(default);

        var outcome = await _harness.SendAsync(bad);

        Assert.Equal(@case.Expected, outcome.Reason);
        Assert.Equal(storedBefore, await _harness.Store.CountMessagesAsync(default));
        Assert.Equal(1, _harness.Metrics.Count(@case.Expected));
        Assert.Equal(ReasonCode.Accepted, (await _harness.SendAsync(_scenario.Sensor.Observation())).Reason);
        Assert.Equal(ReasonCode.Accepted, (await _harness.SendAsync(_scenario.Payment())).Reason);
        Assert.Contains(_harness.Logs.Entries, e => e.Message.Contains(@case.Expected.ToString(), StringComparison.Ordinal));
        _harness.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Pipeline_RejectsReplayedSequence_WithSequenceReplayedReason()
    {
        var first = _scenario.Sensor.Observation();
        var second = _scenario.Sensor.Observation();
        await _harness.SendAsync(first);
        await _harness.SendAsync(second);

        var replay = _scenario.Sensor.Observation(o => (o.Sequence, o.Value) = (2, -1), advance: false);
        var outcome = await _harness.SendAsync(replay);

        Assert.Equal(ReasonCode.SequenceReplayed, outcome.Reason);
        Assert.Equal(2UL, outcome.Sequence);
        Assert.Equal(replay.DigestWord, outcome.Digest);
        Assert.Equal(second.DigestWord, await _harness.Store.FindDigestAsync(_scenario.Sensor.GatewayAddress, 2, default));
    }

    [Fact]
    public async Task Pipeline_AcceptsSequenceGaps_WhenThePrevHashLinks()
    {
        await _harness.SendAsync(_scenario.Sensor.Observation());

        var skipped = _scenario.Sensor.Observation(o => o.Sequence = 1000);

        Assert.Equal(ReasonCode.Accepted, (await _harness.SendAsync(skipped)).Reason);
        Assert.Equal(ReasonCode.Accepted, (await _harness.SendAsync(_scenario.Sensor.Observation())).Reason);
        Assert.Equal(1001UL, (await _harness.Store.GetHeadAsync(_scenario.Sensor.GatewayAddress, default))!.Value.Sequence);
    }

    [Fact]
    public async Task Pipeline_AcceptsAResentChain_AfterHashChainBroken()
    {
        var lost = _scenario.Sensor.Observation();
        var next = _scenario.Sensor.Observation();

        Assert.Equal(ReasonCode.HashChainBroken, (await _harness.SendAsync(next)).Reason);
        Assert.Equal(ReasonCode.Accepted, (await _harness.SendAsync(lost)).Reason);
        Assert.Equal(ReasonCode.Accepted, (await _harness.SendAsync(next)).Reason);
    }

    [Fact]
    public async Task Pipeline_AnswersUnavailable_AndLogsAnError_WhenTheRegistryIsDown()
    {
        _harness.Registry.Failure = new RegistryUnavailableException("connection refused");
        var message = _scenario.Sensor.Observation(advance: false);

        var outcome = await _harness.SendAsync(message);

        Assert.Equal(ReasonCode.Unavailable, outcome.Reason);
        Assert.Equal(MessageKind.Observation, outcome.Kind);
        Assert.Equal(1UL, outcome.Sequence);
        Assert.Contains(_harness.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception is RegistryUnavailableException);

        _harness.Registry.Failure = null;
        Assert.Equal(ReasonCode.Accepted, (await _harness.SendAsync(message)).Reason);
    }

    [Fact]
    public async Task Pipeline_AnswersUnavailable_AndKeepsServing_WhenTheStoreFails()
    {
        var failing = new FailingStore();
        using var harness = new PipelineHarness(wrapStore: inner => failing.Around(inner));
        var scenario = new Scenario(harness.Registry, async m => (await harness.SendAsync(m)).Reason, harness.Time.Advance);
        var message = scenario.Sensor.Observation();

        failing.Fail = true;
        var outcome = await harness.SendAsync(message);
        failing.Fail = false;

        Assert.Equal((ReasonCode.Unavailable, MessageKind.Observation, 1UL), (outcome.Reason, outcome.Kind, outcome.Sequence));
        Assert.Contains(harness.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception is System.IO.IOException);
        Assert.Equal(ReasonCode.Accepted, (await harness.SendAsync(message)).Reason);
    }

    [Fact]
    public async Task Pipeline_RefusesPublishesForAnotherDevice_WithNotAuthorized_WhenClientIdsAreBound()
    {
        using var harness = new PipelineHarness(mqtt: new Gateway.Options.MqttOptions { RequireClientIdMatchesDevice = true });
        var scenario = new Scenario(harness.Registry, async m => (await harness.SendAsync(m)).Reason, harness.Time.Advance);
        var message = scenario.Sensor.Observation();

        var foreign = await harness.SendAsync(message.Topic, message.Payload, clientId: scenario.Stranger.Address);
        var own = await harness.SendAsync(message.Topic, message.Payload, clientId: scenario.Sensor.Address);

        Assert.Equal((ReasonCode.NotAuthorized, scenario.Sensor.GatewayAddress), (foreign.Reason, foreign.AckDevice));
        Assert.Equal(ReasonCode.Accepted, own.Reason);
        Assert.Equal(1, harness.Metrics.Count(ReasonCode.NotAuthorized));
    }

    [Fact]
    public async Task Pipeline_AnswersTheTopicsDevice_EvenWhenTheEnvelopeNamesAnother()
    {
        var outcome = await _harness.SendAsync(_scenario.Sensor.Observation(advance: false).OnTopic(_scenario.Stranger.Topic("obs")));

        Assert.Equal(ReasonCode.TopicMismatch, outcome.Reason);
        Assert.Equal(_scenario.Stranger.GatewayAddress, outcome.AckDevice);
        Assert.Equal(_scenario.Sensor.GatewayAddress, outcome.Device);
    }

    [Fact]
    public async Task Pipeline_SerializesOneDevicesMessages_SoConcurrentCopiesStoreOnce()
    {
        var message = _scenario.Sensor.Observation();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _harness.SendAsync(message))));

        Assert.Single(outcomes, o => o.Reason == ReasonCode.Accepted);
        Assert.Equal(7, outcomes.Count(o => o.Reason == ReasonCode.Duplicate));
        Assert.Equal(1, await _harness.Store.CountMessagesAsync(default));
    }

    [Fact]
    public async Task Pipeline_PublishesEveryOutcome_AsAnEvent()
    {
        using var cancel = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = _harness.Events.SubscribeAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = events.MoveNextAsync();

        await _harness.SendAsync(_scenario.Stranger.Observation());

        Assert.True(await next);
        var answered = Assert.IsType<Gateway.Monitoring.MessageAnswered>(events.Current);
        Assert.Equal(ReasonCode.UnknownDevice, answered.Outcome.Reason);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await events.MoveNextAsync());
    }

    public void Dispose() => _harness.Dispose();

    /// <summary>A store that throws like a full disk while <see cref="Fail"/> is set.</summary>
    private sealed class FailingStore : Gateway.Storage.IMessageStore
    {
        private Gateway.Storage.IMessageStore _inner = null!;

        public bool Fail { get; set; }

        public FailingStore Around(Gateway.Storage.IMessageStore inner)
        {
            _inner = inner;
            return this;
        }

        public ValueTask<Gateway.Storage.DeviceHead?> GetHeadAsync(Address device, System.Threading.CancellationToken cancellationToken) =>
            _inner.GetHeadAsync(device, cancellationToken);

        public Task<Bytes32?> FindDigestAsync(Address device, ulong sequence, System.Threading.CancellationToken cancellationToken) =>
            _inner.FindDigestAsync(device, sequence, cancellationToken);

        public ValueTask<Gateway.Storage.AppendResult> AppendAsync(
            Gateway.Storage.NewMessage message, Gateway.Storage.DeviceHead? expectedHead, System.Threading.CancellationToken cancellationToken) =>
            Fail ? throw new System.IO.IOException("disk full") : _inner.AppendAsync(message, expectedHead, cancellationToken);

        public Task<long> CountMessagesAsync(System.Threading.CancellationToken cancellationToken) => _inner.CountMessagesAsync(cancellationToken);
    }
}
