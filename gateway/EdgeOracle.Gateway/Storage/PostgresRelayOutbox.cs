using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using Npgsql;
using NpgsqlTypes;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// The relay outbox in PostgreSQL, shared by several gateways: the rows that <see cref="PostgresMessageStore"/> queues
/// with each append, read and updated by the relayer (the elected submitter). Its own pooled data source, as each
/// concern on the shared database has (<see cref="PostgresTables"/>); the tables are the message store's.
/// </summary>
public sealed class PostgresRelayOutbox : IRelayOutbox, IAsyncDisposable
{
    private readonly PostgresTables _tables;
    private readonly TimeProvider _time;

    /// <summary>Uses the database of <paramref name="connectionString"/>; the tables are created on first use if missing.</summary>
    public PostgresRelayOutbox(string connectionString, TimeProvider time)
    {
        _tables = new PostgresTables(connectionString, PostgresMessageStore.Schema);
        _time = time;
    }

    /// <summary>Connects and creates the tables if missing (concurrent creators are serialised by an advisory lock).</summary>
    public static async Task<PostgresRelayOutbox> OpenAsync(string connectionString, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var outbox = new PostgresRelayOutbox(connectionString, time);
        await outbox._tables.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return outbox;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxItem>> GetNextPerDeviceAsync(int max, int perDevice, CancellationToken cancellationToken) =>
        ReadOutboxAsync(
            """
            WHERE o.id IN (
                SELECT id FROM (
                    SELECT id, row_number() OVER (PARTITION BY device ORDER BY id) AS n
                    FROM (
                        (SELECT id, device FROM outbox WHERE status IN (0, 1) AND kind = $4 ORDER BY id LIMIT $3)
                        UNION ALL
                        (SELECT id, device FROM outbox WHERE status IN (0, 1) AND kind <> $4 ORDER BY id LIMIT $3)) oldest) ranked
                WHERE n <= $2)
            ORDER BY o.kind = $4 DESC, o.id LIMIT $1
            """,
            [max, perDevice, OutboxScan.For(max), (int)MessageKind.PaymentIntent],
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxItem>> GetSubmittedAsync(CancellationToken cancellationToken) =>
        ReadOutboxAsync("WHERE o.status = 1 ORDER BY o.id", [], cancellationToken);

    /// <inheritdoc />
    public async Task MarkSubmittedAsync(IReadOnlyList<SubmittedTransaction> transactions, CancellationToken cancellationToken)
    {
        var rows = transactions.SelectMany(t => t.Ids.Select(id => (Id: id, t.TransactionHash, t.Nonce))).ToArray();
        await using var command = await _tables.CommandAsync(
            """
            UPDATE outbox o SET status = 1, tx_hash = v.hash, tx_nonce = v.nonce, updated_at = $4
            FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS v(id, hash, nonce) WHERE o.id = v.id
            """,
            cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue(rows.Select(r => r.Id).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.TransactionHash).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.Nonce).ToArray());
        command.Parameters.AddWithValue(_time.GetUtcNow().ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task MarkRelayedAsync(IReadOnlyList<long> ids, string transactionHash, long blockNumber, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE outbox SET status = 2, tx_hash = $2, updated_at = $3, block_number = $4, error = NULL WHERE id = ANY($1)", ids.ToArray(), cancellationToken, transactionHash, blockNumber);

    /// <inheritdoc />
    public Task MarkFailedAsync(long id, string? transactionHash, string error, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE outbox SET status = 3, tx_hash = COALESCE($2, tx_hash), updated_at = $3, error = $4 WHERE id = $1", id, cancellationToken, (object?)transactionHash ?? DBNull.Value, error);

    /// <inheritdoc />
    public Task MarkNotRelayedAsync(long id, string reason, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE outbox SET status = 4, error = $2, updated_at = $3 WHERE id = $1", id, cancellationToken, reason);

    /// <inheritdoc />
    public Task ScheduleRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE outbox SET attempts = $2::integer, updated_at = $3, next_attempt_at = $4, error = $5 WHERE id = $1", id, cancellationToken, attempts, nextAttemptAt.ToUnixTimeMilliseconds(), error);

    /// <inheritdoc />
    public async Task<OutboxCounts> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = await _tables.CommandAsync(
            "SELECT count(*) FILTER (WHERE status = 0), count(*) FILTER (WHERE status = 1), count(*) FILTER (WHERE status = 2), count(*) FILTER (WHERE status = 3), count(*) FILTER (WHERE status = 4) FROM outbox", cancellationToken).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new OutboxCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _tables.DisposeAsync();

    private async Task<IReadOnlyList<OutboxItem>> ReadOutboxAsync(string where, int[] parameters, CancellationToken cancellationToken)
    {
        await using var command = await _tables.CommandAsync("""
            SELECT o.id, o.device, o.sequence, o.kind, o.status, o.attempts, o.next_attempt_at, o.tx_hash, m.payload, o.tx_nonce
            FROM outbox o JOIN messages m ON m.device = o.device AND m.sequence = o.sequence
            """ + "\n" + where, cancellationToken).ConfigureAwait(false);
        foreach (var value in parameters)
        {
            command.Parameters.AddWithValue(value);
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

    private async Task UpdateAsync(string sql, object id, CancellationToken cancellationToken, object first, params object[] rest)
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
