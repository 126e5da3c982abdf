using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Protocol;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a committed append survives a
/// crash or power loss before the device is acknowledged. Writes go through one connection under a lock (SQLite
/// has one writer anyway, and this is where group commit will go); reads use pooled connections.
/// </summary>
public sealed partial class SqliteGatewayStore : IMessageStore, IRelayOutbox, IDisposable
{
    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteConnection _writer;

    /// <summary>Opens (creating if needed) the database at <see cref="StorageOptions.Path"/>.</summary>
    public SqliteGatewayStore(IOptions<StorageOptions> options, TimeProvider timeProvider)
        : this(options.Value.Path, timeProvider)
    {
    }

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>.</summary>
    public SqliteGatewayStore(string path, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        var fullPath = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        Path = fullPath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        _writer = Open();
        Execute(_writer, "PRAGMA journal_mode=WAL;");
        Execute(_writer, SqliteSchema.Create);
        Execute(_writer, $"PRAGMA user_version={SqliteSchema.Version};");
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async Task<DeviceHead?> GetHeadAsync(Address device, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, digest FROM device_heads WHERE device = $device";
        command.Parameters.AddWithValue("$device", device.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new DeviceHead(unchecked((ulong)reader.GetInt64(0)), new Bytes32((byte[])reader.GetValue(1)));
    }

    /// <inheritdoc />
    public async Task<Bytes32?> FindDigestAsync(Address device, ulong sequence, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT digest FROM messages WHERE device = $device AND sequence = $sequence";
        command.Parameters.AddWithValue("$device", device.ToArray());
        command.Parameters.AddWithValue("$sequence", unchecked((long)sequence));
        var digest = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return digest is byte[] bytes ? new Bytes32(bytes) : null;
    }

    /// <inheritdoc />
    public async Task<AppendResult> AppendAsync(NewMessage message, DeviceHead? expectedHead, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var device = message.Device.ToArray();
        var sequence = unchecked((long)message.Sequence);
        var digest = message.Digest.ToArray();

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = (SqliteTransaction)await _writer.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var head = _writer.CreateCommand();
            head.Transaction = transaction;
            if (expectedHead is { } expected)
            {
                head.CommandText = """
                    UPDATE device_heads SET sequence = $sequence, digest = $digest, updated_at = $now
                    WHERE device = $device AND sequence = $expectedSequence AND digest = $expectedDigest
                    """;
                head.Parameters.AddWithValue("$expectedSequence", unchecked((long)expected.Sequence));
                head.Parameters.AddWithValue("$expectedDigest", expected.Digest.ToArray());
            }
            else
            {
                head.CommandText = """
                    INSERT INTO device_heads (device, sequence, digest, updated_at) VALUES ($device, $sequence, $digest, $now)
                    ON CONFLICT (device) DO NOTHING
                    """;
            }

            head.Parameters.AddWithValue("$device", device);
            head.Parameters.AddWithValue("$sequence", sequence);
            head.Parameters.AddWithValue("$digest", digest);
            head.Parameters.AddWithValue("$now", now);
            if (await head.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return AppendResult.HeadMoved;
            }

            await using var insert = _writer.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO messages (device, sequence, kind, digest, prev_hash, payload, received_at)
                VALUES ($device, $sequence, $kind, $digest, $prevHash, $payload, $receivedAt)
                ON CONFLICT (device, sequence) DO NOTHING;
                INSERT INTO outbox (device, sequence, kind, status, attempts, next_attempt_at, updated_at)
                SELECT $device, $sequence, $kind, 0, 0, $now, $now WHERE changes() = 1;
                """;
            insert.Parameters.AddWithValue("$device", device);
            insert.Parameters.AddWithValue("$sequence", sequence);
            insert.Parameters.AddWithValue("$kind", (int)message.Kind);
            insert.Parameters.AddWithValue("$digest", digest);
            insert.Parameters.AddWithValue("$prevHash", message.PrevHash.ToArray());
            insert.Parameters.AddWithValue("$payload", message.Payload.ToArray());
            insert.Parameters.AddWithValue("$receivedAt", message.ReceivedAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$now", now);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 2)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return AppendResult.HeadMoved;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return AppendResult.Appended;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<long> CountMessagesAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM messages";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        _writeLock.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
