namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// The SQLite schema. Sequence numbers are uint64 on the wire and stored as INTEGER (int64) bit for bit; ordering is
/// never asked of SQL (heads are compared in C#, the outbox is ordered by its own id), so the sign does not matter.
/// The outbox has no index on (device, sequence): its rows are written only by the statement that inserted the
/// message (so there is one per stored relayable message by construction), and a second B-tree keyed by device would
/// cost a random page write per message in every group commit. Files created before this keep their old unique
/// index and foreign key, which are redundant but harmless.
/// </summary>
internal static class SqliteSchema
{
    public const int Version = 2;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS messages (
            device      BLOB    NOT NULL,
            sequence    INTEGER NOT NULL,
            kind        INTEGER NOT NULL,
            digest      BLOB    NOT NULL,
            prev_hash   BLOB    NOT NULL,
            payload     BLOB    NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (device, sequence)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS device_heads (
            device     BLOB    NOT NULL PRIMARY KEY,
            sequence   INTEGER NOT NULL,
            digest     BLOB    NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS outbox (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
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

        CREATE INDEX IF NOT EXISTS outbox_open ON outbox (id) WHERE status IN (0, 1);
        """;
}
