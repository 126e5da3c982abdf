using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using EdgeOracle.Gateway.Protocol;
using Microsoft.Data.Sqlite;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// Group commit: appends wait in a bounded channel; one writer loop takes everything that queued up while the previous
/// transaction was committing (up to <see cref="MaxGroupSize"/>), checks each against its device's head (a refused
/// append writes nothing), appends the rest to the log with their outbox rows, folds one slice of keys and heads when
/// enough wait, and commits once: one WAL fsync per group instead of one per message. Every caller is answered only
/// after the commit returned, so "acknowledged" still means "durable".
/// </summary>
public sealed partial class SqliteGatewayStore
{
    /// <summary>Most appends written by one transaction.</summary>
    public const int MaxGroupSize = 1024;

    // Bounded: when the disk falls behind, publishers wait here (and MQTT back-pressures the devices) rather than
    // queueing without limit.
    private readonly Channel<PendingAppend> _appends = Channel.CreateBounded<PendingAppend>(
        new BoundedChannelOptions(4 * MaxGroupSize) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly ConcurrentBag<PendingAppend> _pendingPool = [];
    private readonly List<FoldEntry> _appended = new(MaxGroupSize);
    private readonly Dictionary<Address, DeviceHead?> _groupHeads = new(MaxGroupSize);
    private long _lastId;
    private long _foldedThrough;
    private Task? _writerLoop;
    private GroupCommands? _commands;

    /// <summary>Groups committed and messages written since start (for the benchmark and logs).</summary>
    public (long Groups, long Messages) GroupCommitStats => (Interlocked.Read(ref _groups), Interlocked.Read(ref _groupedMessages));

    private long _groups;
    private long _groupedMessages;

    private void StartWriterLoop() =>
        _writerLoop = Task.Factory.StartNew(WriteGroupsAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async ValueTask<AppendResult> EnqueueAsync(NewMessage message, DeviceHead? expectedHead, CancellationToken cancellationToken)
    {
        if (!_pendingPool.TryTake(out var pending))
        {
            pending = new PendingAppend();
        }

        pending.Set(message, expectedHead);
        var task = new ValueTask<AppendResult>(pending, pending.Version);
        try
        {
            await _appends.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            pending.Reset();
            _pendingPool.Add(pending);
            throw;
        }

        // Not cancellable once queued: the group may already be committing it. A caller that went away is answered
        // Duplicate when it resends.
        try
        {
            return await task.ConfigureAwait(false);
        }
        finally
        {
            pending.Reset();
            _pendingPool.Add(pending);
        }
    }

    private async Task WriteGroupsAsync()
    {
        var group = new List<PendingAppend>(MaxGroupSize);
        var reader = _appends.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (group.Count < MaxGroupSize && reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            await _writeLock.WaitAsync().ConfigureAwait(false);
            try
            {
                WriteGroup(group);
            }
            catch (Exception exception)
            {
                // The transaction did not commit: nothing of the group is stored, every caller learns so.
                foreach (var pending in group)
                {
                    pending.Fail(exception);
                }
            }
            finally
            {
                RestartLogIfLong();
                _writeLock.Release();
                group.Clear();
            }
        }
    }

    private void WriteGroup(List<PendingAppend> group)
    {
        var commands = _commands ??= new GroupCommands(_writer);
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var results = new AppendResult[group.Count];
        var appended = _appended;
        var groupHeads = _groupHeads;
        appended.Clear();
        groupHeads.Clear();
        var nextId = _lastId + 1;
        List<List<FoldEntry>> folded;
        long foldedThrough;
        using (var transaction = _writer.BeginTransaction())
        {
            commands.Enlist(transaction);
            for (var i = 0; i < group.Count; i++)
            {
                // The compare-and-set against the head this writer knows (it is the file's only writer): what the
                // group moved so far, else what was committed, else what the file holds for a device not seen since
                // it was opened. The sequence must also rise, which keeps (device, sequence) unique in the log. A
                // refused append writes nothing.
                var message = group[i].Message!;
                var current = groupHeads.TryGetValue(message.Device, out var moved) ? moved
                    : _heads.TryGetValue(message.Device, out var known) ? known
                    : commands.ReadHead(message.Device);
                if (current != group[i].ExpectedHead || (current is { } head && message.Sequence <= head.Sequence))
                {
                    results[i] = AppendResult.HeadMoved;
                    continue;
                }

                appended.Add(commands.Append(message, nextId++, now));
                groupHeads[message.Device] = new DeviceHead(message.Sequence, message.Digest);
                results[i] = AppendResult.Appended;
            }

            folded = FoldSlicesOverLimit(commands, now);
            foldedThrough = FoldedThroughAfter(folded, appended, nextId - 1);
            if (foldedThrough != _foldedThrough)
            {
                commands.SetFoldedThrough(foldedThrough);
            }

            transaction.Commit();
        }

        // Committed: only now does memory follow (a failed transaction leaves ids, heads and slices as they were).
        _lastId = nextId - 1;
        _foldedThrough = foldedThrough;
        ForgetFolded(folded);
        RememberAppended(appended);
        foreach (var (device, head) in groupHeads)
        {
            _heads[device] = head;
        }

        Interlocked.Increment(ref _groups);
        Interlocked.Add(ref _groupedMessages, group.Count);
        for (var i = 0; i < group.Count; i++)
        {
            group[i].Complete(results[i]);
        }
    }

    private async Task StopWriterLoopAsync()
    {
        _appends.Writer.TryComplete();
        if (_writerLoop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        _commands?.Dispose();
    }

    /// <summary>A queued append and the awaitable its caller waits on; pooled, so an append allocates no task.</summary>
    private sealed class PendingAppend : IValueTaskSource<AppendResult>
    {
        private ManualResetValueTaskSourceCore<AppendResult> _core = new() { RunContinuationsAsynchronously = true };

        public NewMessage? Message { get; private set; }

        public DeviceHead? ExpectedHead { get; private set; }

        public short Version => _core.Version;

        public void Set(NewMessage message, DeviceHead? expectedHead)
        {
            Message = message;
            ExpectedHead = expectedHead;
        }

        public void Reset()
        {
            Message = null;
            _core.Reset();
        }

        public void Complete(AppendResult result) => _core.SetResult(result);

        public void Fail(Exception exception) => _core.SetException(exception);

        public AppendResult GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }

    /// <summary>The group's prepared statements, reused from group to group; parameters are set by position.</summary>
    private sealed class GroupCommands : IDisposable
    {
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _queue;
        private readonly SqliteCommand _readHead;
        private readonly SqliteCommand _addKey;
        private readonly SqliteCommand _setHead;
        private readonly SqliteCommand _setFoldedThrough;

        public GroupCommands(SqliteConnection connection)
        {
            _insert = Command(connection, """
                INSERT INTO messages (id, device, sequence, kind, digest, prev_hash, payload, received_at)
                VALUES ($id, $device, $sequence, $kind, $digest, $prevHash, $payload, $receivedAt)
                """, "$id", "$device", "$sequence", "$kind", "$digest", "$prevHash", "$payload", "$receivedAt");
            _queue = Command(connection, """
                INSERT INTO outbox (message_id, device, sequence, kind, status, attempts, next_attempt_at, updated_at)
                VALUES ($id, $device, $sequence, $kind, 0, 0, $now, $now)
                """, "$id", "$device", "$sequence", "$kind", "$now");
            _readHead = Command(connection, "SELECT sequence, digest FROM device_heads WHERE device = $device", "$device");
            _addKey = Command(connection, "INSERT OR IGNORE INTO message_keys (device, sequence, id) VALUES ($device, $sequence, $id)", "$device", "$sequence", "$id");
            _setHead = Command(connection, """
                INSERT INTO device_heads (device, sequence, digest, updated_at) VALUES ($device, $sequence, $digest, $now)
                ON CONFLICT (device) DO UPDATE SET sequence = excluded.sequence, digest = excluded.digest, updated_at = excluded.updated_at
                """, "$device", "$sequence", "$digest", "$now");
            _setFoldedThrough = Command(connection, $"UPDATE store_state SET value = $value WHERE name = '{SqliteSchema.FoldedThrough}'", "$value");
        }

        private SqliteCommand[] All => [_insert, _queue, _readHead, _addKey, _setHead, _setFoldedThrough];

        public void Enlist(SqliteTransaction transaction)
        {
            foreach (var command in All)
            {
                command.Transaction = transaction;
            }
        }

        /// <summary>Writes the message at <paramref name="id"/> (the log's next) and its outbox row unless it is a void.</summary>
        public FoldEntry Append(NewMessage message, long id, long now)
        {
            var device = message.Device.ToArray();
            var sequence = unchecked((long)message.Sequence);
            var digest = message.Digest.ToArray();
            var kind = (int)message.Kind;
            var insert = _insert.Parameters;
            insert[0].Value = id;
            insert[1].Value = device;
            insert[2].Value = sequence;
            insert[3].Value = kind;
            insert[4].Value = digest;
            insert[5].Value = message.PrevHash.ToArray();
            insert[6].Value = message.Payload.ToArray();
            insert[7].Value = message.ReceivedAt.ToUnixTimeMilliseconds();
            _insert.ExecuteNonQuery();
            if (message.Relayable)
            {
                var queue = _queue.Parameters;
                queue[0].Value = id;
                queue[1].Value = device;
                queue[2].Value = sequence;
                queue[3].Value = kind;
                queue[4].Value = now;
                _queue.ExecuteNonQuery();
            }

            return new FoldEntry(device, sequence, id, digest);
        }

        public DeviceHead? ReadHead(Address device)
        {
            _readHead.Parameters[0].Value = device.ToArray();
            using var reader = _readHead.ExecuteReader();
            return reader.Read() ? new DeviceHead(unchecked((ulong)reader.GetInt64(0)), new Bytes32((byte[])reader.GetValue(1))) : null;
        }

        public void AddKey(FoldEntry entry)
        {
            var key = _addKey.Parameters;
            key[0].Value = entry.Device;
            key[1].Value = entry.Sequence;
            key[2].Value = entry.Id;
            _addKey.ExecuteNonQuery();
        }

        public void SetHead(FoldEntry entry, long now)
        {
            var head = _setHead.Parameters;
            head[0].Value = entry.Device;
            head[1].Value = entry.Sequence;
            head[2].Value = entry.Digest;
            head[3].Value = now;
            _setHead.ExecuteNonQuery();
        }

        public void SetFoldedThrough(long id)
        {
            _setFoldedThrough.Parameters[0].Value = id;
            _setFoldedThrough.ExecuteNonQuery();
        }

        public void Dispose()
        {
            foreach (var command in All)
            {
                command.Dispose();
            }
        }

        private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter(name, null));
            }

            return command;
        }
    }
}
