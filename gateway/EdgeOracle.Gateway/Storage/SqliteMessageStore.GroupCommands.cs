using System;
using EdgeOracle.Protocol;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EdgeOracle.Gateway.Storage;

/// <summary>The group writer's statements.</summary>
public sealed partial class SqliteMessageStore
{
    /// <summary>
    /// The group's statements, prepared once on the writer's connection. The ones run for every message go straight to
    /// SQLite (SQLitePCLRaw): values are bound from the message's spans and stack copies of its address and digests, so
    /// an append allocates nothing here (through Microsoft.Data.Sqlite a statement cost about a kilobyte of garbage).
    /// They run inside the transaction the writer began on the same connection.
    /// </summary>
    private sealed class GroupCommands : IDisposable
    {
        private readonly RawStatement _insert;
        private readonly RawStatement _queue;
        private readonly RawStatement _addKey;
        private readonly RawStatement _setHead;
        private readonly RawStatement _setFoldedThrough;
        private readonly SqliteCommand _readHead;

        public GroupCommands(SqliteConnection connection)
        {
            _insert = new RawStatement(connection, """
                INSERT INTO messages (id, device, sequence, kind, digest, prev_hash, payload, received_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                """);
            _queue = new RawStatement(connection, """
                INSERT INTO outbox (message_id, device, sequence, kind, status, attempts, next_attempt_at, updated_at)
                VALUES (?1, ?2, ?3, ?4, 0, 0, ?5, ?5)
                """);
            _addKey = new RawStatement(connection, "INSERT OR IGNORE INTO message_keys (device, sequence, id) VALUES (?1, ?2, ?3)");
            _setHead = new RawStatement(connection, """
                INSERT INTO device_heads (device, sequence, digest, updated_at) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (device) DO UPDATE SET sequence = excluded.sequence, digest = excluded.digest, updated_at = excluded.updated_at
                """);
            _setFoldedThrough = new RawStatement(connection, $"UPDATE store_state SET value = ?1 WHERE name = '{SqliteSchema.FoldedThrough}'");
            _readHead = connection.CreateCommand();
            _readHead.CommandText = "SELECT sequence, digest FROM device_heads WHERE device = $device";
            _readHead.Parameters.Add(new SqliteParameter("$device", null));
        }

        /// <summary>The writer's transaction, for the one statement that goes through Microsoft.Data.Sqlite.</summary>
        public void Enlist(SqliteTransaction transaction) => _readHead.Transaction = transaction;

        /// <summary>Writes the message at <paramref name="id"/> (the log's next) and its outbox row unless it is a void.</summary>
        public FoldEntry Append(NewMessage message, long id, long now)
        {
            Span<byte> device = stackalloc byte[Address.Size];
            Span<byte> digest = stackalloc byte[32];
            Span<byte> prevHash = stackalloc byte[32];
            message.Device.CopyTo(device);
            message.Digest.CopyTo(digest);
            message.PrevHash.CopyTo(prevHash);
            var sequence = unchecked((long)message.Sequence);
            _insert.Bind(1, id).Bind(2, device).Bind(3, sequence).Bind(4, (long)message.Kind).Bind(5, digest).Bind(6, prevHash)
                .Bind(7, message.Payload.Span).Bind(8, message.ReceivedAt.ToUnixTimeMilliseconds()).Run();
            if (message.Relayable)
            {
                _queue.Bind(1, id).Bind(2, device).Bind(3, sequence).Bind(4, (long)message.Kind).Bind(5, now).Run();
            }

            return new FoldEntry(message.Device, sequence, id, message.Digest);
        }

        public DeviceHead? ReadHead(Address device)
        {
            _readHead.Parameters[0].Value = device.ToArray();
            using var reader = _readHead.ExecuteReader();
            return reader.Read() ? new DeviceHead(unchecked((ulong)reader.GetInt64(0)), new Bytes32((byte[])reader.GetValue(1))) : null;
        }

        public void AddKey(in FoldEntry entry)
        {
            Span<byte> device = stackalloc byte[Address.Size];
            entry.Device.CopyTo(device);
            _addKey.Bind(1, device).Bind(2, entry.Sequence).Bind(3, entry.Id).Run();
        }

        public void SetHead(in FoldEntry entry, long now)
        {
            Span<byte> device = stackalloc byte[Address.Size];
            Span<byte> digest = stackalloc byte[32];
            entry.Device.CopyTo(device);
            entry.Digest.CopyTo(digest);
            _setHead.Bind(1, device).Bind(2, entry.Sequence).Bind(3, digest).Bind(4, now).Run();
        }

        public void SetFoldedThrough(long id) => _setFoldedThrough.Bind(1, id).Run();

        public void Dispose()
        {
            _insert.Dispose();
            _queue.Dispose();
            _addKey.Dispose();
            _setHead.Dispose();
            _setFoldedThrough.Dispose();
            _readHead.Dispose();
        }
    }

    /// <summary>One prepared statement on a connection's native handle: bind by position, run to completion, reuse.</summary>
    private sealed class RawStatement : IDisposable
    {
        private readonly sqlite3 _database;
        private readonly sqlite3_stmt _statement;

        public RawStatement(SqliteConnection connection, string sql)
        {
            _database = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
            Check(raw.sqlite3_prepare_v2(_database, sql, out _statement));
        }

        public RawStatement Bind(int index, long value)
        {
            Check(raw.sqlite3_bind_int64(_statement, index, value));
            return this;
        }

        /// <summary>Binds a copy of <paramref name="value"/> (SQLITE_TRANSIENT), so a stack buffer may go away after.</summary>
        public RawStatement Bind(int index, ReadOnlySpan<byte> value)
        {
            Check(raw.sqlite3_bind_blob(_statement, index, value));
            return this;
        }

        /// <summary>Steps the statement to its end and resets it; a constraint or I/O error throws, and the transaction rolls back.</summary>
        public void Run()
        {
            var result = raw.sqlite3_step(_statement);
            if (result != raw.SQLITE_DONE)
            {
                var message = raw.sqlite3_errmsg(_database).utf8_to_string();
                raw.sqlite3_reset(_statement);
                throw new SqliteException($"SQLite Error {result}: '{message}'.", result);
            }

            raw.sqlite3_reset(_statement);
        }

        public void Dispose() => _statement.Dispose();

        private void Check(int result)
        {
            if (result != raw.SQLITE_OK)
            {
                throw new SqliteException($"SQLite Error {result}: '{raw.sqlite3_errmsg(_database).utf8_to_string()}'.", result);
            }
        }
    }
}
