using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Gateway.Anchoring;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Nethereum.Web3;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Anchoring;

/// <summary>
/// Two gateways' anchorers on one PostgreSQL store and a real chain with MerkleAnchor: only the holder of the submitter
/// lease anchors; when it goes, the other takes the lease and goes on from the shared batches, and no reading is
/// anchored twice.
/// </summary>
public sealed class MerkleAnchorerElectionTests
{
    private const int AnchoredEvent = 501;

    [PostgresFact]
    public async Task OnlyTheElectedGatewayAnchors_AndTheNextOneGoesOnWithoutAnchoringAnyReadingTwice()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var anvil = await AnvilNode.StartAsync();
        var deployment = await EdgeContracts.DeployAsync(anvil.RpcUrl, anvil.ChainId, DevAccounts.Deployer);
        await using var messages = await PostgresMessageStore.OpenAsync(postgres.ConnectionString, TimeProvider.System);
        await PostgresAnchorStoreTests.AppendReadingsAsync(messages, devices: 4, perDevice: 10);

        await using var first = new Anchoring(postgres, deployment);
        await using var second = new Anchoring(postgres, deployment);
        Assert.True(await first.Lease.HoldsAsync(CancellationToken.None), "the first gateway is elected");

        // The one not elected runs alone for a while (20 poll intervals) and leaves the readings alone.
        await second.Store.GetOpenBatchesAsync(CancellationToken.None); // creates the tables
        await second.Anchorer.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(0L, await postgres.ScalarAsync<long>("SELECT count(*) FROM anchor_batches"));
        await first.Anchorer.StartAsync(CancellationToken.None);
        await WaitUntilAnchoredAsync(postgres, 40);

        Assert.NotEmpty(first.Anchored());
        Assert.Empty(second.Anchored());

        // The elected gateway goes away: its session ends, the other is elected and anchors what came since.
        await first.DisposeAsync();
        await PostgresAnchorStoreTests.AppendReadingsAsync(messages, devices: 3, perDevice: 5);
        await WaitUntilAnchoredAsync(postgres, 55);

        Assert.NotEmpty(second.Anchored());
        var onChain = await ChainEvents.AnchorsAsync(new Web3(anvil.RpcUrl), deployment);
        Assert.Equal(55UL, onChain.Aggregate(0UL, (sum, e) => sum + e.Event.Count));
        Assert.Equal(onChain.Count, onChain.Select(e => Convert.ToHexString(e.Event.Root)).Distinct().Count());
        Assert.Equal(onChain.Count, (int)await postgres.ScalarAsync<long>("SELECT count(*) FROM anchor_batches WHERE status = 2"));
        second.Logs.AssertNoErrors();
    }

    private static async Task WaitUntilAnchoredAsync(PostgresServer postgres, long readings)
    {
        var clock = Stopwatch.StartNew();
        const string Sql = "SELECT count(*) FROM anchor_leaves l JOIN anchor_batches b ON b.id = l.batch_id WHERE b.status = 2";
        while (await postgres.ScalarAsync<long>(Sql) < readings)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"fewer than {readings} readings were anchored within 30 s");
            await Task.Delay(50);
        }

        Assert.Equal(readings, await postgres.ScalarAsync<long>(Sql));
    }

    /// <summary>One gateway's anchoring: its own lease session, anchor store, chain connection and logs.</summary>
    private sealed class Anchoring : IAsyncDisposable
    {
        private readonly PostgresMessageStore _messages;
        private bool _disposed;

        public Anchoring(PostgresServer postgres, Deployment deployment)
        {
            var chain = Microsoft.Extensions.Options.Options.Create(new ChainOptions { RpcUrl = deployment.RpcUrl, ChainId = (long)deployment.ChainId, RelayerPrivateKey = DevAccounts.Relayer });
            var options = Microsoft.Extensions.Options.Options.Create(new AnchoringOptions
            {
                ContractAddress = deployment.MerkleAnchor!,
                BatchSize = 8,
                MaxDelay = TimeSpan.FromMilliseconds(100),
                PollInterval = TimeSpan.FromMilliseconds(50),
            });
            var factory = Logs.CreateFactory();
            Lease = new PostgresSubmitterLease(postgres.ConnectionString, 0x45444745, factory.CreateLogger<PostgresSubmitterLease>());
            Store = new PostgresAnchorStore(postgres.ConnectionString, TimeProvider.System);
            _messages = new PostgresMessageStore(postgres.ConnectionString, TimeProvider.System);
            Anchorer = new MerkleAnchorer(
                Store, new AnchorContract(new ChainConnection(chain)), _messages, options, chain, TimeProvider.System, factory.CreateLogger<MerkleAnchorer>(), Lease);
        }

        public CapturingLoggerProvider Logs { get; } = new();

        public PostgresSubmitterLease Lease { get; }

        public PostgresAnchorStore Store { get; }

        public MerkleAnchorer Anchorer { get; }

        public LogEntry[] Anchored() => Logs.Entries.Where(e => e.EventId.Id == AnchoredEvent).ToArray();

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await Anchorer.StopAsync(CancellationToken.None);
            Anchorer.Dispose();
            await Lease.DisposeAsync();
            await Store.DisposeAsync();
            await _messages.DisposeAsync();
        }
    }
}
