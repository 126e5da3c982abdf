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
/// The message store and outbox in PostgreSQL, shared by several gateways: the same tables and rules as the SQLite
/// store (an append moves the device's head by compare-and-set, inserts the message and queues its outbox row in one
/// transaction), so two gateways that receive one device's messages cannot both store the same sequence; the loser
/// sees <see cref="AppendResult.HeadMoved"/> and the pipeline looks again (Duplicate or the next sequence).
/// </summary>
public sealed class PostgresGatewayStore : IMessageStore, IRelayOutbox, IAsyncDisposable
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
        CREATE INDEX IF NOT EXISTS outbox_commit_order ON outbox (commit_xid, id);
        """;

    private readonly PostgresTables _tables;
    private readonly TimeProvider _time;

    /// <summary>Uses the database of <paramref name="connectionString"/>; the tables are created on first use if missing.</summary>
    public PostgresGatewayStore(string connectionString, TimeProvider time)
    {
        _tables = new PostgresTables(connectionString, Schema);
        _time = time;
    }

    /// <summary>Connects and creates the tables if missing (concurrent creators are serialised by an advisory lock).</summary>
    public static async Task<PostgresGatewayStore> OpenAsync(string connectionString, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var store = new PostgresGatewayStore(connectionString, time);
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
    public Task<IReadOnlyList<OutboxItem>> GetNextPerDeviceAsync(int max, CancellationToken cancellationToken) =>
        ReadOutboxAsync("WHERE o.id IN (SELECT min(id) FROM outbox WHERE status IN (0, 1) GROUP BY device) ORDER BY o.id LIMIT $1", max, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxItem>> GetSubmittedAsync(CancellationToken cancellationToken) =>
        ReadOutboxAsync("WHERE o.status = 1 ORDER BY o.id", null, cancellationToken);

    /// <inheritdoc />
    public Task MarkSubmittedAsync(long id, string transactionHash, long nonce, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE outbox SET status = 1, tx_hash = $2, updated_at = $3, tx_nonce = $4 WHERE id = $1", id, cancellationToken, transactionHash, nonce);

    /// <inheritdoc />
    public Task MarkRelayedAsync(long id, string transactionHash, long blockNumber, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE outbox SET status = 2, tx_hash = $2, updated_at = $3, block_number = $4, error = NULL WHERE id = $1", id, cancellationToken, transactionHash, blockNumber);

    /// <inheritdoc />
    public Task MarkFailedAsync(long id, string? transactionHash, string error, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE outbox SET status = 3, tx_hash = COALESCE($2, tx_hash), updated_at = $3, error = $4 WHERE id = $1", id, cancellationToken, (object?)transactionHash ?? DBNull.Value, error);

    /// <inheritdoc />
    public Task ScheduleRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE outbox SET attempts = $2::integer, updated_at = $3, next_attempt_at = $4, error = $5 WHERE id = $1", id, cancellationToken, attempts, nextAttemptAt.ToUnixTimeMilliseconds(), error);

    /// <inheritdoc />
    public async Task<OutboxCounts> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = await _tables.CommandAsync(
            "SELECT count(*) FILTER (WHERE status = 0), count(*) FILTER (WHERE status = 1), count(*) FILTER (WHERE status = 2), count(*) FILTER (WHERE status = 3) FROM outbox", cancellationToken).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new OutboxCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _tables.DisposeAsync();

    private async Task<IReadOnlyList<OutboxItem>> ReadOutboxAsync(string where, int? limit, CancellationToken cancellationToken)
    {
        await using var command = await _tables.CommandAsync("""
            SELECT o.id, o.device, o.sequence, o.kind, o.status, o.attempts, o.next_attempt_at, o.tx_hash, m.payload, o.tx_nonce
            FROM outbox o JOIN messages m ON m.device = o.device AND m.sequence = o.sequence
            """ + "\n" + where, cancellationToken).ConfigureAwait(false);
        if (limit is { } max)
        {
            command.Parameters.AddWithValue(max);
        }

        var items = new List<OutboxItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new OutboxItem(
                reader.GetInt64(0),
                new Address((byte[])reader[1]),
                unchecked((ulong)reader.GetInt64(2)),
                (MessageKind)reader.GetInt16(3),
                (OutboxStatus)reader.GetInt16(4),
                reader.GetInt32(5),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                (byte[])reader[8])
            {
                TransactionNonce = reader.IsDBNull(9) ? null : reader.GetInt64(9),
            });
        }

        return items;
    }

    private async Task UpdateAsync(string sql, long id, CancellationToken cancellationToken, object first, params object[] rest)
    {
        await using var command = await _tables.CommandAsync(sql, cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(first);
        command.Parameters.AddWithValue(_time.GetUtcNow().ToUnixTimeMilliseconds());
        foreach (var value in rest)
        {
            command.Parameters.AddWithValue(value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
