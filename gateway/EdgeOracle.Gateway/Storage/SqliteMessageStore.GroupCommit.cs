using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using EdgeOracle.Protocol;
using Microsoft.Data.Sqlite;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// Group commit: appends wait in a bounded channel; one writer loop takes everything that queued up while the previous
/// transaction was committing (up to <see cref="MaxGroupSize"/>), checks each against its device's head (a refused
/// append writes nothing), appends the rest to the log with their outbox rows, folds one slice of keys and heads when
/// enough wait, and commits once: one WAL fsync per group instead of one per message. Every caller is answered only
/// after the commit returned, so "acknowledged" still means "durable".
/// </summary>
public sealed partial class SqliteMessageStore
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

    // The usual case allocates nothing: the channel has room, and the caller awaits the pooled append itself, which goes
    // back to the pool when its result is read. Only a full channel (the disk falling behind) takes the async path.
    private ValueTask<AppendResult> EnqueueAsync(NewMessage message, DeviceHead? expectedHead, CancellationToken cancellationToken)
    {
        if (!_pendingPool.TryTake(out var pending))
        {
            pending = new PendingAppend(_pendingPool);
        }

        pending.Set(message, expectedHead);
        return _appends.Writer.TryWrite(pending)
            ? new ValueTask<AppendResult>(pending, pending.Version)
            : EnqueueWhenRoomAsync(pending, cancellationToken);
    }

    private async ValueTask<AppendResult> EnqueueWhenRoomAsync(PendingAppend pending, CancellationToken cancellationToken)
    {
        try
        {
            await _appends.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            pending.Recycle();
            throw;
        }

        // Not cancellable once queued: the group may already be committing it. A caller that went away is answered
        // Duplicate when it resends.
        return await new ValueTask<AppendResult>(pending, pending.Version).ConfigureAwait(false);
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

            await _file.WriteLock.WaitAsync().ConfigureAwait(false);
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
                _file.WriteLock.Release();
                group.Clear();
            }
        }
    }

    private void WriteGroup(List<PendingAppend> group)
    {
        var commands = _commands ??= new GroupCommands(_file.Writer);
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var results = new AppendResult[group.Count];
        var appended = _appended;
        var groupHeads = _groupHeads;
        appended.Clear();
        groupHeads.Clear();
        var nextId = _lastId + 1;
        List<List<FoldEntry>> folded;
        long foldedThrough;
        using (var transaction = _file.Writer.BeginTransaction())
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

    /// <summary>
    /// A queued append and the awaitable its caller waits on; pooled, so an append allocates no task. It returns to its
    /// pool when the caller reads the result (a <see cref="ValueTask{T}"/> is awaited once).
    /// </summary>
    private sealed class PendingAppend(ConcurrentBag<PendingAppend> pool) : IValueTaskSource<AppendResult>
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

        /// <summary>Back to the pool, ready for the next append.</summary>
        public void Recycle()
        {
            Message = null;
            ExpectedHead = null;
            _core.Reset();
            pool.Add(this);
        }

        public void Complete(AppendResult result) => _core.SetResult(result);

        public void Fail(Exception exception) => _core.SetException(exception);

        public AppendResult GetResult(short token)
        {
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                Recycle();
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
