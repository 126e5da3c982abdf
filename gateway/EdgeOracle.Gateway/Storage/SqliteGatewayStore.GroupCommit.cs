using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using Microsoft.Data.Sqlite;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// Group commit: appends wait in a bounded channel; one writer loop takes everything that queued up while the previous
/// transaction was committing (up to <see cref="MaxGroupSize"/>), writes it in one transaction (a failed compare-and-set
/// undoes only its own message) and commits once: one WAL fsync per group instead
/// of one per message. Every caller is answered only after the commit returned, so "acknowledged" still means "durable".
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
        using (var transaction = _writer.BeginTransaction())
        {
            commands.Enlist(transaction);
            for (var i = 0; i < group.Count; i++)
            {
                results[i] = commands.Append(group[i], now);
            }

            transaction.Commit();
        }

        Interlocked.Increment(ref _groups);
        Interlocked.Add(ref _groupedMessages, group.Count);
        for (var i = 0; i < group.Count; i++)
        {
            var pending = group[i];
            if (results[i] == AppendResult.Appended)
            {
                _heads[pending.Message!.Device] = new DeviceHead(pending.Message.Sequence, pending.Message.Digest);
            }
            else
            {
                _heads.TryRemove(pending.Message!.Device, out _);
            }

            pending.Complete(results[i]);
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

    /// <summary>The group's prepared statements, reused from group to group.</summary>
    private sealed class GroupCommands : IDisposable
    {
        private readonly SqliteCommand _undo;
        private readonly SqliteCommand _moveHead;
        private readonly SqliteCommand _firstHead;
        private readonly SqliteCommand _insert;

        public GroupCommands(SqliteConnection connection)
        {
            _undo = Command(connection, """
                DELETE FROM outbox WHERE id = (SELECT MAX(id) FROM outbox) AND device = $device AND sequence = $sequence;
                DELETE FROM messages WHERE device = $device AND sequence = $sequence;
                """, "$device", "$sequence");
            _moveHead = Command(connection, """
                UPDATE device_heads SET sequence = $sequence, digest = $digest, updated_at = $now
                WHERE device = $device AND sequence = $expectedSequence AND digest = $expectedDigest
                """, "$sequence", "$digest", "$now", "$device", "$expectedSequence", "$expectedDigest");
            _firstHead = Command(connection, """
                INSERT INTO device_heads (device, sequence, digest, updated_at) VALUES ($device, $sequence, $digest, $now)
                ON CONFLICT (device) DO NOTHING
                """, "$device", "$sequence", "$digest", "$now");
            _insert = Command(connection, """
                INSERT INTO messages (device, sequence, kind, digest, prev_hash, payload, received_at)
                VALUES ($device, $sequence, $kind, $digest, $prevHash, $payload, $receivedAt)
                ON CONFLICT (device, sequence) DO NOTHING;
                INSERT INTO outbox (device, sequence, kind, status, attempts, next_attempt_at, updated_at)
                SELECT $device, $sequence, $kind, 0, 0, $now, $now WHERE changes() = 1 AND $relay = 1;
                """, "$device", "$sequence", "$kind", "$digest", "$prevHash", "$payload", "$receivedAt", "$now", "$relay");
        }

        public void Enlist(SqliteTransaction transaction)
        {
            foreach (var command in new[] { _undo, _moveHead, _firstHead, _insert })
            {
                command.Transaction = transaction;
            }
        }

        // The message and its outbox row first, then the head's compare-and-set; the rare refused append is undone by
        // deleting what it inserted (three statements per message instead of five with a savepoint each). Its outbox
        // row is the newest one: this loop is the only writer and nothing else was inserted since.
        public AppendResult Append(PendingAppend pending, long now)
        {
            var message = pending.Message!;
            var device = message.Device.ToArray();
            var sequence = unchecked((long)message.Sequence);
            var digest = message.Digest.ToArray();

            _insert.Parameters["$device"].Value = device;
            _insert.Parameters["$sequence"].Value = sequence;
            _insert.Parameters["$kind"].Value = (int)message.Kind;
            _insert.Parameters["$digest"].Value = digest;
            _insert.Parameters["$prevHash"].Value = message.PrevHash.ToArray();
            _insert.Parameters["$payload"].Value = message.Payload.ToArray();
            _insert.Parameters["$receivedAt"].Value = message.ReceivedAt.ToUnixTimeMilliseconds();
            _insert.Parameters["$relay"].Value = message.Relayable ? 1 : 0;
            _insert.Parameters["$now"].Value = now;
            // The message row, plus its outbox row unless it is a void that is never relayed.
            if (_insert.ExecuteNonQuery() != (message.Relayable ? 2 : 1))
            {
                // Already stored (another writer got there first): nothing was written.
                return AppendResult.HeadMoved;
            }

            var head = pending.ExpectedHead is { } expected ? _moveHead : _firstHead;
            head.Parameters["$device"].Value = device;
            head.Parameters["$sequence"].Value = sequence;
            head.Parameters["$digest"].Value = digest;
            head.Parameters["$now"].Value = now;
            if (pending.ExpectedHead is { } previous)
            {
                head.Parameters["$expectedSequence"].Value = unchecked((long)previous.Sequence);
                head.Parameters["$expectedDigest"].Value = previous.Digest.ToArray();
            }

            if (head.ExecuteNonQuery() == 1)
            {
                return AppendResult.Appended;
            }

            _undo.Parameters["$device"].Value = device;
            _undo.Parameters["$sequence"].Value = sequence;
            _undo.ExecuteNonQuery();
            return AppendResult.HeadMoved;
        }

        public void Dispose()
        {
            foreach (var command in new[] { _undo, _moveHead, _firstHead, _insert })
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
