using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Tests.TestSupport;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Chain;

// The batched path of the relayer: payments to PaymentHub.settleBatch and energy readings to
// RevenueDistributor.submitProduction, one transaction for many devices, each row ending by its own item's event.
public sealed class OutboxRelayerBatchTests : IDisposable
{
    private readonly PipelineHarness _harness = new();
    private readonly FakeChainClient _chain = new();
    private readonly ILoggerFactory _loggers;
    private readonly ChainOptions _options = TestChain.Options(relayEnabled: true);
    private readonly RelayerMetrics _relayerMetrics;
    private readonly TestDevice _customer = new();

    public OutboxRelayerBatchTests()
    {
        _loggers = _harness.Logs.CreateFactory();
        _relayerMetrics = new RelayerMetrics(_harness.MeterFactory);
        _options.RetryBaseDelay = TimeSpan.FromSeconds(2);
        _options.RetryMaxDelay = TimeSpan.FromSeconds(5);
    }

    [Fact]
    public async Task PaymentsOfManyTerminals_GoAsOneSettleBatch_AndEveryRowRecordsItsTransaction()
    {
        var sales = await SalesAsync(5);

        var outcomes = await Relayer().RelayRoundAsync(CancellationToken.None);

        var transaction = Assert.Single(_chain.Accepted);
        var batch = Assert.IsType<SettleBatchFunction>(transaction.Draft.Call!.Function);
        Assert.Equal(5, batch.Intents.Count);
        Assert.Equal(sales.Select(s => s.Terminal.Address), batch.Intents.Select(i => i.Terminal));
        Assert.Equal(5, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal((RelayStatus.Relayed, transaction.Hash), (o.Status, o.TransactionHash)));
        Assert.Equal(new OutboxCounts(0, 0, 5, 0), await _harness.Sqlite.Outbox.CountAsync(default));
    }

    [Fact]
    public async Task ACrossBorderSale_GoesAloneToSettleCrossBorder_WhileTheDomesticOnesShareABatch()
    {
        _chain.ContractLike = true;
        await SalesAsync(2);
        var terminal = Register(new TestDevice(), DeviceRole.Terminal);
        var sale = terminal.Payment(_customer, FakeDeviceRegistry.DefaultOwner, payWith: new PayWith(TestChain.EuroToken, TestChain.EuroName, 13_000_000));
        await AcceptAsync(sale);

        var outcomes = await DrainAsync(Relayer());

        Assert.Equal(3, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(RelayStatus.Relayed, o.Status));
        var single = Assert.Single(_chain.Calls, c => c.Target == RelayTarget.CrossBorder);
        var function = Assert.IsType<SettleCrossBorderFunction>(single.Function);
        Assert.Equal(TestChain.EuroToken, function.Auth.PayToken);
        Assert.Equal(13_000_000, function.Auth.MaxInput);
        Assert.Equal(_customer.Address.ToLowerInvariant(), function.Auth.From);
        Assert.Equal(terminal.Address.ToLowerInvariant(), function.Intent.Terminal);
        Assert.Equal(2, Assert.Single(_chain.Calls, c => c.Target == RelayTarget.PaymentHub).Items.Count);
    }

    [Fact]
    public async Task ACrossBorderSaleTheSwapRefuses_Fails_WithTheReasonInItsRow()
    {
        var terminal = Register(new TestDevice(), DeviceRole.Terminal);
        await AcceptAsync(terminal.Payment(_customer, FakeDeviceRegistry.DefaultOwner, payWith: new PayWith(TestChain.EuroToken, TestChain.EuroName, 1)));
        _chain.Estimates.Enqueue(Estimate.Reverted("ConstantProductPairSlippageIn: the swap needs 11363637 of pay token x, more than the customer's max-in 1"));

        var outcome = Assert.Single(await DrainAsync(Relayer()));

        Assert.Equal(RelayStatus.Failed, outcome.Status);
        Assert.Contains("more than the customer's max-in 1", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_chain.Accepted);
        Assert.Equal(new OutboxCounts(0, 0, 0, 1), await _harness.Sqlite.Outbox.CountAsync(default));
    }

    [Fact]
    public async Task ABatchThatIsNotFull_WaitsUpToBatchMaxWait_AndAFullOneGoesAtOnce()
    {
        _options.BatchSize = 2;
        _options.BatchMaxWait = TimeSpan.FromSeconds(1);
        await SalesAsync(3);
        var relayer = Relayer();

        var first = await relayer.RelayRoundAsync(CancellationToken.None);
        _harness.Time.Advance(TimeSpan.FromMilliseconds(500));
        var early = await relayer.RelayRoundAsync(CancellationToken.None);
        _harness.Time.Advance(TimeSpan.FromMilliseconds(500));
        var due = await relayer.RelayRoundAsync(CancellationToken.None);

        // Two of three fill a batch at once; the third waits for company until it has waited a second.
        Assert.Equal(2, first.Count);
        Assert.Empty(early);
        Assert.Single(due);
        Assert.Equal([2, 1], _chain.Calls.Select(c => c.Items.Count));
    }

    [Fact]
    public async Task AnItemTheContractSkips_FailsWithTheContractsReason_AndTheOthersSettle()
    {
        var sales = await SalesAsync(3);
        _chain.Refused[(sales[1].Terminal.Address.ToLowerInvariant(), sales[1].Sequence)] = true;

        var outcomes = await Relayer().RelayRoundAsync(CancellationToken.None);

        var hash = Assert.Single(_chain.Accepted).Hash;
        Assert.Equal([RelayStatus.Relayed, RelayStatus.Failed, RelayStatus.Relayed], outcomes.OrderBy(o => o.OutboxId).Select(o => o.Status));
        var failed = outcomes.Single(o => o.Status == RelayStatus.Failed);
        Assert.Equal(hash, failed.TransactionHash);
        Assert.Equal("PaymentSkipped: PaymentHubBadSignature", failed.Error);
        Assert.Equal(new OutboxCounts(0, 0, 2, 1), await _harness.Sqlite.Outbox.CountAsync(default));
        Assert.Equal(1, _harness.Metrics.Snapshot().RelayFailed);
    }

    [Fact]
    public async Task AnItemAlreadySettled_CountsAsRelayed_WithoutASecondEffect()
    {
        _chain.ContractLike = true;
        var sales = await SalesAsync(2);
        _chain.Effects[(sales[0].Terminal.Address.ToLowerInvariant(), sales[0].Sequence)] = 1;

        var outcomes = await Relayer().RelayRoundAsync(CancellationToken.None);

        Assert.All(outcomes, o => Assert.Equal(RelayStatus.Relayed, o.Status));
        Assert.Contains("PaymentHubAlreadySettled", outcomes.Single(o => o.Device.ToString() == sales[0].Terminal.Address.ToLowerInvariant()).Error, StringComparison.Ordinal);
        Assert.All(_chain.Effects.Values, count => Assert.Equal(1, count));
        Assert.Equal(1, _chain.Repeats);
    }

    [Fact]
    public async Task ABatchThatDoesNotEstimate_IsSplit_SoOnlyTheBadRowFails()
    {
        await SalesAsync(3);
        _chain.Estimates.Enqueue(Estimate.Reverted("PaymentHubBadBatch()"));
        _chain.Estimates.Enqueue(Estimate.Ready(90_000));
        _chain.Estimates.Enqueue(Estimate.Reverted("paused"));
        _chain.Estimates.Enqueue(Estimate.Ready(90_000));

        var outcomes = await DrainAsync(Relayer());

        Assert.Equal([RelayStatus.Relayed, RelayStatus.Failed, RelayStatus.Relayed], outcomes.OrderBy(o => o.OutboxId).Select(o => o.Status));
        Assert.Equal("paused", outcomes.Single(o => o.Status == RelayStatus.Failed).Error);
        Assert.Equal([1, 1], _chain.Calls.Select(c => c.Items.Count));
        Assert.Contains(_harness.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("sending its items one by one", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABatchInFlightAtARestart_IsFollowedAsOneTransaction_AndSettledOnce()
    {
        _chain.ContractLike = true;
        _chain.AutoMine = false;
        await SalesAsync(4);
        await Relayer().RelayRoundAsync(CancellationToken.None);
        var sent = Assert.Single(_chain.Accepted);
        var submitted = await _harness.Sqlite.Outbox.GetSubmittedAsync(default);
        Assert.All(submitted, row => Assert.Equal((sent.Hash, (long?)sent.Draft.Nonce), (row.TransactionHash, row.TransactionNonce)));

        // A new gateway process: a new relayer and nonce manager over the same outbox and node.
        _chain.ForgetNonces();
        var restarted = Relayer();
        _chain.Mine();
        var outcomes = await DrainAsync(restarted);

        Assert.Single(_chain.Accepted);
        Assert.Equal(4, outcomes.Count(o => o.Status == RelayStatus.Relayed && o.TransactionHash == sent.Hash));
        Assert.Equal(4, _chain.Effects.Count);
        Assert.All(_chain.Effects.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task AReorganisedBatch_IsTakenAgainOnce_EachItemWithOneEffect()
    {
        _chain.ContractLike = true;
        _options.Confirmations = 3;
        await SalesAsync(3);
        var relayer = Relayer();
        await relayer.RelayRoundAsync(CancellationToken.None);

        _chain.Reorg(depth: 1, reinclude: false);
        for (var round = 0; round < 8 && relayer.InFlightCount > 0; round++)
        {
            _chain.Mine();
            await relayer.RelayRoundAsync(CancellationToken.None);
        }

        Assert.Equal(0, relayer.InFlightCount);
        Assert.Equal(new OutboxCounts(0, 0, 3, 0), await _harness.Sqlite.Outbox.CountAsync(default));
        Assert.Equal(3, _chain.Effects.Count);
        Assert.All(_chain.Effects.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task EnergyReadings_GoInBatchesToRevenueDistributor_OtherObservationsToInsurance()
    {
        var meters = Enumerable.Range(0, 3).Select(_ => Register(new TestDevice(), DeviceRole.Sensor)).ToArray();
        var sensor = Register(new TestDevice(), DeviceRole.Sensor);
        foreach (var meter in meters)
        {
            await AcceptAsync(meter.Observation(o => o.Metric = RelayRoute.EnergyMetric));
        }

        await AcceptAsync(sensor.Observation());

        var outcomes = await DrainAsync(Relayer());

        Assert.Equal(4, outcomes.Count(o => o.Status == RelayStatus.Relayed));
        var production = Assert.Single(_chain.Calls, c => c.Target == RelayTarget.RevenueDistributor);
        Assert.Equal(TestChain.Distributor, production.Contract);
        Assert.Equal(meters.Select(m => m.Address), Assert.IsType<SubmitProductionFunction>(production.Function).Observations.Select(o => o.Device));
        Assert.Equal(TestChain.Quorum, Assert.Single(_chain.Calls, c => c.Target == RelayTarget.Quorum).Contract);
    }

    [Fact]
    public async Task AMetersReadings_GoOneAtATime_BecauseRevenueDistributorRefusesAnOlderSequence()
    {
        _options.MaxInFlightPerDevice = 8;
        _chain.AutoMine = false;
        var meter = Register(new TestDevice(), DeviceRole.Sensor);
        for (var hour = 0; hour < 3; hour++)
        {
            await AcceptAsync(meter.Observation(o => o.Metric = RelayRoute.EnergyMetric));
        }

        var relayer = Relayer();
        var outcomes = new List<RelayOutcome>();
        for (var round = 0; round < 20 && outcomes.Count < 3; round++)
        {
            _harness.Time.Advance(_options.BatchMaxWait);
            outcomes.AddRange(await relayer.RelayRoundAsync(CancellationToken.None));
            _chain.Mine();
        }

        Assert.Equal(3, outcomes.Count(o => o.Status == RelayStatus.Relayed));
        Assert.Equal(1, _chain.MaxPooledPerDevice);
        var readings = _chain.Accepted.Select(t => Assert.Single(Assert.IsType<SubmitProductionFunction>(t.Draft.Call!.Function).Observations)).ToArray();
        Assert.Equal([1UL, 2UL, 3UL], readings.Select(o => o.Sequence));
    }

    private TestDevice Register(TestDevice device, DeviceRole role)
    {
        _harness.Registry.Register(device, role);
        return device;
    }

    /// <summary>One accepted sale from each of <paramref name="count"/> new terminals, in outbox order.</summary>
    private async Task<List<(TestDevice Terminal, ulong Sequence)>> SalesAsync(int count)
    {
        var sales = new List<(TestDevice, ulong)>();
        for (var i = 0; i < count; i++)
        {
            var terminal = Register(new TestDevice(), DeviceRole.Terminal);
            var message = terminal.Payment(_customer, FakeDeviceRegistry.DefaultOwner);
            await AcceptAsync(message);
            sales.Add((terminal, message.Sequence));
        }

        return sales;
    }

    private OutboxRelayer Relayer() => _harness.Relayer(_chain, _relayerMetrics, _options, _loggers);

    private Task AcceptAsync(params SignedMessage[] messages) => _harness.AcceptAsync(messages);

    private static Task<List<RelayOutcome>> DrainAsync(OutboxRelayer relayer) => RelayerRounds.DrainAsync(relayer);

    // Every path here is one the relayer handles; none may log an error.
    public void Dispose()
    {
        var logs = _harness.Logs;
        _loggers.Dispose();
        _harness.Dispose();
        logs.AssertNoErrors();
    }
}
