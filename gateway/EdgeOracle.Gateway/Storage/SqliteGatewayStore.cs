using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Wire;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a committed append survives a
/// crash or power loss before the device is acknowledged. Appends are group-committed by one writer loop
/// (see <c>SqliteGatewayStore.GroupCommit.cs</c>) onto an append-only log, with keys and heads folded in behind it
/// (<see cref="SqliteSchema"/>, <c>SqliteGatewayStore.Fold.cs</c>); outbox updates share its connection under a lock;
/// reads use pooled connections. The writer checks every append against the heads it holds in memory, so it must be the
/// file's only writer: a lock file beside the database (<c>.lock</c>, an OS lock that a crash releases) keeps a second
/// gateway process off the same file.
/// </summary>
public sealed partial class SqliteGatewayStore : IMessageStore, IRelayOutbox, IDisposable
{
    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly ConcurrentDictionary<Address, DeviceHead?> _heads = new();
    private readonly FileStream _lock;
    private int _closed;

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
        _lock = TakeLock(fullPath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        try
        {
            _writer = Open();
        }
        catch
        {
            _lock.Dispose();
            throw;
        }

        Execute(_writer, "PRAGMA journal_mode=WAL;");
        // The writer's page cache holds every device's hot B-tree leaves (default 2 MB would re-read them from the OS
        // on every group); it grows only as pages are used. The writer never checkpoints: a checkpoint on its thread
        // stalled every group behind it (the p99 of the answer); the checkpointer below does it beside the writer. A log
        // that grew while the writer was busy is cut back to 256 MiB when it restarts.
        Execute(_writer, "PRAGMA cache_size=-131072; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=268435456;");
        SqliteSchema.Upgrade(_writer);
        Execute(_writer, SqliteSchema.Create);
        Execute(_writer, $"PRAGMA user_version={SqliteSchema.Version};");
        FoldTail(_writer); // what a crash left unfolded
        _lastId = SqliteSchema.Scalar(_writer, "SELECT COALESCE(MAX(id), 0) FROM messages");
        _foldedThrough = _lastId;
        StartWriterLoop();
        StartCheckpointer();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public ValueTask<DeviceHead?> GetHeadAsync(Address device, CancellationToken cancellationToken) =>
        _heads.TryGetValue(device, out var head) ? new ValueTask<DeviceHead?>(head) : new ValueTask<DeviceHead?>(ReadHeadAsync(device, cancellationToken));

    // The cache holds every head this process read or committed; only the group writer moves one. A device not in the
    // cache has not been appended to since the file was opened (and folded), so device_heads holds its head.
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
        command.CommandText = FindInLog("{0}digest", ofKind: false);
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
        command.CommandText = FindInLog("length({0}payload)", ofKind: true);
        command.Parameters.AddWithValue("$device", device.ToArray());
        command.Parameters.AddWithValue("$sequence", unchecked((long)sequence));
        command.Parameters.AddWithValue("$kind", (int)MessageKind.PaymentIntent);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long length && length == WireFormat.PaymentIntentSize;
    }

    /// <inheritdoc />
    public ValueTask<AppendResult> AppendAsync(NewMessage message, DeviceHead? expectedHead, CancellationToken cancellationToken) =>
        EnqueueAsync(message, expectedHead, cancellationToken);

    /// <inheritdoc />
    public async Task<long> CountMessagesAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM messages";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
    }

    /// <inheritdoc />
    public void Dispose() => Close(fold: true);

    /// <summary>
    /// Stops like a process that was killed right after its last commit: nothing is folded, the file is released.
    /// For tests of what opening the file after a crash restores.
    /// </summary>
    internal void Abandon() => Close(fold: false);

    // Idempotent: the store may be disposed more than once (it is registered under several services).
    private void Close(bool fold)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        StopWriterLoopAsync().GetAwaiter().GetResult();
        StopCheckpointer();
        if (fold)
        {
            FoldTail(_writer); // a clean stop leaves nothing for the next open to fold
        }

        _writer.Dispose();
        _writeLock.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        _lock.Dispose();
    }

    /// <summary>
    /// A lookup by (device, sequence) in one statement, so one snapshot: the folded keys, then the unfolded tail of the
    /// log (ids after <c>folded_through</c>, at most a few groups' worth plus the fold backlog, read by id range).
    /// </summary>
    /// <param name="column">What to select, with <c>{0}</c> where the table's alias goes.</param>
    /// <param name="ofKind">Whether the message must also be of <c>$kind</c>.</param>
    private static string FindInLog(string column, bool ofKind) => $"""
        SELECT {string.Format(CultureInfo.InvariantCulture, column, "m.")} FROM message_keys k JOIN messages m ON m.id = k.id
        WHERE k.device = $device AND k.sequence = $sequence{(ofKind ? " AND m.kind = $kind" : string.Empty)}
        UNION ALL
        SELECT {string.Format(CultureInfo.InvariantCulture, column, string.Empty)} FROM messages
        WHERE id > (SELECT value FROM store_state WHERE name = '{SqliteSchema.FoldedThrough}') AND device = $device AND sequence = $sequence{(ofKind ? " AND kind = $kind" : string.Empty)}
        LIMIT 1
        """;

    private static FileStream TakeLock(string databasePath)
    {
        var lockPath = databasePath + ".lock";
        try
        {
            // FileShare.None is an exclusive OS lock (flock on Unix): released by the kernel when the process ends.
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new InvalidOperationException(
                $"The gateway store {databasePath} is in use by another gateway (its lock {lockPath} is held). One process writes a " +
                "store file; stop the other gateway, or give this one its own Storage:Path (several gateways share PostgreSQL instead).",
                exception);
        }
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
