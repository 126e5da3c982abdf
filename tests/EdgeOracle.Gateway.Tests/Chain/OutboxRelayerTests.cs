using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Protocol;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Chain;

public sealed class OutboxRelayerTests : IDisposable
{
    private readonly PipelineHarness _harness = new();
    private readonly FakeChainClient _chain = new();
    private readonly Scenario _scenario;
    private readonly ILoggerFactory _loggers;
    private readonly ChainOptions _options = TestChain.Options(relayEnabled: true);

    public OutboxRelayerTests()
    {
        _scenario = new Scenario(_harness.Registry, async m => (await _harness.SendAsync(m)).Reason, _harness.Time.Advance);
        _loggers = _harness.Logs.CreateFactory();
        _options.RetryBaseDelay = TimeSpan.FromSeconds(2);
        _options.RetryMaxDelay = TimeSpan.FromSeconds(5);
    }

    [Fact]
    public async Task Relayer_SendsObservationsToInsurance_AndPaymentsToTheRouter()
    {
        var observation = _scenario.Sensor.Observation();
        var payment = _scenario.Payment();
        await AcceptAsync(observation, payment);

        var outcomes = await Relayer().RelayRoundAsync(CancellationToken.None);

        Assert.All(outcomes, o => Assert.Equal(RelayStatus.Relayed, o.Status));
        var calls = _chain.Calls.ToArray();
        Assert.Equal(TestChain.Insurance, calls[0].Contract);
        var submit = Assert.IsType<SubmitObservationFunction>(calls[0].Function);
        Assert.Equal((_scenario.Sensor.Address, 1UL), (submit.Obs.Device, submit.Obs.Sequence));
        Assert.Equal(observation.Payload[^65..], submit.Signature);
        Assert.Equal(TestChain.Router, calls[1].Contract);
        var settle = Assert.IsType<SettleFunction>(calls[1].Function);
        Assert.Equal(_scenario.Customer.Address, settle.Auth.From);
        Assert.Equal(new OutboxCounts(0, 0, 2, 0), await _harness.Sqlite.CountAsync(default));
        Assert.Equal(2, _harness.Metrics.Snapshot().Relayed);
        _harness.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Relayer_KeepsADevicesOrder_WhileItsFirstMessageWaitsOutABackoff()
    {
        await AcceptAsync(_scenario.Sensor.Observation(), _scenario.Sensor.Observation(), _scenario.Payment());
        _chain.SendResults.Enqueue(SendResult.Transient("connection refused"));
        var relayer = Relayer();

        var first = await relayer.RelayRoundAsync(CancellationToken.None);
        var whileWaiting = await relayer.RelayRoundAsync(CancellationToken.None);
        _harness.Time.Advance(TimeSpan.FromSeconds(2));
        await DrainAsync(relayer);

        Assert.Equal([RelayStatus.Retrying, RelayStatus.Relayed], first.Select(o => o.Status));
        Assert.Empty(whileWaiting);
        Assert.Equal([1UL, 1UL, 2UL], SensorSequencesSent());
        Assert.Equal(new OutboxCounts(0, 0, 3, 0), await _harness.Sqlite.CountAsync(default));
    }

    [Fact]
    public async Task Relayer_RecordsARevertAsFailed_WithoutRetrying_AndMovesOn()
    {
        await AcceptAsync(_scenario.Sensor.Observation(), _scenario.Sensor.Observation());
        _chain.SendResults.Enqueue(SendResult.Reverted("ParametricInsuranceBadWindow(100, 160)"));
        var relayer = Relayer();

        var outcomes = await DrainAsync(relayer);
        _harness.Time.Advance(TimeSpan.FromHours(1));
        var later = await relayer.RelayRoundAsync(CancellationToken.None);

        Assert.Equal((RelayStatus.Failed, "ParametricInsuranceBadWindow(100, 160)"), (outcomes[0].Status, outcomes[0].Error));
        Assert.Equal(RelayStatus.Relayed, outcomes[1].Status);
        Assert.Empty(later);
        Assert.Equal([1UL, 2UL], SensorSequencesSent());
        Assert.Equal(new OutboxCounts(0, 0, 1, 1), await _harness.Sqlite.CountAsync(default));
        Assert.Equal(1, _harness.Metrics.Snapshot().RelayFailed);
    }

    [Fact]
    public async Task Relayer_CountsAnEffectAlreadyOnChain_AsRelayed_WithoutATransaction()
    {
        await AcceptAsync(_scenario.Sensor.Observation(), _scenario.Sensor.Observation());
        _chain.SendResults.Enqueue(SendResult.AlreadyOnChain("ParametricInsuranceSequenceReplayed: the same observation is recorded"));
        var relayer = Relayer();

        var outcomes = await DrainAsync(relayer);

        Assert.Equal((RelayStatus.Relayed, (string?)null), (outcomes[0].Status, outcomes[0].TransactionHash));
        Assert.Equal(RelayStatus.Relayed, outcomes[1].Status);
        Assert.Equal([1UL, 2UL], SensorSequencesSent());
        Assert.Equal(new OutboxCounts(0, 0, 2, 0), await _harness.Sqlite.CountAsync(default));
        Assert.Equal(0, _harness.Metrics.Snapshot().RelayFailed);
    }

    [Fact]
    public async Task Relayer_SendsAgain_WhenItsTransactionWasDroppedBeforeBeingMined()
    {
        await AcceptAsync(_scenario.Sensor.Observation());
        const string dropped = "0x00000000000000000000000000000000000000000000000000000000000000dd";
        _chain.SendResults.Enqueue(SendResult.Sent(dropped));
        _chain.Receipts[dropped] = null;
        _chain.Dropped[dropped] = true;
        var relayer = Relayer();

        var outcomes = await DrainAsync(relayer);

        Assert.Single(outcomes);
        Assert.Equal(RelayStatus.Relayed, outcomes[0].Status);
        Assert.NotEqual(dropped, outcomes[0].TransactionHash);
        Assert.Equal([1UL, 1UL], SensorSequencesSent());
        Assert.Equal(new OutboxCounts(0, 0, 1, 0), await _harness.Sqlite.CountAsync(default));
    }

    [Fact]
    public async Task Relayer_BacksOffExponentially_UpToTheMaximum()
    {
        await AcceptAsync(_scenario.Sensor.Observation());
        var relayer = Relayer();
        var delays = new TimeSpan[4];
        for (var attempt = 0; attempt < delays.Length; attempt++)
        {
            _chain.SendResults.Enqueue(SendResult.Transient("timeout"));
            var before = _harness.Time.GetUtcNow();
            Assert.Equal(RelayStatus.Retrying, Assert.Single(await relayer.RelayRoundAsync(CancellationToken.None)).Status);
            var row = Assert.Single(await _harness.Sqlite.GetNextPerDeviceAsync(10, default));
            delays[attempt] = row.NextAttemptAt - before;
            Assert.Equal(attempt + 1, row.Attempts);
            _harness.Time.Advance(delays[attempt]);
        }

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)], delays);
    }

    [Fact]
    public async Task Relayer_LooksTheReceiptUp_InsteadOfSendingAgain_AfterARestart()
    {
        await AcceptAsync(_scenario.Sensor.Observation());
        _chain.ReceiptFailure = new System.Net.Http.HttpRequestException("node down");

        var beforeRestart = Assert.Single(await Relayer().RelayRoundAsync(CancellationToken.None));
        _chain.ReceiptFailure = null;
        _harness.Time.Advance(TimeSpan.FromMinutes(1));
        var afterRestart = Assert.Single(await Relayer().RelayRoundAsync(CancellationToken.None));

        Assert.Equal(RelayStatus.Retrying, beforeRestart.Status);
        Assert.Equal(RelayStatus.Relayed, afterRestart.Status);
        Assert.Equal(beforeRestart.TransactionHash, afterRestart.TransactionHash);
        Assert.Single(_chain.Calls);
        Assert.Equal([beforeRestart.TransactionHash!, beforeRestart.TransactionHash!], _chain.ReceiptLookups.ToArray());
    }

    [Fact]
    public async Task Relayer_RecordsAMinedRevert_AsFailedWithItsTransaction()
    {
        await AcceptAsync(_scenario.Sensor.Observation());
        _chain.SendResults.Enqueue(SendResult.Sent("0xfeed"));
        _chain.Receipts["0xfeed"] = new ChainReceipt(false, 10);

        var outcome = Assert.Single(await Relayer().RelayRoundAsync(CancellationToken.None));

        Assert.Equal((RelayStatus.Failed, "0xfeed"), (outcome.Status, outcome.TransactionHash));
        Assert.Equal(new OutboxCounts(0, 0, 0, 1), await _harness.Sqlite.CountAsync(default));
    }

    [Fact]
    public async Task Relayer_WaitsForConfirmations_AndRetriesWhenTheyDoNotComeInTime()
    {
        await AcceptAsync(_scenario.Sensor.Observation(), _scenario.Payment());
        _options.Confirmations = 3;
        _options.ReceiptTimeout = TimeSpan.FromSeconds(5);
        _chain.BlockNumber = _chain.MinedBlock + 1;

        var round = Relayer().RelayRoundAsync(CancellationToken.None);
        var patience = System.Diagnostics.Stopwatch.StartNew();
        while (!round.IsCompleted && patience.Elapsed < TimeSpan.FromSeconds(20))
        {
            // The relayer sleeps on the fake clock between receipt polls; move it on until the round gives up.
            await Task.Delay(5);
            _harness.Time.Advance(_options.ReceiptPollInterval);
        }

        var waited = await round.WaitAsync(TimeSpan.FromSeconds(1));
        _chain.BlockNumber = _chain.MinedBlock + 2;
        _harness.Time.Advance(TimeSpan.FromMinutes(1));
        var confirmed = await Relayer().RelayRoundAsync(CancellationToken.None);

        Assert.All(waited, o => Assert.Equal((RelayStatus.Retrying, "no confirmed receipt yet"), (o.Status, o.Error)));
        Assert.All(confirmed, o => Assert.Equal(RelayStatus.Relayed, o.Status));
        Assert.Equal(2, confirmed.Count);
        Assert.Equal(2, _chain.Calls.Count);
    }

    private OutboxRelayer Relayer() => new(
        _harness.Sqlite, _chain, _harness.Outbox, _harness.Metrics, _harness.Events, _harness.Time,
        Microsoft.Extensions.Options.Options.Create(_options), _loggers.CreateLogger<OutboxRelayer>());

    private async Task AcceptAsync(params SignedMessage[] messages)
    {
        foreach (var message in messages)
        {
            Assert.Equal(ReasonCode.Accepted, (await _harness.SendAsync(message)).Reason);
        }
    }

    private static async Task<System.Collections.Generic.List<RelayOutcome>> DrainAsync(OutboxRelayer relayer)
    {
        var all = new System.Collections.Generic.List<RelayOutcome>();
        for (var round = 0; round < 10; round++)
        {
            var outcomes = await relayer.RelayRoundAsync(CancellationToken.None);
            if (outcomes.Count == 0)
            {
                break;
            }

            all.AddRange(outcomes);
        }

        return all;
    }

    private ulong[] SensorSequencesSent() =>
        _chain.Calls.Select(c => c.Function).OfType<SubmitObservationFunction>().Select(f => f.Obs.Sequence).ToArray();

    // Every path here (reverts and RPC errors included) is one the relayer handles; none may log an error.
    public void Dispose()
    {
        var logs = _harness.Logs;
        _loggers.Dispose();
        _harness.Dispose();
        logs.AssertNoErrors();
    }
}
