using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Anchoring;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Tests.TestSupport;
using Npgsql;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Anchoring;

public sealed class PostgresAnchorStoreTests
{
    [PostgresFact]
    public async Task Collect_TakesEveryStoredMessageOnce_AlsoOneWhoseLowerOutboxIdCommitsAfterAHigherOneWasCollected()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var messages = await PostgresMessageStore.OpenAsync(postgres.ConnectionString, TimeProvider.System);
        await using var anchors = new PostgresAnchorStore(postgres.ConnectionString, TimeProvider.System);
        var slowDevice = RandomAddress();
        await anchors.CollectAsync(CancellationToken.None); // creates the tables, which waits for open appends

        // A slow append takes outbox id 1 and stays open while a second append (id 2) commits and is collected.
        await using var slow = new NpgsqlConnection(postgres.ConnectionString);
        await slow.OpenAsync();
        await using (var transaction = await slow.BeginTransactionAsync())
        {
            foreach (var sql in new[]
            {
                "INSERT INTO messages (device, sequence, kind, digest, prev_hash, payload, received_at) VALUES ($1, 1, 1, $2, $2, $2, 0)",
                "INSERT INTO outbox (device, sequence, kind, next_attempt_at, updated_at) VALUES ($1, 1, 1, 0, 0)",
            })
            {
                await using var insert = new NpgsqlCommand(sql, slow, transaction);
                insert.Parameters.AddWithValue(slowDevice.ToArray());
                if (sql.Contains("$2", StringComparison.Ordinal))
                {
                    insert.Parameters.AddWithValue(RandomNumberGenerator.GetBytes(32));
                }

                await insert.ExecuteNonQueryAsync();
            }

            await AppendReadingsAsync(messages, devices: 1, perDevice: 1);
            await anchors.CollectAsync(CancellationToken.None);
            await transaction.CommitAsync();
        }

        // Collection waits for the server-wide oldest running transaction, which other tests on this server can hold
        // for a while: collect until both are in (or a deadline passes), never stopping on a round that added nothing.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await postgres.ScalarAsync<long>("SELECT count(*) FROM anchor_leaves") < 2 && DateTime.UtcNow < deadline)
        {
            await anchors.CollectAsync(CancellationToken.None);
            await Task.Delay(5);
        }

        Assert.Equal(2L, await postgres.ScalarAsync<long>("SELECT count(*) FROM anchor_leaves"));
        Assert.Equal(0L, await postgres.ScalarAsync<long>("SELECT count(*) FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM anchor_leaves l WHERE l.device = o.device AND l.sequence = o.sequence)"));
    }

    [PostgresFact]
    public async Task TwoGatewaysCollectingAndCuttingAtOnce_PutEveryReadingInExactlyOneBatch_WithProofsThatLeadToItsRoot()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var messages = await PostgresMessageStore.OpenAsync(postgres.ConnectionString, TimeProvider.System);
        await using var first = new PostgresAnchorStore(postgres.ConnectionString, TimeProvider.System);
        await using var second = new PostgresAnchorStore(postgres.ConnectionString, TimeProvider.System);
        var appending = AppendReadingsAsync(messages, devices: 10, perDevice: 20);

        // Both cut whatever waits (every batch is due), while the appends go on and after they ended, until all 200 are
        // in batches. Collection waits for the server-wide oldest running transaction (xmin), and other tests share this
        // server, so idle rounds alone do not mean that everything was collected; a deadline ends a run that never does.
        var cutLeaves = 0;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var cutters = new[] { first, second }.Select(store => Task.Run(async () =>
        {
            while (Volatile.Read(ref cutLeaves) < 200 && DateTime.UtcNow < deadline)
            {
                await store.CollectAsync(CancellationToken.None);
                var cut = await store.CutBatchAsync(7, DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
                if (cut is null)
                {
                    await Task.Delay(5);
                }
                else
                {
                    Interlocked.Add(ref cutLeaves, cut.Count);
                }
            }
        })).ToArray();
        await appending;
        await Task.WhenAll(cutters);

        Assert.Equal(200, cutLeaves);
        Assert.Equal(200L, await postgres.ScalarAsync<long>("SELECT count(*) FROM anchor_leaves WHERE batch_id IS NOT NULL"));
        Assert.Equal(200L, await postgres.ScalarAsync<long>("SELECT count(*) FROM anchor_leaves"));
        var batches = await first.GetOpenBatchesAsync(CancellationToken.None);
        Assert.Equal(200, batches.Sum(b => b.Count));
        foreach (var batch in batches)
        {
            var leaves = await BatchLeavesAsync(postgres, batch.Id);
            Assert.Equal(batch.Count, leaves.Count);
            Assert.Equal(batch.Root, MerkleTree.Root(leaves.Select(l => l.Digest).ToList()));
            var (device, sequence, digest) = leaves[^1];
            var proof = await second.GetProofAsync(device, sequence, CancellationToken.None);
            Assert.NotNull(proof);
            Assert.Equal((batch.Id, leaves.Count - 1, digest), (proof.Value.Batch.Id, proof.Value.LeafIndex, proof.Value.Leaf));
            Assert.Equal(batch.Root, MerkleTree.Process(digest, proof.Value.Proof));
        }

        await first.MarkSubmittedAsync(batches[0].Id, "0xabc", CancellationToken.None);
        await second.MarkAnchoredAsync(batches[1].Id, null, 7, CancellationToken.None);
        var open = await first.GetOpenBatchesAsync(CancellationToken.None);
        Assert.Equal((AnchorStatus.Submitted, "0xabc"), (open[0].Status, open[0].TransactionHash));
        Assert.DoesNotContain(open, b => b.Id == batches[1].Id);
    }

    /// <summary>Appends signed-looking readings (random digests, chained) for fresh devices, each device's in order, devices in parallel.</summary>
    internal static Task AppendReadingsAsync(PostgresMessageStore store, int devices, int perDevice) =>
        Task.WhenAll(Enumerable.Range(0, devices).Select(_ => Task.Run(async () =>
        {
            var device = RandomAddress();
            DeviceHead? head = null;
            for (var sequence = 1UL; sequence <= (ulong)perDevice; sequence++)
            {
                var digest = new Bytes32(RandomNumberGenerator.GetBytes(32));
                var message = new NewMessage(device, sequence, MessageKind.Observation, digest, head?.Digest ?? Bytes32.Zero, new byte[] { 1 }, DateTimeOffset.UtcNow);
                Assert.Equal(AppendResult.Appended, await store.AppendAsync(message, head, CancellationToken.None));
                head = new DeviceHead(sequence, digest);
            }
        })));

    private static Address RandomAddress() => new(RandomNumberGenerator.GetBytes(20));

    private static async Task<List<(Address Device, ulong Sequence, Bytes32 Digest)>> BatchLeavesAsync(PostgresServer postgres, long batch)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT device, sequence, digest, leaf_index FROM anchor_leaves WHERE batch_id = $1 ORDER BY leaf_index", connection);
        command.Parameters.AddWithValue(batch);
        var leaves = new List<(Address, ulong, Bytes32)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Assert.Equal(leaves.Count, reader.GetInt32(3));
            leaves.Add((new Address((byte[])reader[0]), (ulong)reader.GetInt64(1), new Bytes32((byte[])reader[2])));
        }

        return leaves;
    }
}
