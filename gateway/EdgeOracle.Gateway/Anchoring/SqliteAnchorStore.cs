using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Storage;
using static EdgeOracle.Gateway.Storage.AdoCommands;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Anchoring;

/// <summary>
/// Anchoring's tables in the gateway's SQLite file, beside the message store's. Leaves are collected in arrival order,
/// read from the outbox's ids, which SQLite hands out in commit order (it has one writer).
/// </summary>
public sealed class SqliteAnchorStore : AnchorStore
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

    /// <summary>Uses the file of <see cref="StorageOptions.Path"/>.</summary>
    public SqliteAnchorStore(IOptions<StorageOptions> options, TimeProvider time)
        : base(time)
    {
        _tables = new SideTables(options.Value.Path, Schema);
    }

    /// <inheritdoc />
    public override async Task<int> CollectAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(
            connection,
            null,
            """
            INSERT OR IGNORE INTO anchor_leaves (device, sequence, digest, source_id, added_at)
            SELECT m.device, m.sequence, m.digest, o.id, @now
            FROM outbox o JOIN messages m ON m.id = o.message_id
            WHERE o.id > (SELECT COALESCE(MAX(source_id), 0) FROM anchor_leaves)
            ORDER BY o.id
            LIMIT 100000
            """,
            ("@now", Time.GetUtcNow().ToUnixTimeMilliseconds()));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>BEGIN IMMEDIATE: the file's write lock, taken at the start.</summary>
    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
}
