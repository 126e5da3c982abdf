using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Chain;

// The relayer over a real SQLite outbox and a simulated chain: what it sends, in which order, and what it records.
public sealed class OutboxRelayerTests : IDisposable
{
    private readonly PipelineHarness _harness = new();
    private readonly FakeChainClient _chain = new();
    private readonly Scenario _scenario;
    private readonly ILoggerFactory _loggers;
    private readonly ChainOptions _options = TestChain.Options(relayEnabled: true);
    private readonly RelayerMetrics _relayerMetrics;

    public OutboxRelayerTests()
    {
        _scenario = new Scenario(_harness.Registry, async m => (await _harness.SendAsync(m)).Reason, _harness.Time.Advance);
        _loggers = _harness.Logs.CreateFactory();
        _relayerMetrics = new RelayerMetrics(_harness.MeterFactory);
        _options.RetryBaseDelay = TimeSpan.FromSeconds(2);
        _options.RetryMaxDelay = TimeSpan.FromSeconds(5);
        _options.BumpAfter = TimeSpan.FromSeconds(10);
    }

    [Fact]
    public async Task Relayer_SendsObservationsToQuorumInsurance_AndPaymentsToPaymentHub()
    {
        var observation = _scenario.Sensor.Observation();
        var payment = _scenario.Payment();
        await AcceptAsync(observation, payment);

        var outcomes = await Relayer().RelayRoundAsync(CancellationToken.None);

        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(RelayStatus.Relayed, o.Status));
        // Payments go first: a tap waits for its customer, a round has its window's grace.
        var calls = _chain.Calls;
        Assert.Equal(TestChain.Router, calls[0].Contract);
        var settle = Assert.IsType<SettleBatchFunction>(calls[0].Function);
        Assert.Equal((RelayTarget.Quorum, TestChain.Quorum), (calls[1].Target, calls[1].Contract));
        var round = Assert.IsType<SubmitRoundFunction>(calls[1].Function);
        var reading = Assert.Single(calls[1].Items);
        Assert.Equal((Address.Parse(_scenario.Sensor.Address), 1UL), (reading.Device, reading.Sequence));
        Assert.Equal(observation.Payload[^65..], round.Items[^65..]);
        Assert.Equal(_scenario.Customer.Address, Assert.Single(settle.Auths).From);
        Assert.Equal(new OutboxCounts(0, 0, 2, 0), await _harness.Sqlite.Outbox.CountAsync(default));
        Assert.Equal(2, _harness.Metrics.Snapshot().Relayed);
    }

    [Fact]
    public async Task Relayer_SignsWithItsOwnNonces_FromTheNodesPendingCount_AndEip1559Fees()
    {
        _chain.StartNonce = 7;
        _chain.Fees = new FeeSuggestion(3_000_000_000, 1_000_000_000);
        await AcceptAsync(_scenario.Sensor.Observation(), _scenario.Payment(), _scenario.NewSensor().Observation());

        await DrainAsync(Relayer());

        Assert.Equal([7L, 8L, 9L], _chain.Accepted.Select(t => t.Draft.Nonce));
        Assert.All(_chain.Accepted, t => Assert.Equal(new ChainFees(7_000_000_000, 1_000_000_000), t.Draft.Fees));
        Assert.All(_chain.Accepted, t => Assert.Equal(125_000, t.Draft.GasLimit));
    }

    [Fact]
    public async Task Relayer_CapsTheFee_AtMaxFeePerGasGwei()
    {
        _options.MaxFeePerGasGwei = 2.5m;
        _chain.Fees = new FeeSuggestion(3_000_000_000, 1_000_000_000);
        _chain.AutoMine = false;
        await AcceptAsync(_scenario.Sensor.Observation());

        await Relayer().RelayRoundAsync(CancellationToken.None);

        Assert.Equal(new ChainFees(2_500_000_000, 1_000_000_000), Assert.Single(_chain.Accepted).Draft.Fees);
        _harness.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Relayer_RecordsHashAndNonce_BeforeTheNodeSeesTheTransaction()
    {
        await AcceptAsync(_scenario.Sensor.Observation());
        var relayer = Relayer();
        _chain.BroadcastResults.Enqueue(new BroadcastResult(BroadcastStatus.Transient, "connection reset"));

        var first = Assert.Single(await relayer.RelayRoundAsync(CancellationToken.None));
        var row = Assert.Single(await _harness.Sqlite.Outbox.GetSubmittedAsync(default));
        _harness.Time.Advance(TimeSpan.FromSeconds(2));
        var second = Assert.Single(await DrainAsync(relayer));

        // The node never saw the first broadcast, yet the row already named the transaction; the retry sends the very same one.
        var broadcasts = _chain.Broadcasts.ToArray();
        Assert.Equal(RelayStatus.Retrying, first.Status);
        Assert.Equal((broadcasts[0].Hash, (long?)broadcasts[0].Draft.Nonce), (row.TransactionHash, row.TransactionNonce));
        Assert.Equal(broadcasts[0], broadcasts[1]);
        Assert.Equal((RelayStatus.Relayed, broadcasts[0].Hash), (second.Status, second.TransactionHash));
    }

    [Fact]
    public async Task Relayer_KeepsManyTransactionsInFlight_OnePerDevice_InSequenceOrderPerDevice()
    {
        _options.MaxInFlight = 16;
        _options.MaxInFlightPerDevice = 1;
        _chain.AutoMine = false;
        var sensors = Enumerable.Range(0, 20).Select(_ => _scenario.NewSensor()).ToArray();
        for (var message = 0; message < 3; message++)
        {
            foreach (var sensor in sensors)
            {
                await AcceptAsync(sensor.Observation());
            }
        }

        var relayer = Relayer();
        var outcomes = new List<RelayOutcome>();
        var inFlightAfterFirstRound = 0;
        for (var round = 0; round < 20 && outcomes.Count < 60; round++)
        {
            outcomes.AddRange(await relayer.RelayRoundAsync(CancellationToken.None));
            if (round == 0)
            {
                inFlightAfterFirstRound = _chain.Accepted.Count;
            }

            _chain.Mine();
        }

        Assert.Equal(16, inFlightAfterFirstRound);
        Assert.Equal(16, _relayerMetrics.Snapshot().MaxInFlight);
        Assert.Equal(60, outcomes.Count(o => o.Status == RelayStatus.Relayed));
        var sent = _chain.Accepted.ToArray();
        Assert.Equal(Enumerable.Range(0, 60).Select(n => (long)n), sent.Select(t => t.Draft.Nonce));
        foreach (var sensor in sensors)
        {
            var mine = sent.Select(t => Assert.Single(t.Draft.Call!.Items)).Where(i => i.Device == Address.Parse(sensor.Address)).ToArray();
            Assert.Equal([1UL, 2UL, 3UL], mine.Select(i => i.Sequence));
        }

        Assert.Equal(1, _chain.MaxPooledPerDevice);
        Assert.Equal(new OutboxCounts(0, 0, 60, 0), await _harness.Sqlite.Outbox.CountAsync(default));
    }

    [Fact]
    public async Task Relayer_KeepsAtMostABlocksGasPending_AndSendsTheRestAsBlocksTakeIt_InNonceOrder()
    {
        // Each transaction: the fake's estimate of 100,000 plus the 25 % margin. Four fit a 500,000-gas block.
        _options.MaxInFlight = 16;
        _chain.AutoMine = false;
        _chain.BlockGasLimit = 500_000;
        var sensors = Enumerable.Range(0, 10).Select(_ => _scenario.NewSensor()).ToArray();
        foreach (var sensor in sensors)
        {
            await AcceptAsync(sensor.Observation());
        }

        var relayer = Relayer();
        var outcomes = new List<RelayOutcome>();
        var mostPending = 0;
        for (var round = 0; round < 20 && outcomes.Count < sensors.Length; round++)
        {
            outcomes.AddRange(await relayer.RelayRoundAsync(CancellationToken.None));
            mostPending = Math.Max(mostPending, _chain.Pooled);
            _chain.Mine();
        }

        Assert.Equal(4, mostPending);
        Assert.Equal(sensors.Length, outcomes.Count(o => o.Status == RelayStatus.Relayed));
        Assert.Equal(Enumerable.Range(0, sensors.Length).Select(n => (long)n), _chain.Accepted.Select(t => t.Draft.Nonce));
        Assert.All(_chain.Accepted, t => Assert.Equal(125_000, t.Draft.GasLimit));
    }

    [Fact]
    public async Task Relayer_SendsAPaymentBeforeOlderObservations_WhenRoomIsShort()
    {
        // Room for two transactions; ten sensors' readings arrived before the sale. The tap goes first.
        _options.MaxInFlight = 2;
        _chain.AutoMine = false;
        var sensors = Enumerable.Range(0, 10).Select(_ => _scenario.NewSensor()).ToArray();
        foreach (var sensor in sensors)
        {
            await AcceptAsync(sensor.Observation());
        }

        await AcceptAsync(_scenario.Payment());

        await Relayer().RelayRoundAsync(CancellationToken.None);

        Assert.Equal([RelayTarget.PaymentHub, RelayTarget.Quorum], _chain.Calls.Select(c => c.Target));
        var sale = Assert.Single(_chain.Accepted, t => t.Draft.Call!.Target == RelayTarget.PaymentHub);
        Assert.Equal(0L, sale.Draft.Nonce);
    }

    [Fact]
    public async Task Relayer_SendsSeveralRowsOfADeviceAtOnce_UpToMaxInFlightPerDevice_InNonceOrderOfTheirSequences()
    {
        _options.MaxInFlight = 64;
        _options.MaxInFlightPerDevice = 4;
        _chain.AutoMine = false;
        var sensors = Enumerable.Range(0, 2).Select(_ => _scenario.NewSensor()).ToArray();
        for (var message = 0; message < 6; message++)
        {
            foreach (var sensor in sensors)
            {
                // Six consecutive 10-minute windows.
                var back = 600UL * (ulong)(5 - message);
                await AcceptAsync(sensor.Observation(o => (o.WindowStart, o.WindowEnd) = (o.WindowStart - back, o.WindowEnd - back)));
            }
        }

        var relayer = Relayer();
        var outcomes = new List<RelayOutcome>(await relayer.RelayRoundAsync(CancellationToken.None));
        var sentInTheFirstRound = _chain.Accepted.Count;
        for (var round = 0; round < 20 && outcomes.Count < 12; round++)
        {
            _chain.Mine();
            outcomes.AddRange(await relayer.RelayRoundAsync(CancellationToken.None));
        }

        // Each lone sensor's windows are rounds of their own: 4 of each device went out before anything was mined.
        Assert.Equal(8, sentInTheFirstRound);
        Assert.Equal(4, _chain.MaxPooledPerDevice);
        Assert.Equal(12, outcomes.Count(o => o.Status == RelayStatus.Relayed));
        var sent = _chain.Accepted.ToArray();
        foreach (var sensor in sensors)
        {
            var mine = sent.Where(t => Assert.Single(t.Draft.Call!.Items).Device == Address.Parse(sensor.Address)).ToArray();
            Assert.Equal([1UL, 2UL, 3UL, 4UL, 5UL, 6UL], mine.Select(t => Assert.Single(t.Draft.Call!.Items).Sequence));
            Assert.Equal(mine.Select(t => t.Draft.Nonce).Order(), mine.Select(t => t.Draft.Nonce));
        }

        Assert.Equal(new OutboxCounts(0, 0, 12, 0), await _harness.Sqlite.Outbox.CountAsync(default));
    }

    [Fact]
    public async Task Relayer_PutsOneReadingPerSensorInARound_ASecondReadingOfTheSameWindowWaits()
    {
        _chain.AutoMine = false;
        var sensor = _scenario.NewSensor();
        await AcceptAsync(sensor.Observation(), sensor.Observation());

        await Relayer().RelayRoundAsync(CancellationToken.None);

        var round = Assert.Single(_chain.Accepted);
        Assert.Equal(1UL, Assert.Single(round.Draft.Call!.Items).Sequence);
    }

    [Fact]
    public async Task Relayer_KeepsADevicesOrder_WhileItsFirstMessageWaitsOutABackoff()
    {
        await AcceptAsync(_scenario.Sensor.Observation(), _scenario.Sensor.Observation(), _scenario.Payment());
        _chain.Estimates.Enqueue(Estimate.Ready(100_000)); // the payment, estimated first (payments go first)
        _chain.Estimates.Enqueue(Estimate.Transient("connection refused"));
        var relayer = Relayer();

        var first = await relayer.RelayRoundAsync(CancellationToken.None);
        var whileWaiting = await relayer.RelayRoundAsync(CancellationToken.None);
        _harness.Time.Advance(TimeSpan.FromSeconds(2));
        await DrainAsync(relayer);

        Assert.Equal([RelayStatus.Retrying, RelayStatus.Relayed], first.Select(o => o.Status));
        Assert.Empty(whileWaiting);
        Assert.Equal([1UL, 2UL], SensorSequencesSent());
        Assert.Equal(new OutboxCounts(0, 0, 3, 0), await _harness.Sqlite.Outbox.CountAsync(default));
    }

    [Fact]
    public async Task Relayer_RecordsARevertAsFailed_WithoutRetrying_AndMovesOn()
    {
        await AcceptAsync(_scenario.Sensor.Observation(), _scenario.Sensor.Observation());
        _chain.Estimates.Enqueue(Estimate.Reverted("QuorumInsuranceBadRound()"));
        var relayer = Relayer();

        var outcomes = await DrainAsync(relayer);
        _harness.Time.Advance(TimeSpan.FromHours(1));
        var later = await relayer.RelayRoundAsync(CancellationToken.None);

        Assert.Equal((RelayStatus.Failed, "QuorumInsuranceBadRound()"), (outcomes[0].Status, outcomes[0].Error));
        Assert.Equal(RelayStatus.Relayed, outcomes[1].Status);
        Assert.Empty(later);
        Assert.Equal([2UL], SensorSequencesSent());
        Assert.Equal([0L], _chain.Accepted.Select(t => t.Draft.Nonce));
        Assert.Equal(new OutboxCounts(0, 0, 1, 1), await _harness.Sqlite.Outbox.CountAsync(default));
        Assert.Equal(1, _harness.Metrics.Snapshot().RelayFailed);
    }

    [Fact]
    public async Task Relayer_CountsAnEffectAlreadyOnChain_AsRelayed_WithoutATransaction()
    {
        await AcceptAsync(_scenario.Sensor.Observation(), _scenario.Sensor.Observation());
        _chain.Estimates.Enqueue(Estimate.AlreadyOnChain("the reading is counted for its window already"));
        var relayer = Relayer();

        var outcomes = await DrainAsync(relayer);

        Assert.Equal((RelayStatus.Relayed, (string?)null), (outcomes[0].Status, outcomes[0].TransactionHash));
        Assert.Equal(RelayStatus.Relayed, outcomes[1].Status);
        Assert.Equal([2UL], SensorSequencesSent());
        Assert.Equal(new OutboxCounts(0, 0, 2, 0), await _harness.Sqlite.Outbox.CountAsync(default));
        Assert.Equal(0, _harness.Metrics.Snapshot().RelayFailed);
    }

    [Fact]
    public async Task Relayer_SendsAgainAtTheSameNonce_WhenItsTransactionWasDroppedBeforeBeingMined()
    {
        _chain.AutoMine = false;
        _chain.ContractLike = true;
        await AcceptAsync(_scenario.Sensor.Observation());
        var relayer = Relayer();
        await relayer.RelayRoundAsync(CancellationToken.None);
        var dropped = Assert.Single(_chain.Accepted);

        _chain.Drop(dropped.Hash);
        Assert.Empty(await relayer.RelayRoundAsync(CancellationToken.None));
        var afterOneLook = _chain.Accepted.Count;
        Assert.Empty(await relayer.RelayRoundAsync(CancellationToken.None));
        _chain.Mine();
        var outcome = Assert.Single(await relayer.RelayRoundAsync(CancellationToken.None));

        // One look that misses the transaction is not enough; the second, a round later, sends it again.
        var again = _chain.Accepted.Last();
        Assert.Equal(1, afterOneLook);
        Assert.Equal(2, _chain.Accepted.Count);
        Assert.Equal(dropped.Draft.Nonce, again.Draft.Nonce);
        Assert.Equal((RelayStatus.Relayed, again.Hash), (outcome.Status, outcome.TransactionHash));
        Assert.Equal(1, Assert.Single(_chain.Effects.Values));
        Assert.Equal(1, _relayerMetrics.Snapshot().Resends);
    }

    [Fact]
    public async Task Relayer_SignsAgainWithFreshFees_WhenTheNodeRefusesTheFeeCap()
    {
        await AcceptAsync(_scenario.Sensor.Observation());
        var relayer = Relayer();
        _chain.BroadcastResults.Enqueue(new BroadcastResult(BroadcastStatus.FeeTooLow, "max fee per gas less than block base fee"));

        Assert.Equal(RelayStatus.Retrying, Assert.Single(await relayer.RelayRoundAsync(CancellationToken.None)).Status);
        _chain.Fees = new FeeSuggestion(5_000_000_000, 1_000_000_000);
        _harness.Time.Advance(TimeSpan.FromSeconds(2));
        var outcomes = await DrainAsync(relayer);

        var offered = _chain.Broadcasts.ToArray();
        Assert.Equal(RelayStatus.Relayed, Assert.Single(outcomes).Status);
        Assert.Equal(offered[0].Draft.Nonce, offered[1].Draft.Nonce);
        Assert.Equal(new ChainFees(11_000_000_000, 1_000_000_000), offered[1].Draft.Fees);
        Assert.Equal(offered[1].Hash, outcomes[0].TransactionHash);
    }

    [Fact]
    public async Task Relayer_BacksOffExponentially_UpToTheMaximum()
    {
        await AcceptAsync(_scenario.Sensor.Observation());
        var relayer = Relayer();
        var delays = new TimeSpan[4];
        for (var attempt = 0; attempt < delays.Length; attempt++)
        {
            _chain.Estimates.Enqueue(Estimate.Transient("timeout"));
            var before = _harness.Time.GetUtcNow();
            Assert.Equal(RelayStatus.Retrying, Assert.Single(await relayer.RelayRoundAsync(CancellationToken.None)).Status);
            var row = Assert.Single(await _harness.Sqlite.Outbox.GetNextPerDeviceAsync(10, 1, default));
            delays[attempt] = row.NextAttemptAt - before;
            Assert.Equal(attempt + 1, row.Attempts);
            _harness.Time.Advance(delays[attempt]);
        }

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)], delays);
    }

    [Fact]
    public async Task Relayer_FollowsTheRecordedTransaction_InsteadOfSendingAgain_AfterARestart()
    {
        _chain.AutoMine = false;
        await AcceptAsync(_scenario.Sensor.Observation(), _scenario.NewSensor().Observation());
        await Relayer().RelayRoundAsync(CancellationToken.None);
        var before = _chain.Accepted.Select(t => t.Hash).ToArray();

        // A new relayer with a new nonce manager over the same store and node, as after a crash.
        _chain.ForgetNonces();
        var restarted = Relayer();
        Assert.Empty(await restarted.RelayRoundAsync(CancellationToken.None));
        _chain.Mine();
        var outcomes = await restarted.RelayRoundAsync(CancellationToken.None);

        Assert.Equal(before.Order(), outcomes.Select(o => o.TransactionHash!).Order());
        Assert.All(outcomes, o => Assert.Equal(RelayStatus.Relayed, o.Status));
        Assert.Equal(2, _chain.Broadcasts.Count);
        Assert.Contains(_harness.Logs.Entries, e => e.EventId.Id == 307);
    }

    [Fact]
    public async Task Relayer_SendsARecordedTransactionTheNodeNeverSaw_AtItsNonce_AfterARestart_AndGivesThatNonceToNoOneElse()
    {
        _chain.ContractLike = true;
        await AcceptAsync(_scenario.Sensor.Observation());
        _chain.BroadcastResults.Enqueue(new BroadcastResult(BroadcastStatus.Transient, "connection reset"));
        await Relayer().RelayRoundAsync(CancellationToken.None);
        var recorded = Assert.Single(await _harness.Sqlite.Outbox.GetSubmittedAsync(default));

        // Restarted before the send went through: the node's count is still 0, yet nonce 0 belongs to the recorded row.
        _chain.ForgetNonces();
        var other = _scenario.NewSensor();
        await AcceptAsync(other.Observation());
        var outcomes = await DrainAsync(Relayer());

        Assert.Equal(0, recorded.TransactionNonce);
        Assert.Equal(2, outcomes.Count(o => o.Status == RelayStatus.Relayed));
        var sent = _chain.Accepted.ToDictionary(t => Assert.Single(t.Draft.Call!.Items).Device, t => t.Draft.Nonce);
        Assert.Equal((0L, 1L), (sent[Address.Parse(_scenario.Sensor.Address)], sent[Address.Parse(other.Address)]));
        Assert.All(_chain.Effects.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task Relayer_KeepsItsTransactions_WhileTheNodeIsDown_AndCarriesOnAfter()
    {
        _chain.AutoMine = false;
        await AcceptAsync(_scenario.Sensor.Observation());
        var relayer = Relayer();
        await relayer.RelayRoundAsync(CancellationToken.None);

        _chain.Down = true;
        var whileDown = await relayer.RelayRoundAsync(CancellationToken.None);
        _chain.Down = false;
        _chain.Mine();
        var after = await relayer.RelayRoundAsync(CancellationToken.None);

        Assert.Empty(whileDown);
        Assert.Equal(RelayStatus.Relayed, Assert.Single(after).Status);
        Assert.Single(_chain.Accepted);
    }

    [Fact]
    public async Task Relayer_RecordsAMinedRevert_AsFailedWithItsTransaction()
    {
        await AcceptAsync(_scenario.Sensor.Observation());
        _chain.MinedOutcomes.Enqueue(false);
        _chain.Estimates.Enqueue(Estimate.Ready(100_000));
        _chain.Estimates.Enqueue(Estimate.Reverted("QuorumInsuranceWindowAlreadyDecided()"));

        var outcome = Assert.Single(await Relayer().RelayRoundAsync(CancellationToken.None));

        Assert.Equal((RelayStatus.Failed, _chain.Accepted.Single().Hash), (outcome.Status, outcome.TransactionHash));
        Assert.Contains("QuorumInsuranceWindowAlreadyDecided", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(new OutboxCounts(0, 0, 0, 1), await _harness.Sqlite.Outbox.CountAsync(default));
    }

    [Fact]
    public async Task Relayer_SendsAgain_WhenItsTransactionRevertedOnChain_ButTheCallEstimatesFineNow()
    {
        _chain.ContractLike = true;
        await AcceptAsync(_scenario.Sensor.Observation());
        _chain.MinedOutcomes.Enqueue(false);   // e.g. out of gas: the state changed between estimate and block

        var outcomes = await DrainAsync(Relayer());

        Assert.Equal(RelayStatus.Relayed, Assert.Single(outcomes).Status);
        Assert.Equal([0L, 1L], _chain.Accepted.Select(t => t.Draft.Nonce));
        Assert.Equal(1, Assert.Single(_chain.Effects.Values));
    }

    [Fact]
    public async Task Relayer_DoesNotCountATransactionWithoutTheContractsEvent_AsRelayed()
    {
        _chain.ContractLike = true;
        _chain.ContractsMissing = true;   // a chain whose state is not restored yet: the call "succeeds" against no code
        await AcceptAsync(_scenario.Sensor.Observation());
        var relayer = Relayer();

        var whileMissing = await relayer.RelayRoundAsync(CancellationToken.None);
        _chain.ContractsMissing = false;
        var outcomes = await DrainAsync(relayer);

        Assert.Empty(whileMissing);
        Assert.Equal(RelayStatus.Relayed, Assert.Single(outcomes).Status);
        Assert.Equal(1, Assert.Single(_chain.Effects.Values));
        Assert.Equal(new OutboxCounts(0, 0, 1, 0), await _harness.Sqlite.Outbox.CountAsync(default));
    }

    [Fact]
    public async Task Relayer_GivesUp_OnATransactionThatKeepsRevertingOnChain()
    {
        await AcceptAsync(_scenario.Sensor.Observation());
        for (var i = 0; i < 10; i++)
        {
            _chain.MinedOutcomes.Enqueue(false);
        }

        var outcomes = await DrainAsync(Relayer());

        Assert.Equal(RelayStatus.Failed, Assert.Single(outcomes).Status);
        Assert.Equal(4, _chain.Accepted.Count);
        Assert.Equal(new OutboxCounts(0, 0, 0, 1), await _harness.Sqlite.Outbox.CountAsync(default));
    }

    [Fact]
    public async Task Relayer_WaitsForTheConfirmationDepth_BeforeTheRowIsRelayed()
    {
        _options.Confirmations = 3;
        _chain.AutoMine = false;
        await AcceptAsync(_scenario.Sensor.Observation(), _scenario.Payment());
        var relayer = Relayer();
        await relayer.RelayRoundAsync(CancellationToken.None);

        _chain.Mine();
        var oneDeep = await relayer.RelayRoundAsync(CancellationToken.None);
        var receiptLookups = _chain.ReceiptLookups.Count;
        _chain.Mine();
        var twoDeep = await relayer.RelayRoundAsync(CancellationToken.None);
        var countsAtTwo = await _harness.Sqlite.Outbox.CountAsync(default);
        _chain.Mine();
        var threeDeep = await relayer.RelayRoundAsync(CancellationToken.None);

        // Once mined, both are followed by their block's hash (one lookup a round for the shared block), not by receipts.
        Assert.Equal(receiptLookups, _chain.ReceiptLookups.Count);
        Assert.Equal([1L, 1L], _chain.BlockHashLookups);
        Assert.Empty(oneDeep);
        Assert.Empty(twoDeep);
        Assert.Equal(new OutboxCounts(0, 2, 0, 0), countsAtTwo);
        Assert.Equal(2, threeDeep.Count(o => o.Status == RelayStatus.Relayed));
        Assert.Equal(2, _chain.Accepted.Count);
    }

    [Fact]
    public async Task Relayer_SendsAgain_WhenItsBlockIsReorganisedAwayBeforeTheDepth_AndTheTransactionIsLost()
    {
        var relayer = await MinedTwoOfThreeBlocksDeepAsync();

        _chain.Reorg(depth: 2, reinclude: false);
        Assert.Empty(await relayer.RelayRoundAsync(CancellationToken.None));
        Assert.Empty(await relayer.RelayRoundAsync(CancellationToken.None));
        var countsAfterReorg = await _harness.Sqlite.Outbox.CountAsync(default);
        _chain.Mine(3);
        var outcome = Assert.Single(await relayer.RelayRoundAsync(CancellationToken.None));

        Assert.Equal(new OutboxCounts(0, 1, 0, 0), countsAfterReorg);
        Assert.Equal(RelayStatus.Relayed, outcome.Status);
        Assert.Equal(2, _chain.Accepted.Count);
        Assert.Equal(1, Assert.Single(_chain.Effects.Values));
        Assert.Equal((1L, 1L), (_relayerMetrics.Snapshot().Reorgs, _relayerMetrics.Snapshot().Resends));
    }

    [Fact]
    public async Task Relayer_FollowsAReorganisedTransaction_ThatTheNewBlockTookBack_WithoutSendingAgain()
    {
        var relayer = await MinedTwoOfThreeBlocksDeepAsync();

        _chain.Reorg(depth: 2, reinclude: true);
        Assert.Empty(await relayer.RelayRoundAsync(CancellationToken.None));
        _chain.Mine();
        var outcome = Assert.Single(await relayer.RelayRoundAsync(CancellationToken.None));

        Assert.Equal((RelayStatus.Relayed, _chain.Accepted.Single().Hash), (outcome.Status, outcome.TransactionHash));
        Assert.Equal(1, Assert.Single(_chain.Effects.Values));
        Assert.Equal(0, _relayerMetrics.Snapshot().Resends);
    }

    [Fact]
    public async Task Relayer_ReplacesATransactionTheBaseFeePricedOut_InTheNextRound_NotAfterBumpAfter()
    {
        _chain.AutoMine = false;
        _chain.ContractLike = true;
        await AcceptAsync(_scenario.Sensor.Observation());
        var relayer = Relayer();
        await relayer.RelayRoundAsync(CancellationToken.None);
        var first = Assert.Single(_chain.Accepted);

        // The next block's base fee is above the transaction's fee cap: no block can take it.
        var baseFee = first.Draft.Fees.MaxFeePerGas + 1;
        _chain.Fees = new FeeSuggestion(baseFee, 1_000_000_000);
        _chain.Mine();
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await relayer.RelayRoundAsync(CancellationToken.None));

        var bump = _chain.Accepted.Last();
        Assert.Equal(2, _chain.Accepted.Count);
        Assert.Equal(first.Draft.Nonce, bump.Draft.Nonce);
        Assert.True(bump.Draft.Fees.MaxFeePerGas >= 2 * baseFee, "a fee cap with room above the risen base fee: " + bump.Draft.Fees.MaxFeePerGas);
        Assert.Equal(1, _relayerMetrics.Snapshot().Bumps);
        _chain.Mine();
        var outcome = Assert.Single(await relayer.RelayRoundAsync(CancellationToken.None));
        Assert.Equal((RelayStatus.Relayed, bump.Hash), (outcome.Status, outcome.TransactionHash));
    }

    [Fact]
    public async Task Relayer_ReplacesAStuckTransaction_AtTheSameNonce_WithFeesUpByAnEighth()
    {
        _chain.AutoMine = false;
        _chain.ContractLike = true;
        await AcceptAsync(_scenario.Sensor.Observation());
        var relayer = Relayer();
        await relayer.RelayRoundAsync(CancellationToken.None);
        var first = Assert.Single(_chain.Accepted);

        // No block takes it (the node holds it back), although its fees still pay the base fee.
        _harness.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(await relayer.RelayRoundAsync(CancellationToken.None));
        var beforeBumpAfter = _chain.Accepted.Count;
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await relayer.RelayRoundAsync(CancellationToken.None));
        _chain.Mine();
        var outcome = Assert.Single(await relayer.RelayRoundAsync(CancellationToken.None));

        var bump = _chain.Accepted.Last();
        Assert.Equal(1, beforeBumpAfter);
        Assert.Equal(first.Draft.Nonce, bump.Draft.Nonce);
        Assert.True(bump.Draft.Fees.MaxFeePerGas * 8 >= first.Draft.Fees.MaxFeePerGas * 9, "max fee up by at least 12.5 %");
        Assert.True(bump.Draft.Fees.MaxPriorityFeePerGas * 8 >= first.Draft.Fees.MaxPriorityFeePerGas * 9, "tip up by at least 12.5 %");
        Assert.Equal((RelayStatus.Relayed, bump.Hash), (outcome.Status, outcome.TransactionHash));
        Assert.Equal(1, Assert.Single(_chain.Effects.Values));
        Assert.Equal(1, _relayerMetrics.Snapshot().Bumps);
    }

    [Fact]
    public async Task Relayer_StopsBumping_AtTheFeeCap()
    {
        _options.MaxFeePerGasGwei = 4m;
        _chain.AutoMine = false;
        await AcceptAsync(_scenario.Sensor.Observation());
        var relayer = Relayer();
        await relayer.RelayRoundAsync(CancellationToken.None);
        _chain.Fees = new FeeSuggestion(10_000_000_000, 1_000_000_000);

        for (var i = 0; i < 6; i++)
        {
            _harness.Time.Advance(_options.BumpAfter);
            await relayer.RelayRoundAsync(CancellationToken.None);
        }

        var fees = _chain.Accepted.Select(t => t.Draft.Fees.MaxFeePerGas).ToArray();
        Assert.Equal(3_000_000_000, fees[0]);
        Assert.Equal(4_000_000_000, fees[^1]);
        Assert.Equal(2, fees.Length);
        Assert.Contains(_harness.Logs.Entries, e => e.EventId.Id == 309);
    }

    [Fact]
    public async Task Relayer_FillsANonceGap_ThatAnotherSenderLeft_SoItsTransactionsAreMined()
    {
        await AcceptAsync(_scenario.Sensor.Observation());
        var relayer = Relayer();

        // Another sender of the account (the anchorer) took nonce 0 and never sent it, then took 1 and sent it.
        Assert.Equal(0, await _chain.Nonces.TakeAsync(CancellationToken.None));
        var theirs = _chain.Sign(TransactionDraft.Filler(_chain.Account, await _chain.Nonces.TakeAsync(CancellationToken.None), new ChainFees(2_000_000_000, 500_000_000)));
        Assert.Equal(BroadcastResult.Accepted, await _chain.BroadcastAsync(theirs, CancellationToken.None));
        Assert.Empty(await relayer.RelayRoundAsync(CancellationToken.None));
        Assert.Empty(await relayer.RelayRoundAsync(CancellationToken.None));
        _harness.Time.Advance(OutboxRelayer.GapGrace);
        var outcomes = await DrainAsync(relayer);

        var sent = _chain.Accepted.ToArray();
        Assert.Equal([1L, 2L, 0L], sent.Select(t => t.Draft.Nonce));
        Assert.Null(sent[2].Draft.Call);
        Assert.Equal(RelayStatus.Relayed, Assert.Single(outcomes).Status);
        Assert.Equal(1, _relayerMetrics.Snapshot().GapFills);
    }

    [Fact]
    public async Task Relayer_MovesOn_ToTheNodesNonce_WhenAnotherSenderUsedItsNext()
    {
        _chain.ContractLike = true;
        await AcceptAsync(_scenario.Sensor.Observation());
        var relayer = Relayer();
        await DrainAsync(relayer);

        _chain.StartNonce = 5;   // five transactions of the account mined behind the relayer's back
        await AcceptAsync(_scenario.Sensor.Observation());
        var outcomes = await DrainAsync(relayer);

        Assert.Equal(RelayStatus.Relayed, Assert.Single(outcomes).Status);
        Assert.Equal([0L, 6L], _chain.Accepted.Select(t => t.Draft.Nonce));
        Assert.All(_chain.Effects.Values, count => Assert.Equal(1, count));
    }

    // One observation relayed to a chain that asks for 3 confirmations, mined and 2 blocks deep: not yet relayed.
    private async Task<OutboxRelayer> MinedTwoOfThreeBlocksDeepAsync()
    {
        _options.Confirmations = 3;
        _chain.AutoMine = false;
        _chain.ContractLike = true;
        await AcceptAsync(_scenario.Sensor.Observation());
        var relayer = Relayer();
        await relayer.RelayRoundAsync(CancellationToken.None);
        _chain.Mine(2);
        Assert.Empty(await relayer.RelayRoundAsync(CancellationToken.None));
        return relayer;
    }

    private OutboxRelayer Relayer() => _harness.Relayer(_chain, _relayerMetrics, _options, _loggers);

    private Task AcceptAsync(params SignedMessage[] messages) => _harness.AcceptAsync(messages);

    private static Task<List<RelayOutcome>> DrainAsync(OutboxRelayer relayer) => RelayerRounds.DrainAsync(relayer);

    private ulong[] SensorSequencesSent() =>
        _chain.Calls.Where(c => c.Target == RelayTarget.Quorum).SelectMany(c => c.Items)
            .Where(i => i.Device == Address.Parse(_scenario.Sensor.Address)).Select(i => i.Sequence).ToArray();

    // Every path here (reverts and RPC errors included) is one the relayer handles; none may log an error.
    public void Dispose()
    {
        var logs = _harness.Logs;
        _loggers.Dispose();
        _harness.Dispose();
        logs.AssertNoErrors();
    }
}
