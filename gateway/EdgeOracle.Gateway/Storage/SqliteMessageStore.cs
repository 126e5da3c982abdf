using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Wire;
using Microsoft.Data.Sqlite;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// The embedded message store on a <see cref="SqliteStoreFile"/>. Appends are group-committed by one writer loop
/// (see <c>SqliteMessageStore.GroupCommit.cs</c>) onto an append-only log, with keys and heads folded in behind it
/// (<see cref="SqliteSchema"/>, <c>SqliteMessageStore.Fold.cs</c>); a checkpointer keeps the WAL short beside the writer
/// (<c>SqliteMessageStore.Checkpoint.cs</c>); reads use pooled connections. Each append's outbox row is written in the
/// same transaction; the <see cref="SqliteRelayOutbox"/> on the same file reads and updates those rows. The store checks
/// every append against the heads it holds in memory, so it must be the file's only message writer (the file's lock
/// keeps other processes off; one store per file in a process).
/// </summary>
public sealed partial class SqliteMessageStore : IMessageStore, IDisposable
{
    private readonly SqliteStoreFile _file;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<Address, DeviceHead?> _heads = new();
    private int _closed;

    /// <summary>Opens the message store on <paramref name="file"/>: folds what a crash left unfolded, starts the writer.</summary>
    public SqliteMessageStore(SqliteStoreFile file, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(file);
        _file = file;
        _timeProvider = timeProvider;
        FoldTail(file.Writer); // what a crash left unfolded
        _lastId = SqliteSchema.Scalar(file.Writer, "SELECT COALESCE(MAX(id), 0) FROM messages");
        _foldedThrough = _lastId;
        StartWriterLoop();
        StartCheckpointer();
    }

    /// <summary>The database file.</summary>
    public string Path => _file.Path;

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
        await using var connection = _file.Open();
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
        await using var connection = _file.Open();
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
        await using var connection = _file.Open();
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
        await using var connection = _file.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM messages";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
    }

    /// <summary>Stops the writer and folds everything (the file stays open: its owner disposes it).</summary>
    public void Dispose() => Close(fold: true);

    /// <summary>
    /// Stops like a process that was killed right after its last commit: nothing is folded (dispose the file after it).
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
            FoldTail(_file.Writer); // a clean stop leaves nothing for the next open to fold
        }
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
}
