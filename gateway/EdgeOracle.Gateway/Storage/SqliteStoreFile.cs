using System;
using System.IO;
using System.Threading;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using EdgeOracle.Gateway.Options;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// The embedded store's file, shared by the <see cref="SqliteMessageStore"/> and the <see cref="SqliteRelayOutbox"/>:
/// one SQLite file in WAL mode with <c>synchronous=FULL</c> (a committed append survives a crash or power loss before
/// the device is acknowledged), its schema (<see cref="SqliteSchema"/>, upgraded when opened), the one writer connection
/// that the message store's group commit and the outbox's updates take turns on (<see cref="WriteLock"/>), and pooled
/// connections for reads. The message store holds the heads in memory and is therefore the file's only writer: a lock
/// file beside the database (<c>.lock</c>, an OS lock that a crash releases) keeps a second gateway process off it.
/// </summary>
public sealed class SqliteStoreFile : IDisposable
{
    private readonly string _connectionString;
    private readonly FileStream _lock;
    private int _closed;

    /// <summary>Opens (creating if needed) the database at <see cref="StorageOptions.Path"/>.</summary>
    public SqliteStoreFile(IOptions<StorageOptions> options)
        : this(options.Value.Path)
    {
    }

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>, and takes its lock.</summary>
    public SqliteStoreFile(string path)
    {
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
            Writer = Open();
        }
        catch
        {
            _lock.Dispose();
            throw;
        }

        Execute(Writer, "PRAGMA journal_mode=WAL;");
        // The writer's page cache holds every device's hot B-tree leaves (default 2 MB would re-read them from the OS
        // on every group); it grows only as pages are used. The writer never checkpoints: a checkpoint on its thread
        // stalled every group behind it (the p99 of the answer); the message store's checkpointer does it beside the
        // writer. A log that grew while the writer was busy is cut back to 256 MiB when it restarts.
        Execute(Writer, "PRAGMA cache_size=-131072; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=268435456;");
        SqliteSchema.Upgrade(Writer);
        Execute(Writer, SqliteSchema.Create);
        Execute(Writer, $"PRAGMA user_version={SqliteSchema.Version};");
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The one writer connection; use it only while holding <see cref="WriteLock"/>.</summary>
    internal SqliteConnection Writer { get; }

    /// <summary>Taken by whoever writes on <see cref="Writer"/>: a group commit, an outbox update.</summary>
    internal SemaphoreSlim WriteLock { get; } = new(1, 1);

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        Writer.Dispose();
        WriteLock.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        _lock.Dispose();
    }

    /// <summary>A new (pooled) connection for reads.</summary>
    internal SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        return connection;
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

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
}
