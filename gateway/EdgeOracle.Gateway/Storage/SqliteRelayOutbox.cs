using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using Microsoft.Data.Sqlite;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// The embedded relay outbox on a <see cref="SqliteStoreFile"/>: the rows that <see cref="SqliteMessageStore"/> writes
/// with each append, read on pooled connections and updated by the relayer on the file's writer connection, between the
/// message store's group commits (<see cref="SqliteStoreFile.WriteLock"/>).
/// </summary>
public sealed class SqliteRelayOutbox(SqliteStoreFile file, TimeProvider timeProvider) : IRelayOutbox
{
    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxItem>> GetNextPerDeviceAsync(int max, int perDevice, CancellationToken cancellationToken) =>
        ReadOutboxAsync(
            """
            WHERE o.id IN (
                SELECT id FROM (
                    SELECT id, ROW_NUMBER() OVER (PARTITION BY device ORDER BY id) AS n
                    FROM (
                        SELECT * FROM (SELECT id, device FROM outbox WHERE status IN (0, 1) AND kind = $payment ORDER BY id LIMIT $scan)
                        UNION ALL
                        SELECT * FROM (SELECT id, device FROM outbox WHERE status IN (0, 1) AND kind <> $payment ORDER BY id LIMIT $scan)))
                WHERE n <= $per)
            ORDER BY o.kind = $payment DESC, o.id LIMIT $max
            """,
            [("$max", max), ("$per", perDevice), ("$scan", OutboxScan.For(max)), ("$payment", (int)MessageKind.PaymentIntent)],
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxItem>> GetSubmittedAsync(CancellationToken cancellationToken) =>
        ReadOutboxAsync("WHERE o.status = 1 ORDER BY o.id", [], cancellationToken);

    /// <inheritdoc />
    public Task MarkSubmittedAsync(IReadOnlyList<SubmittedTransaction> transactions, CancellationToken cancellationToken) =>
        UpdateOutboxAsync(
            "UPDATE outbox SET status = 1, tx_hash = $tx, tx_nonce = $nonce, updated_at = $now WHERE id = $id",
            transactions.SelectMany(t => t.Ids.Select(id => (id, new (string, object)[] { ("$tx", t.TransactionHash), ("$nonce", t.Nonce) }))).ToArray(),
            cancellationToken);

    /// <inheritdoc />
    public Task MarkRelayedAsync(IReadOnlyList<long> ids, string transactionHash, long blockNumber, CancellationToken cancellationToken) =>
        UpdateOutboxAsync(
            "UPDATE outbox SET status = 2, tx_hash = $tx, block_number = $block, error = NULL, updated_at = $now WHERE id = $id",
            ids,
            cancellationToken,
            ("$tx", transactionHash),
            ("$block", blockNumber));

    /// <inheritdoc />
    public Task MarkFailedAsync(long id, string? transactionHash, string error, CancellationToken cancellationToken) =>
        UpdateOutboxAsync(
            "UPDATE outbox SET status = 3, tx_hash = COALESCE($tx, tx_hash), error = $error, updated_at = $now WHERE id = $id",
            id,
            cancellationToken,
            ("$tx", (object?)transactionHash ?? DBNull.Value),
            ("$error", error));

    /// <inheritdoc />
    public Task MarkNotRelayedAsync(long id, string reason, CancellationToken cancellationToken) =>
        UpdateOutboxAsync("UPDATE outbox SET status = 4, error = $error, updated_at = $now WHERE id = $id", id, cancellationToken, ("$error", reason));

    /// <inheritdoc />
    public Task ScheduleRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken) =>
        UpdateOutboxAsync(
            "UPDATE outbox SET attempts = $attempts, next_attempt_at = $next, error = $error, updated_at = $now WHERE id = $id",
            id,
            cancellationToken,
            ("$attempts", attempts),
            ("$next", nextAttemptAt.ToUnixTimeMilliseconds()),
            ("$error", error));

    /// <inheritdoc />
    public async Task<OutboxCounts> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = file.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, COUNT(*) FROM outbox GROUP BY status";
        var counts = new long[5];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var status = reader.GetInt32(0);
            if (status is >= 0 and < 5)
            {
                counts[status] = reader.GetInt64(1);
            }
        }

        return new OutboxCounts(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    private async Task<IReadOnlyList<OutboxItem>> ReadOutboxAsync(string where, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = file.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT o.id, o.device, o.sequence, o.kind, o.status, o.attempts, o.next_attempt_at, o.tx_hash, m.payload, o.tx_nonce
            FROM outbox o JOIN messages m ON m.id = o.message_id
            """ + "\n" + where;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var items = new List<OutboxItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new OutboxItem(
                reader.GetInt64(0),
                new Address((byte[])reader.GetValue(1)),
                unchecked((ulong)reader.GetInt64(2)),
                (MessageKind)reader.GetInt32(3),
                (OutboxStatus)reader.GetInt32(4),
                reader.GetInt32(5),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                (byte[])reader.GetValue(8))
            {
                TransactionNonce = reader.IsDBNull(9) ? null : reader.GetInt64(9),
            });
        }

        return items;
    }

    private Task UpdateOutboxAsync(string sql, long id, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        UpdateOutboxAsync(sql, [id], cancellationToken, parameters);

    private Task UpdateOutboxAsync(string sql, IReadOnlyList<long> ids, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        UpdateOutboxAsync(sql, ids.Select(id => (id, Array.Empty<(string, object)>())).ToArray(), cancellationToken, parameters);

    /// <summary>
    /// Runs <paramref name="sql"/> once per row, with the row's id as <c>$id</c> and its own values beside the shared
    /// <paramref name="parameters"/>, all in one transaction (one commit for a round's or a batch's rows).
    /// </summary>
    private async Task UpdateOutboxAsync(
        string sql, IReadOnlyList<(long Id, (string Name, object Value)[] Values)> rows, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await file.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = rows.Count > 1 ? file.Writer.BeginTransaction() : null;
            await using var command = file.Writer.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$now", timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            foreach (var (row, values) in rows)
            {
                Set(command, "$id", row);
                foreach (var (name, value) in values)
                {
                    Set(command, name, value);
                }

                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    throw new InvalidOperationException($"Outbox row {row} does not exist.");
                }
            }

            transaction?.Commit();
        }
        finally
        {
            file.WriteLock.Release();
        }
    }

    private static void Set(SqliteCommand command, string name, object value)
    {
        if (command.Parameters.Contains(name))
        {
            command.Parameters[name].Value = value;
        }
        else
        {
            command.Parameters.AddWithValue(name, value);
        }
    }
}
