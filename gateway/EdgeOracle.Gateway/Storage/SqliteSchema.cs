using System;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// The SQLite schema (version 3). Sequence numbers are uint64 on the wire and stored as INTEGER (int64) bit for bit;
/// ordering is never asked of SQL (heads are compared in C#, the outbox is ordered by its own id), so the sign does not
/// matter.
/// <para>
/// <c>messages</c> is an append-only log keyed by its own id, which the group writer hands out in order: every group
/// fills the log's last pages instead of writing one random B-tree leaf per message (with a thousand devices, a table
/// keyed by device and sequence cost a 4 KiB page write per message). What needs a device and a sequence is kept
/// behind the log and folded in by the writer: <c>message_keys</c> ((device, sequence) → id) and <c>device_heads</c>.
/// <c>store_state.folded_through</c> is the id up to which both are complete; opening the file folds whatever came
/// after it (see <c>SqliteMessageStore.Fold.cs</c>). Lookups read the keys and the short unfolded tail of the log in
/// one statement, so they see one consistent snapshot.
/// </para>
/// <para>
/// The outbox points at its message by id; it has no index on (device, sequence): its rows are written only with the
/// message they belong to, one per stored relayable message by construction.
/// </para>
/// </summary>
internal static class SqliteSchema
{
    public const int Version = 3;

    public const string FoldedThrough = "folded_through";

    public const string Messages = """
        CREATE TABLE IF NOT EXISTS messages (
            id          INTEGER PRIMARY KEY,
            device      BLOB    NOT NULL,
            sequence    INTEGER NOT NULL,
            kind        INTEGER NOT NULL,
            digest      BLOB    NOT NULL,
            prev_hash   BLOB    NOT NULL,
            payload     BLOB    NOT NULL,
            received_at INTEGER NOT NULL
        );
        """;

    public const string Outbox = """
        CREATE TABLE IF NOT EXISTS outbox (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id      INTEGER NOT NULL,
            device          BLOB    NOT NULL,
            sequence        INTEGER NOT NULL,
            kind            INTEGER NOT NULL,
            status          INTEGER NOT NULL DEFAULT 0,
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            tx_hash         TEXT,
            tx_nonce        INTEGER,
            block_number    INTEGER,
            error           TEXT,
            updated_at      INTEGER NOT NULL
        );
        """;

    public const string Create = Messages + Outbox + """
        CREATE TABLE IF NOT EXISTS message_keys (
            device   BLOB    NOT NULL,
            sequence INTEGER NOT NULL,
            id       INTEGER NOT NULL,
            PRIMARY KEY (device, sequence)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS device_heads (
            device     BLOB    NOT NULL PRIMARY KEY,
            sequence   INTEGER NOT NULL,
            digest     BLOB    NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS store_state (
            name  TEXT    NOT NULL PRIMARY KEY,
            value INTEGER NOT NULL
        );

        INSERT OR IGNORE INTO store_state (name, value) VALUES ('folded_through', 0);
        CREATE INDEX IF NOT EXISTS outbox_open ON outbox (id) WHERE status IN (0, 1);
        CREATE INDEX IF NOT EXISTS outbox_open_kind ON outbox (kind, id) WHERE status IN (0, 1);
        """;

    /// <summary>
    /// Brings a file of an earlier version to this one in one transaction: the messages keyed by (device, sequence)
    /// become the log (in arrival order), the outbox is rebuilt with its message ids (dropping the old unique index and
    /// foreign key), the keys and heads are complete. A new or current file is left alone.
    /// </summary>
    public static void Upgrade(SqliteConnection connection)
    {
        var messagesExist = Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'messages'") > 0;
        var outboxExists = Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'outbox'") > 0;
        var oldMessages = messagesExist && Scalar(connection, "SELECT COUNT(*) FROM pragma_table_info('messages') WHERE name = 'id'") == 0;
        var oldOutbox = outboxExists && Scalar(connection, "SELECT COUNT(*) FROM pragma_table_info('outbox') WHERE name = 'message_id'") == 0;
        if (!oldMessages && !oldOutbox)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        Run(connection, transaction, "PRAGMA defer_foreign_keys = ON;");
        if (oldMessages)
        {
            Run(connection, transaction, "ALTER TABLE messages RENAME TO messages_v2;" + Messages + """
                INSERT INTO messages (device, sequence, kind, digest, prev_hash, payload, received_at)
                SELECT device, sequence, kind, digest, prev_hash, payload, received_at FROM messages_v2
                ORDER BY received_at, device, sequence;
                """);
        }
        else if (!messagesExist)
        {
            Run(connection, transaction, Messages);
        }

        if (oldOutbox)
        {
            var nonce = Scalar(connection, "SELECT COUNT(*) FROM pragma_table_info('outbox') WHERE name = 'tx_nonce'") > 0 ? "tx_nonce" : "NULL";
            Run(connection, transaction, "ALTER TABLE outbox RENAME TO outbox_v2; DROP INDEX IF EXISTS outbox_open;" + Outbox + $"""
                INSERT INTO outbox (id, message_id, device, sequence, kind, status, attempts, next_attempt_at, tx_hash, tx_nonce, block_number, error, updated_at)
                SELECT o.id, COALESCE(m.id, 0), o.device, o.sequence, o.kind, o.status, o.attempts, o.next_attempt_at, o.tx_hash, {nonce}, o.block_number, o.error, o.updated_at
                FROM outbox_v2 o LEFT JOIN messages m ON m.device = o.device AND m.sequence = o.sequence
                ORDER BY o.id;
                DROP TABLE outbox_v2;
                """);
        }

        if (oldMessages)
        {
            Run(connection, transaction, "DROP TABLE messages_v2;");
        }

        transaction.Commit();
    }

    /// <summary>The first column of the first row of <paramref name="sql"/>, as a 64-bit integer.</summary>
    public static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Run(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
