using System;
using System.Collections.Concurrent;
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
/// crash or power loss before the device is acknowledged. Appends are group-committed by one writer loop
/// (see <c>SqliteGatewayStore.GroupCommit.cs</c>); outbox updates share its connection under a lock; reads use pooled
/// connections. Device heads are cached in memory after their first read.
/// </summary>
public sealed partial class SqliteGatewayStore : IMessageStore, IRelayOutbox, IDisposable
{
    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly ConcurrentDictionary<Address, DeviceHead?> _heads = new();

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
        // The writer's page cache holds every device's hot B-tree leaves (default 2 MB would re-read them from the OS
        // on every group); it grows only as pages are used. The writer never checkpoints: a checkpoint on its thread
        // stalled every group behind it (the p99 of the answer); the checkpointer below does it beside the writer. A log
        // that grew while the writer was busy is cut back to 256 MiB when it restarts.
        Execute(_writer, "PRAGMA cache_size=-131072; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=268435456;");
        Execute(_writer, SqliteSchema.Create);
        UpgradeOutbox(_writer);
        Execute(_writer, $"PRAGMA user_version={SqliteSchema.Version};");
        StartWriterLoop();
        StartCheckpointer();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public Task<DeviceHead?> GetHeadAsync(Address device, CancellationToken cancellationToken) =>
        _heads.TryGetValue(device, out var head) ? Task.FromResult(head) : ReadHeadAsync(device, cancellationToken);

    // The store is the authority; the cache holds what this process last read or committed. Only the group writer moves
    // a head, so a cached head is current unless another process writes the same file (then the compare-and-set
    // refuses the append, the entry is dropped and the next attempt reads the file).
    private async Task<DeviceHead?> ReadHeadAsync(Address device, CancellationToken cancellationToken)
    {
        var head = await ReadHeadFromFileAsync(device, cancellationToken).ConfigureAwait(false);
        _heads.TryAdd(device, head);
        return head;
    }

    private async Task<DeviceHead?> ReadHeadFromFileAsync(Address device, CancellationToken cancellationToken)
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
    public async Task<bool> IsVoidAsync(Address device, ulong sequence, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT length(payload) FROM messages WHERE device = $device AND sequence = $sequence AND kind = $kind";
        command.Parameters.AddWithValue("$device", device.ToArray());
        command.Parameters.AddWithValue("$sequence", unchecked((long)sequence));
        command.Parameters.AddWithValue("$kind", (int)MessageKind.PaymentIntent);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long length && length == WireFormat.PaymentIntentSize;
    }

    /// <inheritdoc />
    public Task<AppendResult> AppendAsync(NewMessage message, DeviceHead? expectedHead, CancellationToken cancellationToken) =>
        EnqueueAsync(message, expectedHead, cancellationToken).AsTask();

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
        StopWriterLoopAsync().GetAwaiter().GetResult();
        StopCheckpointer();
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
