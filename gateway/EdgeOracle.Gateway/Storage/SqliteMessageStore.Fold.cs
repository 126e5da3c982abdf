using System;
using System.Buffers;
using System.Collections.Generic;
using EdgeOracle.Protocol;
using Microsoft.Data.Sqlite;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// Keys and heads behind the log. The group writer remembers what it appended (device, sequence, id, digest) in
/// <see cref="FoldSlices"/> slices by device; once more than <see cref="FoldBacklog"/> entries wait, every group's
/// transaction also folds slices, in turn, until no more than that wait: their keys go into <c>message_keys</c> sorted
/// by device, and each of their devices' newest entry into <c>device_heads</c>. A slice holds a few devices' entries, so
/// a fold writes many entries per B-tree leaf, and each group folds about as many entries as it appended: a small, even
/// share of every group instead of a long stall now and then. The same transaction moves
/// <c>store_state.folded_through</c> to just below the oldest entry still waiting; after a crash, opening the file folds
/// the log from there (<see cref="FoldTail"/>), so nothing that was committed is missing from the keys or heads.
/// </summary>
public sealed partial class SqliteMessageStore
{
    /// <summary>Slices of the unfolded entries, by device.</summary>
    public const int FoldSlices = 128;

    /// <summary>Entries that may wait unfolded before each group folds one slice.</summary>
    public const int FoldBacklog = 16_384;

    private static readonly Comparison<FoldEntry> ByDeviceThenSequence = (a, b) =>
    {
        Span<byte> left = stackalloc byte[Address.Size];
        Span<byte> right = stackalloc byte[Address.Size];
        a.Device.CopyTo(left);
        b.Device.CopyTo(right);
        var byDevice = left.SequenceCompareTo(right);
        return byDevice != 0 ? byDevice : a.Sequence.CompareTo(b.Sequence);
    };

    private readonly List<FoldEntry>[] _slices = CreateSlices();
    private int _unfolded;
    private readonly List<List<FoldEntry>> _folded = [];
    private int _nextSlice;

    /// <summary>Appended entries not yet in <c>message_keys</c> and <c>device_heads</c> (for tests and logs).</summary>
    public int UnfoldedEntries => _unfolded;

    /// <summary>The backlog above which groups fold; <see cref="FoldBacklog"/> unless a test lowers it.</summary>
    internal int FoldBacklogLimit { get; set; } = FoldBacklog;

    /// <summary>
    /// Folds every message after <c>folded_through</c> with SQL (at open, after a crash, and at dispose): keys that are
    /// there already are kept, each device's head is its newest message.
    /// </summary>
    private static void FoldTail(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR IGNORE INTO message_keys (device, sequence, id)
            SELECT device, sequence, id FROM messages
            WHERE id > (SELECT value FROM store_state WHERE name = 'folded_through')
            ORDER BY device, sequence;
            INSERT INTO device_heads (device, sequence, digest, updated_at)
            SELECT device, sequence, digest, received_at FROM messages
            WHERE id IN (SELECT MAX(id) FROM messages WHERE id > (SELECT value FROM store_state WHERE name = 'folded_through') GROUP BY device)
            ON CONFLICT (device) DO UPDATE SET sequence = excluded.sequence, digest = excluded.digest, updated_at = excluded.updated_at;
            UPDATE store_state SET value = (SELECT COALESCE(MAX(id), 0) FROM messages) WHERE name = 'folded_through';
            """;
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private static List<FoldEntry>[] CreateSlices()
    {
        var slices = new List<FoldEntry>[FoldSlices];
        for (var i = 0; i < slices.Length; i++)
        {
            slices[i] = [];
        }

        return slices;
    }

    // Only this process's memory is sliced, so the process-randomized hash is fine.
    private static int SliceOf(Address device) => (int)((uint)device.GetHashCode() % FoldSlices);

    /// <summary>Called after a group committed: what it appended waits for its slice's fold.</summary>
    private void RememberAppended(List<FoldEntry> appended)
    {
        foreach (var entry in appended)
        {
            _slices[SliceOf(entry.Device)].Add(entry);
        }

        _unfolded += appended.Count;
    }

    /// <summary>
    /// In the group's transaction: while the backlog is over its limit, folds the next non-empty slice, and returns the
    /// slices folded (empty when none). The caller forgets their entries only after the commit.
    /// </summary>
    private List<List<FoldEntry>> FoldSlicesOverLimit(GroupCommands commands, long now)
    {
        var folded = _folded;
        folded.Clear();
        var remaining = _unfolded;
        for (var tried = 0; tried < FoldSlices && remaining > FoldBacklogLimit; tried++)
        {
            var slice = _slices[_nextSlice];
            _nextSlice = (_nextSlice + 1) % FoldSlices;
            if (slice.Count == 0)
            {
                continue;
            }

            // Entries are in id order; sorting by device then sequence writes each device's keys next to each other.
            // A sorted copy in a pooled array: the slice keeps its id order, which the cursor needs if this group fails.
            var rented = ArrayPool<FoldEntry>.Shared.Rent(slice.Count);
            var sorted = rented.AsSpan(0, slice.Count);
            slice.CopyTo(rented);
            sorted.Sort(ByDeviceThenSequence);
            for (var i = 0; i < sorted.Length; i++)
            {
                commands.AddKey(sorted[i]);
                if (i == sorted.Length - 1 || sorted[i + 1].Device != sorted[i].Device)
                {
                    commands.SetHead(sorted[i], now);
                }
            }

            ArrayPool<FoldEntry>.Shared.Return(rented);

            folded.Add(slice);
            remaining -= slice.Count;
        }

        return folded;
    }

    /// <summary>Called after the commit: the folded slices' entries are in the file now.</summary>
    private void ForgetFolded(List<List<FoldEntry>> folded)
    {
        foreach (var slice in folded)
        {
            _unfolded -= slice.Count;
            slice.Clear();
        }

        folded.Clear();
    }

    /// <summary>
    /// The highest id below every entry still waiting after this group: the slice being folded no longer counts, the
    /// group's own entries do. With nothing waiting, the group's last id (or the previous cursor when it wrote nothing).
    /// </summary>
    private long FoldedThroughAfter(List<List<FoldEntry>> folded, List<FoldEntry> appended, long lastId)
    {
        var oldest = appended.Count > 0 ? appended[0].Id : long.MaxValue;
        foreach (var slice in _slices)
        {
            if (slice.Count > 0 && slice[0].Id < oldest && !folded.Contains(slice))
            {
                oldest = slice[0].Id;
            }
        }

        return oldest == long.MaxValue ? lastId : oldest - 1;
    }

    /// <summary>A message the writer appended, as the fold needs it.</summary>
    private readonly record struct FoldEntry(Address Device, long Sequence, long Id, Bytes32 Digest);
}
