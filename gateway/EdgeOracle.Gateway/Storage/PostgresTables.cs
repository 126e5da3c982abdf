using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// The shared PostgreSQL database as one concern sees it (the message store, anchoring, the registry follower): a pooled
/// data source and the concern's tables, created on first use. Gateways that start together create them one at a time
/// under a transaction-level advisory lock, because concurrent <c>CREATE TABLE IF NOT EXISTS</c> can still collide in
/// the catalog.
/// </summary>
internal sealed class PostgresTables : IAsyncDisposable
{
    private const long SchemaLockKey = 4540474;
    private readonly string _schema;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _created;

    public PostgresTables(string connectionString, string schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        DataSource = NpgsqlDataSource.Create(connectionString);
        _schema = schema;
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>A pooled connection, the tables created first.</summary>
    public async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A command that runs on a pooled connection of its own, the tables created first.</summary>
    public async ValueTask<NpgsqlCommand> CommandAsync(string sql, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return DataSource.CreateCommand(sql);
    }

    /// <summary>Creates the tables if missing; once it succeeded, does nothing (a failure is tried again next time).</summary>
    public async ValueTask EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_created)
            {
                return;
            }

            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var create = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey}); {_schema}", connection, transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
