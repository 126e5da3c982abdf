using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Protocol;
using EdgeOracle.Gateway.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Anchoring;

/// <summary>
/// Anchoring's own tables in the gateway's SQLite file: every stored message becomes a leaf in arrival order (read from
/// the outbox's ids, which SQLite hands out in commit order), leaves are cut into batches whose roots go on chain.
/// A batch's leaves and root are written in one transaction before anything is sent, so a restart resends the same root.
/// </summary>
public sealed class SqliteAnchorStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS anchor_leaves (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            device     BLOB    NOT NULL,
            sequence   INTEGER NOT NULL,
            digest     BLOB    NOT NULL,
            source_id  INTEGER NOT NULL,
            batch_id   INTEGER,
            leaf_index INTEGER,
            added_at   INTEGER NOT NULL,
            UNIQUE (device, sequence)
        );
        CREATE INDEX IF NOT EXISTS anchor_leaves_open ON anchor_leaves (id) WHERE batch_id IS NULL;
        CREATE INDEX IF NOT EXISTS anchor_leaves_batch ON anchor_leaves (batch_id, leaf_index);
        CREATE TABLE IF NOT EXISTS anchor_batches (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            root         BLOB    NOT NULL,
            count        INTEGER NOT NULL,
            status       INTEGER NOT NULL DEFAULT 0,
            tx_hash      TEXT,
            block_number INTEGER,
            created_at   INTEGER NOT NULL,
            updated_at   INTEGER NOT NULL
        );
        """;

    private readonly SideTables _tables;
    private readonly TimeProvider _time;

    /// <summary>Uses the file of <see cref="StorageOptions.Path"/>.</summary>
    public SqliteAnchorStore(IOptions<StorageOptions> options, TimeProvider time)
    {
        _tables = new SideTables(options.Value.Path, Schema);
        _time = time;
    }

    /// <summary>
    /// Copies messages stored since the last call into <c>anchor_leaves</c>; returns how many were added. Reads the
    /// message store's <c>outbox</c> and <c>messages</c> tables (one row each per stored message), never writes them.
    /// </summary>
    public async Task<int> CollectAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR IGNORE INTO anchor_leaves (device, sequence, digest, source_id, added_at)
            SELECT m.device, m.sequence, m.digest, o.id, $now
            FROM outbox o JOIN messages m ON m.device = o.device AND m.sequence = o.sequence
            WHERE o.id > (SELECT COALESCE(MAX(source_id), 0) FROM anchor_leaves)
            ORDER BY o.id
            LIMIT 100000
            """;
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Cuts the next batch when at least <paramref name="batchSize"/> leaves wait or the oldest waited since before
    /// <paramref name="olderThan"/>: up to <paramref name="batchSize"/> leaves, their tree's root, one transaction.
    /// Returns null when no batch is due.
    /// </summary>
    public async Task<AnchorBatch?> CutBatchAsync(int batchSize, DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<long>();
        var leaves = new List<Bytes32>();
        long oldest = long.MaxValue;
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT id, digest, added_at FROM anchor_leaves WHERE batch_id IS NULL ORDER BY id LIMIT $n";
            select.Parameters.AddWithValue("$n", batchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        long batchId;
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO anchor_batches (root, count, created_at, updated_at) VALUES ($root, $count, $now, $now) RETURNING id";
            insert.Parameters.AddWithValue("$root", root.ToArray());
            insert.Parameters.AddWithValue("$count", leaves.Count);
            insert.Parameters.AddWithValue("$now", now);
            batchId = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE anchor_leaves SET batch_id = $batch, leaf_index = $index WHERE id = $id";
            var batch = update.Parameters.Add("$batch", SqliteType.Integer);
            var index = update.Parameters.Add("$index", SqliteType.Integer);
            var id = update.Parameters.Add("$id", SqliteType.Integer);
            batch.Value = batchId;
            for (var i = 0; i < ids.Count; i++)
            {
                index.Value = i;
                id.Value = ids[i];
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new AnchorBatch(batchId, root, leaves.Count, AnchorStatus.Pending, null, null);
    }

    /// <summary>Batches whose root is not confirmed on chain yet, oldest first.</summary>
    public async Task<IReadOnlyList<AnchorBatch>> GetOpenBatchesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, root, count, status, tx_hash, block_number FROM anchor_batches WHERE status <> 2 ORDER BY id";
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
        await using var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        AnchorBatch batch;
        int leafIndex;
        Bytes32 leaf;
        await using (var find = connection.CreateCommand())
        {
            find.CommandText = """
                SELECT b.id, b.root, b.count, b.status, b.tx_hash, b.block_number, l.leaf_index, l.digest
                FROM anchor_leaves l JOIN anchor_batches b ON b.id = l.batch_id
                WHERE l.device = $device AND l.sequence = $sequence
                """;
            find.Parameters.AddWithValue("$device", device.ToArray());
            find.Parameters.AddWithValue("$sequence", unchecked((long)sequence));
            await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            batch = ReadBatch(reader, 0);
            leafIndex = reader.GetInt32(6);
            leaf = new Bytes32((byte[])reader[7]);
        }

        var leaves = new List<Bytes32>(batch.Count);
        await using (var all = connection.CreateCommand())
        {
            all.CommandText = "SELECT digest FROM anchor_leaves WHERE batch_id = $batch ORDER BY leaf_index";
            all.Parameters.AddWithValue("$batch", batch.Id);
            await using var reader = await all.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                leaves.Add(new Bytes32((byte[])reader[0]));
            }
        }

        return (batch, leafIndex, leaf, MerkleTree.Proof(leaves, leafIndex));
    }

    private async Task UpdateAsync(long batchId, AnchorStatus status, string? transactionHash, long? blockNumber, CancellationToken cancellationToken)
    {
        await using var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE anchor_batches SET status = $status, tx_hash = $tx, block_number = $block, updated_at = $now WHERE id = $id";
        command.Parameters.AddWithValue("$status", (int)status);
        command.Parameters.AddWithValue("$tx", (object?)transactionHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$block", (object?)blockNumber ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$id", batchId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static AnchorBatch ReadBatch(SqliteDataReader reader, int at) => new(
        reader.GetInt64(at),
        new Bytes32((byte[])reader[at + 1]),
        reader.GetInt32(at + 2),
        (AnchorStatus)reader.GetInt32(at + 3),
        reader.IsDBNull(at + 4) ? null : reader.GetString(at + 4),
        reader.IsDBNull(at + 5) ? null : reader.GetInt64(at + 5));

}
