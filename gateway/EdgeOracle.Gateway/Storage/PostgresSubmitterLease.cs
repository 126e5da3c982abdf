using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// The submitter lease as a PostgreSQL session-level advisory lock (<c>pg_try_advisory_lock</c>) on one dedicated
/// connection: held while that session lives. When the holder dies, PostgreSQL ends its session and frees the lock, and
/// the next gateway that asks takes it. Each call checks the session is still alive, so a holder whose connection was
/// cut stops submitting at its next round.
/// </summary>
public sealed partial class PostgresSubmitterLease(string connectionString, long lockKey, ILogger<PostgresSubmitterLease> logger)
    : ISubmitterLease, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _connection;
    private bool _held;

    /// <inheritdoc />
    public async ValueTask<bool> HoldsAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _connection ??= await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = _connection.CreateCommand();
            command.CommandText = _held ? "SELECT true" : "SELECT pg_try_advisory_lock($1)";
            if (!_held)
            {
                command.Parameters.AddWithValue(lockKey);
            }

            var held = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            if (held && !_held)
            {
                Log.Acquired(logger, lockKey);
            }

            _held = held;
            return held;
        }
        catch (Exception exception) when (exception is NpgsqlException or System.IO.IOException or TimeoutException or InvalidOperationException)
        {
            if (_held)
            {
                Log.Lost(logger, lockKey, exception.Message);
            }

            _held = false;
            await DropConnectionAsync().ConfigureAwait(false);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Ends the session, which frees the lock.</summary>
    public async ValueTask DisposeAsync()
    {
        await DropConnectionAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private async Task DropConnectionAsync()
    {
        _held = false;
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Elected chain submitter (advisory lock {LockKey})")]
        public static partial void Acquired(ILogger logger, long lockKey);

        [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "Lost the chain submitter lease (advisory lock {LockKey}): {Error}")]
        public static partial void Lost(ILogger logger, long lockKey, string error);
    }
}
