using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Tests.TestSupport;
using EdgeOracle.Protocol.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Chain;

// The relayer sends nothing to a node that does not hold the configured deployment (wrong chain, or no code at a
// contract after a chain reset): the rows wait in the outbox and go once the deployment is there.
public sealed class OutboxRelayerDeploymentTests : IDisposable
{
    private readonly PipelineHarness _harness = new();
    private readonly FakeChainClient _chain = new();
    private readonly ILoggerFactory _loggers;
    private readonly ChainOptions _options = TestChain.Options(relayEnabled: true);
    private readonly RelayerMetrics _relayerMetrics;

    public OutboxRelayerDeploymentTests()
    {
        _loggers = _harness.Logs.CreateFactory();
        _relayerMetrics = new RelayerMetrics(_harness.MeterFactory);
    }

    [Fact]
    public async Task WhileTheNodeLacksTheDeployment_NothingIsSent_TheRowsWait_AndGoOnceItIsThere()
    {
        _chain.DeploymentProblem = "chain 31337 has no contract code at PaymentHub";
        await SalesAsync(3);
        var relayer = Relayer();

        await relayer.RelayRoundAsync(CancellationToken.None);
        _harness.Time.Advance(OutboxRelayer.DeploymentMismatchRecheck);
        await relayer.RelayRoundAsync(CancellationToken.None);

        Assert.Empty(_chain.Calls);
        Assert.Empty(_chain.Accepted);
        Assert.Equal(new OutboxCounts(3, 0, 0, 0), await _harness.Sqlite.Outbox.CountAsync(default));
        Assert.Equal(2, _chain.DeploymentChecks.Count);
        Assert.Contains(("PaymentHub", TestChain.Router), _chain.DeploymentChecks.First());
        Assert.Single(_harness.Logs.Entries, e => e.EventId.Id == 323 && e.Level == LogLevel.Warning);
        Assert.DoesNotContain(_harness.Logs.Entries, e => e.Level >= LogLevel.Error);

        _chain.DeploymentProblem = null;
        _harness.Time.Advance(OutboxRelayer.DeploymentMismatchRecheck);
        var outcomes = await RelayerRounds.DrainAsync(relayer);

        Assert.Equal(3, outcomes.Count(o => o.Status == RelayStatus.Relayed));
        Assert.Single(_chain.Accepted);
        Assert.Single(_harness.Logs.Entries, e => e.EventId.Id == 324);
    }

    [Fact]
    public async Task AMismatchThatLasts_IsLoggedAsAnErrorOnce()
    {
        _chain.DeploymentProblem = "the node is chain 1, but Chain:ChainId (and the deployment) is chain 31337";
        await SalesAsync(1);
        var relayer = Relayer();

        for (var elapsed = TimeSpan.Zero; elapsed <= OutboxRelayer.DeploymentMismatchPersists * 2; elapsed += OutboxRelayer.DeploymentMismatchRecheck)
        {
            await relayer.RelayRoundAsync(CancellationToken.None);
            _harness.Time.Advance(OutboxRelayer.DeploymentMismatchRecheck);
        }

        Assert.Empty(_chain.Accepted);
        var error = Assert.Single(_harness.Logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Equal(325, error.EventId.Id);
        Assert.Contains("chain 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(new OutboxCounts(1, 0, 0, 0), await _harness.Sqlite.Outbox.CountAsync(default));
    }

    [Fact]
    public async Task AMatchingDeployment_IsCheckedAgainOnlyAfterTheRecheckInterval()
    {
        var relayer = Relayer();
        await SalesAsync(1);

        await RelayerRounds.DrainAsync(relayer);
        await relayer.RelayRoundAsync(CancellationToken.None);
        Assert.Single(_chain.DeploymentChecks);

        _harness.Time.Advance(OutboxRelayer.DeploymentRecheck);
        await relayer.RelayRoundAsync(CancellationToken.None);
        Assert.Equal(2, _chain.DeploymentChecks.Count);
    }

    private async Task SalesAsync(int count)
    {
        var customer = new TestDevice();
        for (var i = 0; i < count; i++)
        {
            var terminal = new TestDevice();
            _harness.Registry.Register(terminal, DeviceRole.Terminal);
            await _harness.AcceptAsync(terminal.Payment(customer, FakeDeviceRegistry.DefaultOwner));
        }
    }

    private OutboxRelayer Relayer() => _harness.Relayer(_chain, _relayerMetrics, _options, _loggers);

    public void Dispose()
    {
        _loggers.Dispose();
        _harness.Dispose();
    }
}
