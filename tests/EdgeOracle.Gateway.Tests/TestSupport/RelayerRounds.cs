using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>What the relayer tests share: a relayer over a harness's outbox, accepting messages, running rounds to the end.</summary>
public static class RelayerRounds
{
    /// <summary>A relayer over <paramref name="harness"/>'s SQLite outbox and <paramref name="chain"/>.</summary>
    public static OutboxRelayer Relayer(
        this PipelineHarness harness, IChainClient chain, RelayerMetrics metrics, ChainOptions options, ILoggerFactory loggers) => new(
        harness.Sqlite.Outbox, chain, harness.Outbox, harness.Metrics, metrics, harness.Events, harness.Time,
        Microsoft.Extensions.Options.Options.Create(options), loggers.CreateLogger<OutboxRelayer>());

    /// <summary>Sends each message through the pipeline and asserts it was accepted (and so queued in the outbox).</summary>
    public static async Task AcceptAsync(this PipelineHarness harness, params SignedMessage[] messages)
    {
        foreach (var message in messages)
        {
            Assert.Equal(ReasonCode.Accepted, (await harness.SendAsync(message)).Reason);
        }
    }

    /// <summary>Rounds until one ends nothing and nothing is in flight (at most 10); every outcome on the way.</summary>
    public static async Task<List<RelayOutcome>> DrainAsync(OutboxRelayer relayer)
    {
        var all = new List<RelayOutcome>();
        for (var round = 0; round < 10; round++)
        {
            var outcomes = await relayer.RelayRoundAsync(CancellationToken.None);
            if (outcomes.Count == 0 && relayer.InFlightCount == 0)
            {
                break;
            }

            all.AddRange(outcomes);
        }

        return all;
    }
}
