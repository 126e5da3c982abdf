using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Wire;
using Npgsql;
using NpgsqlTypes;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// The message store in PostgreSQL, shared by several gateways: the same tables and rules as the SQLite store (an
/// append moves the device's head by compare-and-set, inserts the message and queues its outbox row in one
/// transaction), so two gateways that receive one device's messages cannot both store the same sequence; the loser
/// sees <see cref="AppendResult.HeadMoved"/> and the pipeline looks again (Duplicate or the next sequence). The outbox
/// rows it queues are read and updated by <see cref="PostgresRelayOutbox"/>.
/// </summary>
public sealed class PostgresMessageStore : IMessageStore, IAsyncDisposable
{
    /// <summary>
    /// The tables. <c>outbox.commit_xid</c> is the id of the transaction that queued the row: ids of concurrent appends are
    /// handed out before they commit, so readers that must see every row once (anchoring) follow commit order by it.
    /// </summary>
    internal const string Schema = """
        CREATE TABLE IF NOT EXISTS messages (
            device bytea NOT NULL, sequence bigint NOT NULL, kind smallint NOT NULL, digest bytea NOT NULL,
            prev_hash bytea NOT NULL, payload bytea NOT NULL, received_at bigint NOT NULL, PRIMARY KEY (device, sequence));
        CREATE TABLE IF NOT EXISTS device_heads (
            device bytea PRIMARY KEY, sequence bigint NOT NULL, digest bytea NOT NULL, updated_at bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS outbox (
            id bigserial PRIMARY KEY, device bytea NOT NULL, sequence bigint NOT NULL, kind smallint NOT NULL,
            status smallint NOT NULL DEFAULT 0, attempts integer NOT NULL DEFAULT 0, next_attempt_at bigint NOT NULL,
            tx_hash text, block_number bigint, error text, updated_at bigint NOT NULL,
            commit_xid xid8 NOT NULL DEFAULT pg_current_xact_id(), UNIQUE (device, sequence));
        ALTER TABLE outbox ADD COLUMN IF NOT EXISTS tx_nonce bigint;
        CREATE INDEX IF NOT EXISTS outbox_open ON outbox (device, id) WHERE status IN (0, 1);
        CREATE INDEX IF NOT EXISTS outbox_open_oldest ON outbox (id) WHERE status IN (0, 1);
        CREATE INDEX IF NOT EXISTS outbox_open_kind ON outbox (kind, id) WHERE status IN (0, 1);
        CREATE INDEX IF NOT EXISTS outbox_commit_order ON outbox (commit_xid, id);
        """;

    private readonly PostgresTables _tables;
    private readonly TimeProvider _time;

    /// <summary>Uses the database of <paramref name="connectionString"/>; the tables are created on first use if missing.</summary>
    public PostgresMessageStore(string connectionString, TimeProvider time)
    {
        _tables = new PostgresTables(connectionString, Schema);
        _time = time;
    }

    /// <summary>Connects and creates the tables if missing (concurrent creators are serialised by an advisory lock).</summary>
    public static async Task<PostgresMessageStore> OpenAsync(string connectionString, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var store = new PostgresMessageStore(connectionString, time);
        await store._tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <inheritdoc />
    public async ValueTask<DeviceHead?> GetHeadAsync(Address device, CancellationToken cancellationToken)
    {
        await using var command = await _tables.CommandAsync("SELECT sequence, digest FROM device_heads WHERE device = $1", cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue(device.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new DeviceHead(unchecked((ulong)reader.GetInt64(0)), new Bytes32((byte[])reader[1]))
            : null;
    }

    /// <inheritdoc />
    public async Task<Bytes32?> FindDigestAsync(Address device, ulong sequence, CancellationToken cancellationToken)
    {
        await using var command = await _tables.CommandAsync("SELECT digest FROM messages WHERE device = $1 AND sequence = $2", cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue(device.ToArray());
        command.Parameters.AddWithValue(unchecked((long)sequence));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] digest ? new Bytes32(digest) : null;
    }

    /// <inheritdoc />
    public async Task<bool> IsVoidAsync(Address device, ulong sequence, CancellationToken cancellationToken)
    {
        await using var command = await _tables.CommandAsync(
            "SELECT octet_length(payload) FROM messages WHERE device = $1 AND sequence = $2 AND kind = $3", cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue(device.ToArray());
        command.Parameters.AddWithValue(unchecked((long)sequence));
        command.Parameters.AddWithValue((short)MessageKind.PaymentIntent);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int length && length == WireFormat.PaymentIntentSize;
    }

    /// <inheritdoc />
    public async ValueTask<AppendResult> AppendAsync(NewMessage message, DeviceHead? expectedHead, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var device = message.Device.ToArray();
        var sequence = unchecked((long)message.Sequence);
        await using var connection = await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var head = expectedHead is { } expected
            ? new NpgsqlCommand("UPDATE device_heads SET sequence = $2, digest = $3, updated_at = $4 WHERE device = $1 AND sequence = $5 AND digest = $6", connection, transaction)
            : new NpgsqlCommand("INSERT INTO device_heads (device, sequence, digest, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (device) DO NOTHING", connection, transaction))
        {
            head.Parameters.AddWithValue(device);
            head.Parameters.AddWithValue(sequence);
            head.Parameters.AddWithValue(message.Digest.ToArray());
            head.Parameters.AddWithValue(now);
            if (expectedHead is { } e)
            {
                head.Parameters.AddWithValue(unchecked((long)e.Sequence));
                head.Parameters.AddWithValue(e.Digest.ToArray());
            }

            if (await head.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return AppendResult.HeadMoved;
            }
        }

        await using (var insert = new NpgsqlCommand(
            "INSERT INTO messages (device, sequence, kind, digest, prev_hash, payload, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)", connection, transaction))
        {
            insert.Parameters.AddWithValue(device);
            insert.Parameters.AddWithValue(sequence);
            insert.Parameters.AddWithValue((short)message.Kind);
            insert.Parameters.AddWithValue(message.Digest.ToArray());
            insert.Parameters.AddWithValue(message.PrevHash.ToArray());
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = message.Payload.ToArray() });
            insert.Parameters.AddWithValue(message.ReceivedAt.ToUnixTimeMilliseconds());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // A terminal's void keeps the chain whole but has nothing to settle: no outbox row.
        if (message.Relayable)
        {
            await using (var queue = new NpgsqlCommand(
                "INSERT INTO outbox (device, sequence, kind, next_attempt_at, updated_at) VALUES ($1, $2, $3, $4, $4)", connection, transaction))
            {
                queue.Parameters.AddWithValue(device);
                queue.Parameters.AddWithValue(sequence);
                queue.Parameters.AddWithValue((short)message.Kind);
                queue.Parameters.AddWithValue(now);
                await queue.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return AppendResult.Appended;
    }

    /// <inheritdoc />
    public async Task<long> CountMessagesAsync(CancellationToken cancellationToken)
    {
        await using var command = await _tables.CommandAsync("SELECT count(*) FROM messages", cancellationToken).ConfigureAwait(false);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _tables.DisposeAsync();
}
