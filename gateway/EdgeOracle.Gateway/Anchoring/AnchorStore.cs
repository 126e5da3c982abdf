using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using static EdgeOracle.Gateway.Storage.AdoCommands;

namespace EdgeOracle.Gateway.Anchoring;

/// <summary>
/// Anchoring's own tables: every stored relayable message becomes a leaf (<c>anchor_leaves</c>), leaves are cut into
/// batches (<c>anchor_batches</c>) whose roots go on chain. A batch's leaves and root are written in one transaction
/// before anything is sent, so a restart resends the same root, and writers take turns (<see cref="BeginWriteAsync"/>),
/// so no leaf is ever cut into two batches. The SQL is the same on SQLite (<see cref="SqliteAnchorStore"/>) and
/// PostgreSQL (<see cref="PostgresAnchorStore"/>) except for collecting, which each store does its own way.
/// </summary>
public abstract class AnchorStore
{
    /// <summary>Creates the store.</summary>
    protected AnchorStore(TimeProvider time) => Time = time;

    /// <summary>The clock of <c>added_at</c>, <c>created_at</c> and <c>updated_at</c>.</summary>
    protected TimeProvider Time { get; }

    /// <summary>
    /// Copies messages stored since the last call into <c>anchor_leaves</c>, each exactly once, and returns how many were
    /// added. Reads the message store's <c>outbox</c> and <c>messages</c> tables (a row each per relayable message),
    /// never writes them.
    /// </summary>
    public abstract Task<int> CollectAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Cuts the next batch when at least <paramref name="batchSize"/> leaves wait or the oldest waited since before
    /// <paramref name="olderThan"/>: up to <paramref name="batchSize"/> leaves, their tree's root, one transaction.
    /// Returns null when no batch is due.
    /// </summary>
    public async Task<AnchorBatch?> CutBatchAsync(int batchSize, DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var ids = new List<long>();
        var leaves = new List<Bytes32>();
        long oldest = long.MaxValue;
        await using (var select = Command(connection, transaction, "SELECT id, digest, added_at FROM anchor_leaves WHERE batch_id IS NULL ORDER BY id LIMIT @n", ("@n", batchSize)))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.GetInt64(0));
                leaves.Add(new Bytes32((byte[])reader[1]));
                oldest = Math.Min(oldest, reader.GetInt64(2));
            }
        }

        if (leaves.Count == 0 || (leaves.Count < batchSize && oldest > olderThan.ToUnixTimeMilliseconds()))
        {
            return null;
        }

        var root = MerkleTree.Root(leaves);
        var now = Time.GetUtcNow().ToUnixTimeMilliseconds();
        long batchId;
        await using (var insert = Command(
            connection,
            transaction,
            "INSERT INTO anchor_batches (root, count, status, created_at, updated_at) VALUES (@root, @count, 0, @now, @now) RETURNING id",
            ("@root", root.ToArray()),
            ("@count", leaves.Count),
            ("@now", now)))
        {
            batchId = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await using (var update = Command(
            connection, transaction, "UPDATE anchor_leaves SET batch_id = @batch, leaf_index = @index WHERE id = @id", ("@batch", batchId), ("@index", 0), ("@id", 0L)))
        {
            for (var i = 0; i < ids.Count; i++)
            {
                update.Parameters["@index"].Value = i;
                update.Parameters["@id"].Value = ids[i];
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new AnchorBatch(batchId, root, leaves.Count, AnchorStatus.Pending, null, null);
    }

    /// <summary>Batches whose root is not confirmed on chain yet, oldest first.</summary>
    public async Task<IReadOnlyList<AnchorBatch>> GetOpenBatchesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT id, root, count, status, tx_hash, block_number FROM anchor_batches WHERE status <> 2 ORDER BY id");
        var batches = new List<AnchorBatch>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            batches.Add(ReadBatch(reader, 0));
        }

        return batches;
    }

    /// <summary>Records the transaction sent for a batch.</summary>
    public Task MarkSubmittedAsync(long batchId, string transactionHash, CancellationToken cancellationToken) =>
        UpdateAsync(batchId, AnchorStatus.Submitted, transactionHash, null, cancellationToken);

    /// <summary>Records that a batch's root is on chain.</summary>
    public Task MarkAnchoredAsync(long batchId, string? transactionHash, long? blockNumber, CancellationToken cancellationToken) =>
        UpdateAsync(batchId, AnchorStatus.Anchored, transactionHash, blockNumber, cancellationToken);

    /// <summary>Puts a batch back to pending (its transaction was dropped): the same root is sent again.</summary>
    public Task MarkPendingAsync(long batchId, CancellationToken cancellationToken) =>
        UpdateAsync(batchId, AnchorStatus.Pending, null, null, cancellationToken);

    /// <summary>The proof of a stored reading, or null when it is not in a batch yet.</summary>
    public async Task<(AnchorBatch Batch, int LeafIndex, Bytes32 Leaf, IReadOnlyList<Bytes32> Proof)?> GetProofAsync(
        Address device, ulong sequence, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        AnchorBatch batch;
        int leafIndex;
        Bytes32 leaf;
        await using (var find = Command(
            connection,
            null,
            """
            SELECT b.id, b.root, b.count, b.status, b.tx_hash, b.block_number, l.leaf_index, l.digest
            FROM anchor_leaves l JOIN anchor_batches b ON b.id = l.batch_id
            WHERE l.device = @device AND l.sequence = @sequence
            """,
            ("@device", device.ToArray()),
            ("@sequence", unchecked((long)sequence))))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            batch = ReadBatch(reader, 0);
            leafIndex = reader.GetInt32(6);
            leaf = new Bytes32((byte[])reader[7]);
        }

        var leaves = new List<Bytes32>(batch.Count);
        await using (var all = Command(connection, null, "SELECT digest FROM anchor_leaves WHERE batch_id = @batch ORDER BY leaf_index", ("@batch", batch.Id)))
        await using (var reader = await all.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                leaves.Add(new Bytes32((byte[])reader[0]));
            }
        }

        return (batch, leafIndex, leaf, MerkleTree.Proof(leaves, leafIndex));
    }

    /// <summary>A connection to the tables, created if missing.</summary>
    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A transaction that holds the tables' write turn until it ends, so that two writers never cut the same leaves.</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    private async Task UpdateAsync(long batchId, AnchorStatus status, string? transactionHash, long? blockNumber, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(
            connection,
            null,
            "UPDATE anchor_batches SET status = @status, tx_hash = @tx, block_number = @block, updated_at = @now WHERE id = @id",
            ("@status", (int)status),
            ("@tx", transactionHash),
            ("@block", blockNumber),
            ("@now", Time.GetUtcNow().ToUnixTimeMilliseconds()),
            ("@id", batchId));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static AnchorBatch ReadBatch(DbDataReader reader, int at) => new(
        reader.GetInt64(at),
        new Bytes32((byte[])reader[at + 1]),
        reader.GetInt32(at + 2),
        (AnchorStatus)reader.GetInt32(at + 3),
        reader.IsDBNull(at + 4) ? null : reader.GetString(at + 4),
        reader.IsDBNull(at + 5) ? null : reader.GetInt64(at + 5));
}
