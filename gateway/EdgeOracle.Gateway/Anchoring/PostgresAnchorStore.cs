using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Storage;
using static EdgeOracle.Gateway.Storage.AdoCommands;
using Npgsql;

namespace EdgeOracle.Gateway.Anchoring;

/// <summary>
/// Anchoring's tables in the PostgreSQL database that several gateways share, so that they share one cursor and one set
/// of batches. Writers take turns under a transaction-level advisory lock. Leaves are collected in commit order
/// (<c>outbox.commit_xid</c>, then id) and only from transactions older than the oldest one still running: outbox ids
/// of concurrent appends are handed out before they commit, so a cursor on ids alone would pass over a row that
/// commits after a higher id was collected.
/// </summary>
public sealed class PostgresAnchorStore : AnchorStore, IAsyncDisposable
{
    private const long WriteLockKey = 0x45444741; // "EDGA"

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS anchor_leaves (
            id bigserial PRIMARY KEY, device bytea NOT NULL, sequence bigint NOT NULL, digest bytea NOT NULL,
            source_xid xid8 NOT NULL, source_id bigint NOT NULL, batch_id bigint, leaf_index integer, added_at bigint NOT NULL,
            UNIQUE (device, sequence));
        CREATE INDEX IF NOT EXISTS anchor_leaves_open ON anchor_leaves (id) WHERE batch_id IS NULL;
        CREATE INDEX IF NOT EXISTS anchor_leaves_batch ON anchor_leaves (batch_id, leaf_index);
        CREATE INDEX IF NOT EXISTS anchor_leaves_source ON anchor_leaves (source_xid, source_id);
        CREATE TABLE IF NOT EXISTS anchor_batches (
            id bigserial PRIMARY KEY, root bytea NOT NULL, count integer NOT NULL, status integer NOT NULL DEFAULT 0,
            tx_hash text, block_number bigint, created_at bigint NOT NULL, updated_at bigint NOT NULL);
        """;

    private readonly PostgresTables _tables;

    /// <summary>Uses the database of <paramref name="connectionString"/>; its tables (and the message store's, which it reads) are created on first use.</summary>
    public PostgresAnchorStore(string connectionString, TimeProvider time)
        : base(time)
    {
        _tables = new PostgresTables(connectionString, PostgresMessageStore.Schema + Schema);
    }

    /// <inheritdoc />
    public override async Task<int> CollectAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        (ulong Xid, long Id) cursor = (0, 0);
        await using (var last = Command(connection, transaction, "SELECT source_xid, source_id FROM anchor_leaves ORDER BY source_xid DESC, source_id DESC LIMIT 1"))
        await using (var reader = await last.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                cursor = (reader.GetFieldValue<ulong>(0), reader.GetInt64(1));
            }
        }

        // Rows of transactions below the snapshot's xmin are all committed (or gone): none can appear behind the cursor later.
        await using var collect = new NpgsqlCommand(
            """
            INSERT INTO anchor_leaves (device, sequence, digest, source_xid, source_id, added_at)
            SELECT m.device, m.sequence, m.digest, o.commit_xid, o.id, @now
            FROM outbox o JOIN messages m ON m.device = o.device AND m.sequence = o.sequence
            WHERE o.commit_xid < pg_snapshot_xmin(pg_current_snapshot()) AND (o.commit_xid, o.id) > (@xid, @id)
            ORDER BY o.commit_xid, o.id
            LIMIT 100000
            ON CONFLICT (device, sequence) DO NOTHING
            """,
            (NpgsqlConnection)connection,
            (NpgsqlTransaction)transaction);
        collect.Parameters.AddWithValue("now", Time.GetUtcNow().ToUnixTimeMilliseconds());
        collect.Parameters.Add(new NpgsqlParameter<ulong>("xid", NpgsqlTypes.NpgsqlDbType.Xid8) { TypedValue = cursor.Xid });
        collect.Parameters.AddWithValue("id", cursor.Id);
        var added = await collect.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _tables.DisposeAsync();

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A transaction holding the anchoring tables' advisory lock until it ends: one writer at a time across gateways.</summary>
    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var lockCommand = Command(connection, transaction, $"SELECT pg_advisory_xact_lock({WriteLockKey})");
        await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return transaction;
    }
}
