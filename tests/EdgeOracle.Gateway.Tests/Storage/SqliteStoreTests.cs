using System.IO;
using System;
using System.Linq;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Crypto;
using EdgeOracle.Protocol.Wire;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Storage;

public sealed class SqliteStoreTests : IDisposable
{
    private static readonly Address DeviceA = Address.Parse("0x1111111111111111111111111111111111111111");
    private static readonly Address DeviceB = Address.Parse("0x2222222222222222222222222222222222222222");

    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_750_000_000));

    [Fact]
    public async Task Checkpoints_BesideTheWriter_KeepTheLogShorterThanEverythingWritten()
    {
        var path = _temp.File("wal.db");
        using var store = new SqliteStores(path, _time);
        store.Messages.WalRestartLimit = 100;
        var devices = Enumerable.Range(1, 200).Select(i => new Address(Enumerable.Repeat((byte)i, 20).ToArray())).ToArray();
        var heads = new DeviceHead?[devices.Length];
        var largest = 0L;
        for (ulong round = 1; round <= 60; round++)
        {
            // One group of 200 appends from 200 devices each round.
            var appends = devices.Select((device, i) =>
            {
                var message = Message(device, round, heads[i]?.Digest ?? Bytes32.Zero);
                var append = store.Messages.AppendAsync(message, heads[i], default).AsTask();
                heads[i] = new DeviceHead(round, message.Digest);
                return append;
            }).ToArray();
            Assert.All(await Task.WhenAll(appends), r => Assert.Equal(AppendResult.Appended, r));
            largest = Math.Max(largest, new FileInfo(path + "-wal").Length);
            await Task.Delay(20);
        }

        // The writer never checkpoints: without the checkpointer the log would hold every frame of the 60 commits, so at
        // least every page of the database (each was written through it); with it, the log restarts and stays shorter.
        Assert.Equal(12000, await store.Messages.CountMessagesAsync(default));
        var database = new FileInfo(path).Length;
        Assert.True(largest < database / 2, $"the WAL grew to {largest} bytes, the database is {database} bytes");
        Assert.Equal(new DeviceHead(60, heads[7]!.Value.Digest), await store.Messages.GetHeadAsync(devices[7], default));
    }

    [Fact]
    public async Task Store_SurvivesReopen_WithMessagesHeadsAndOutbox()
    {
        var path = _temp.File("reopen.db");
        var first = Message(DeviceA, 1, Bytes32.Zero);
        var second = Message(DeviceA, 2, first.Digest);
        using (var store = new SqliteStores(path, _time))
        {
            Assert.Equal(AppendResult.Appended, await store.Messages.AppendAsync(first, null, default));
            Assert.Equal(AppendResult.Appended, await store.Messages.AppendAsync(second, new DeviceHead(1, first.Digest), default));
        }

        using var reopened = new SqliteStores(path, _time);

        Assert.Equal(new DeviceHead(2, second.Digest), await reopened.Messages.GetHeadAsync(DeviceA, default));
        Assert.Equal(first.Digest, await reopened.Messages.FindDigestAsync(DeviceA, 1, default));
        Assert.Equal(2, await reopened.Messages.CountMessagesAsync(default));
        var next = Assert.Single(await reopened.Outbox.GetNextPerDeviceAsync(10, 1, default));
        Assert.Equal((DeviceA, 1UL, OutboxStatus.Pending), (next.Device, next.Sequence, next.Status));
        Assert.Equal(first.Payload.ToArray(), next.Payload);
    }

    [Fact]
    public async Task Reopen_AfterACrash_FoldsTheLogsTail_SoEveryMessageIsFoundAndEveryHeadIsCurrent()
    {
        var path = _temp.File("crash.db");
        var devices = Enumerable.Range(1, 40).Select(i => new Address(Enumerable.Repeat((byte)i, 20).ToArray())).ToArray();
        var messages = new System.Collections.Generic.List<NewMessage>();
        var heads = new DeviceHead?[devices.Length];
        var store = new SqliteStores(path, _time);
        store.Messages.FoldBacklogLimit = 50;
        for (ulong round = 1; round <= 10; round++)
        {
            var appends = devices.Select((device, i) =>
            {
                var message = Message(device, round, heads[i]?.Digest ?? Bytes32.Zero);
                messages.Add(message);
                var append = store.Messages.AppendAsync(message, heads[i], default).AsTask();
                heads[i] = new DeviceHead(round, message.Digest);
                return append;
            }).ToArray();
            Assert.All(await Task.WhenAll(appends), r => Assert.Equal(AppendResult.Appended, r));
        }

        // Some slices were folded while appending, the rest wait: lookups find both.
        Assert.InRange(store.Messages.UnfoldedEntries, 1, 50 + 40);
        foreach (var message in messages)
        {
            Assert.Equal(message.Digest, await store.Messages.FindDigestAsync(message.Device, message.Sequence, default));
        }

        store.Abandon();
        Assert.True(Unfolded(path) > 0, "the crash left part of the log unfolded");

        using var reopened = new SqliteStores(path, _time);
        Assert.Equal(0, Unfolded(path));
        Assert.Equal(400, await reopened.Messages.CountMessagesAsync(default));
        Assert.Equal(400, (await reopened.Outbox.CountAsync(default)).Pending);
        for (var i = 0; i < devices.Length; i++)
        {
            Assert.Equal(heads[i], await reopened.Messages.GetHeadAsync(devices[i], default));
        }

        foreach (var message in messages)
        {
            Assert.Equal(message.Digest, await reopened.Messages.FindDigestAsync(message.Device, message.Sequence, default));
        }

        Assert.Null(await reopened.Messages.FindDigestAsync(devices[0], 11, default));
        var next = Message(devices[0], 11, heads[0]!.Value.Digest);
        Assert.Equal(AppendResult.Appended, await reopened.Messages.AppendAsync(next, heads[0], default));
        Assert.Equal(AppendResult.HeadMoved, await reopened.Messages.AppendAsync(Message(devices[1], 10, heads[1]!.Value.Digest), heads[1], default));
    }

    [Fact]
    public async Task Store_RefusesASecondGatewayOnTheSameFile_UntilTheFirstIsGone()
    {
        var path = _temp.File("locked.db");
        var first = new SqliteStores(path, _time);
        await first.Messages.AppendAsync(Message(DeviceA, 1, Bytes32.Zero), null, default);

        var refused = Assert.Throws<InvalidOperationException>(() => new SqliteStores(path, _time));
        Assert.Contains("in use by another gateway", refused.Message, StringComparison.Ordinal);

        first.Dispose();
        using var second = new SqliteStores(path, _time);
        Assert.Equal(1, await second.Messages.CountMessagesAsync(default));
    }

    [Fact]
    public async Task Store_UpgradesAVersion2File_KeepingMessagesHeadsAndOutbox()
    {
        var path = _temp.File("version2.db");
        var first = Message(DeviceA, 1, Bytes32.Zero);
        var second = Message(DeviceA, 2, first.Digest);
        using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE messages (device BLOB NOT NULL, sequence INTEGER NOT NULL, kind INTEGER NOT NULL, digest BLOB NOT NULL,
                    prev_hash BLOB NOT NULL, payload BLOB NOT NULL, received_at INTEGER NOT NULL, PRIMARY KEY (device, sequence)) WITHOUT ROWID;
                CREATE TABLE device_heads (device BLOB NOT NULL PRIMARY KEY, sequence INTEGER NOT NULL, digest BLOB NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, device BLOB NOT NULL, sequence INTEGER NOT NULL, kind INTEGER NOT NULL,
                    status INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,
                    tx_hash TEXT, tx_nonce INTEGER, block_number INTEGER, error TEXT, updated_at INTEGER NOT NULL, UNIQUE (device, sequence),
                    FOREIGN KEY (device, sequence) REFERENCES messages (device, sequence));
                CREATE INDEX outbox_open ON outbox (id) WHERE status IN (0, 1);
                PRAGMA user_version=2;
                """;
            create.ExecuteNonQuery();
            foreach (var (message, received) in new[] { (second, 20L), (first, 10L) })
            {
                using var insert = old.CreateCommand();
                insert.CommandText = """
                    INSERT INTO messages VALUES ($device, $sequence, 1, $digest, $prev, $payload, $received);
                    INSERT INTO outbox (id, device, sequence, kind, status, next_attempt_at, updated_at, tx_hash)
                    VALUES ($sequence + 6, $device, $sequence, 1, $sequence - 1, 0, 0, CASE $sequence WHEN 2 THEN '0xfeed' END);
                    """;
                insert.Parameters.AddWithValue("$device", message.Device.ToArray());
                insert.Parameters.AddWithValue("$sequence", (long)message.Sequence);
                insert.Parameters.AddWithValue("$digest", message.Digest.ToArray());
                insert.Parameters.AddWithValue("$prev", message.PrevHash.ToArray());
                insert.Parameters.AddWithValue("$payload", message.Payload.ToArray());
                insert.Parameters.AddWithValue("$received", received);
                insert.ExecuteNonQuery();
            }

            using var head = old.CreateCommand();
            head.CommandText = "INSERT INTO device_heads VALUES ($device, 2, $digest, 0)";
            head.Parameters.AddWithValue("$device", DeviceA.ToArray());
            head.Parameters.AddWithValue("$digest", second.Digest.ToArray());
            head.ExecuteNonQuery();
        }

        using var store = new SqliteStores(path, _time);

        Assert.Equal(new DeviceHead(2, second.Digest), await store.Messages.GetHeadAsync(DeviceA, default));
        Assert.Equal(first.Digest, await store.Messages.FindDigestAsync(DeviceA, 1, default));
        Assert.Equal(second.Digest, await store.Messages.FindDigestAsync(DeviceA, 2, default));
        var pending = Assert.Single(await store.Outbox.GetNextPerDeviceAsync(10, 1, default));
        Assert.Equal((7L, 1UL, Hex(first)), (pending.Id, pending.Sequence, Convert.ToHexString(pending.Payload)));
        var submitted = Assert.Single(await store.Outbox.GetSubmittedAsync(default));
        Assert.Equal((8L, "0xfeed", Hex(second)), (submitted.Id, submitted.TransactionHash, Convert.ToHexString(submitted.Payload)));
        var third = Message(DeviceA, 3, second.Digest);
        Assert.Equal(AppendResult.Appended, await store.Messages.AppendAsync(third, new DeviceHead(2, second.Digest), default));
        Assert.Equal(third.Digest, await store.Messages.FindDigestAsync(DeviceA, 3, default));
        Assert.Equal(new OutboxCounts(2, 1, 0, 0), await store.Outbox.CountAsync(default));
        await store.Outbox.MarkRelayedAsync([7], "0xaa", 1, default);
        await store.Outbox.MarkRelayedAsync([8], "0xfeed", 1, default);
        var next = Assert.Single(await store.Outbox.GetNextPerDeviceAsync(10, 1, default));
        Assert.Equal((9L, 3UL, Hex(third)), (next.Id, next.Sequence, Convert.ToHexString(next.Payload))); // ids go on after the old ones
    }

    [Fact]
    public async Task Store_KeepsItsFileInWalMode()
    {
        var path = _temp.File("wal.db");
        using var store = new SqliteStores(path, _time);
        await store.Messages.AppendAsync(Message(DeviceA, 1, Bytes32.Zero), null, default);

        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task Append_WritesNothing_WhenTheHeadIsNotTheExpectedOne()
    {
        using var store = new SqliteStores(_temp.File("cas.db"), _time);
        var first = Message(DeviceA, 1, Bytes32.Zero);
        await store.Messages.AppendAsync(first, null, default);

        var racingFirst = Message(DeviceA, 1, Bytes32.Zero, fill: 9);
        var staleSecond = Message(DeviceA, 2, first.Digest);

        Assert.Equal(AppendResult.HeadMoved, await store.Messages.AppendAsync(racingFirst, null, default));
        Assert.Equal(AppendResult.HeadMoved, await store.Messages.AppendAsync(staleSecond, new DeviceHead(1, racingFirst.Digest), default));
        Assert.Equal(AppendResult.HeadMoved, await store.Messages.AppendAsync(Message(DeviceA, 1, first.Digest), new DeviceHead(1, first.Digest), default));
        Assert.Equal(1, await store.Messages.CountMessagesAsync(default));
        Assert.Equal(new DeviceHead(1, first.Digest), await store.Messages.GetHeadAsync(DeviceA, default));
        Assert.Equal(new OutboxCounts(1, 0, 0, 0), await store.Outbox.CountAsync(default));
    }

    [Fact]
    public async Task Store_RoundTripsTheLargestSequence()
    {
        using var store = new SqliteStores(_temp.File("max.db"), _time);
        var message = Message(DeviceA, ulong.MaxValue, Bytes32.Zero);

        await store.Messages.AppendAsync(message, null, default);

        Assert.Equal(new DeviceHead(ulong.MaxValue, message.Digest), await store.Messages.GetHeadAsync(DeviceA, default));
        Assert.Equal(message.Digest, await store.Messages.FindDigestAsync(DeviceA, ulong.MaxValue, default));
        Assert.Equal(ulong.MaxValue, (await store.Outbox.GetNextPerDeviceAsync(1, 1, default))[0].Sequence);
    }

    [Fact]
    public async Task Outbox_OffersEachDevicesOldestOpenRow_InArrivalOrder()
    {
        using var store = new SqliteStores(_temp.File("order.db"), _time);
        var a1 = Message(DeviceA, 1, Bytes32.Zero);
        var b1 = Message(DeviceB, 1, Bytes32.Zero);
        var a2 = Message(DeviceA, 2, a1.Digest);
        await store.Messages.AppendAsync(a1, null, default);
        await store.Messages.AppendAsync(b1, null, default);
        await store.Messages.AppendAsync(a2, new DeviceHead(1, a1.Digest), default);

        var round1 = await store.Outbox.GetNextPerDeviceAsync(10, 1, default);
        await store.Outbox.MarkRelayedAsync([round1[0].Id], "0xaa", 7, default);
        var round2 = await store.Outbox.GetNextPerDeviceAsync(10, 1, default);

        Assert.Equal([(DeviceA, 1UL), (DeviceB, 1UL)], [.. round1.Select(i => (i.Device, i.Sequence))]);
        Assert.Equal([(DeviceB, 1UL), (DeviceA, 2UL)], [.. round2.Select(i => (i.Device, i.Sequence))]);
    }

    [Fact]
    public async Task Outbox_OffersUpToPerDeviceOldestOpenRowsOfEachDevice_InArrivalOrder_PastAnEndedRow()
    {
        using var store = new SqliteStores(_temp.File("per-device.db"), _time);
        var previous = new System.Collections.Generic.Dictionary<Address, Bytes32>();
        for (ulong sequence = 1; sequence <= 4; sequence++)
        {
            foreach (var device in new[] { DeviceA, DeviceB })
            {
                var head = previous.TryGetValue(device, out var digest) ? new DeviceHead(sequence - 1, digest) : (DeviceHead?)null;
                var message = Message(device, sequence, digest);
                await store.Messages.AppendAsync(message, head, default);
                previous[device] = message.Digest;
            }
        }

        var first = await store.Outbox.GetNextPerDeviceAsync(10, 3, default);
        await store.Outbox.MarkRelayedAsync([first[0].Id], "0xaa", 7, default);
        var next = await store.Outbox.GetNextPerDeviceAsync(10, 3, default);
        var limited = await store.Outbox.GetNextPerDeviceAsync(4, 3, default);

        Assert.Equal([(DeviceA, 1UL), (DeviceB, 1UL), (DeviceA, 2UL), (DeviceB, 2UL), (DeviceA, 3UL), (DeviceB, 3UL)], [.. first.Select(i => (i.Device, i.Sequence))]);
        Assert.Equal([(DeviceB, 1UL), (DeviceA, 2UL), (DeviceB, 2UL), (DeviceA, 3UL), (DeviceB, 3UL), (DeviceA, 4UL)], [.. next.Select(i => (i.Device, i.Sequence))]);
        Assert.Equal(4, limited.Count);
    }

    [Fact]
    public async Task Outbox_OffersPaymentsBeforeOlderObservations_EachDeviceStillInOrder()
    {
        using var store = new SqliteStores(_temp.File("payments-first.db"), _time);
        var previous = Bytes32.Zero;
        for (ulong sequence = 1; sequence <= 3; sequence++)
        {
            var observation = Message(DeviceA, sequence, previous);
            await store.Messages.AppendAsync(observation, sequence == 1 ? null : new DeviceHead(sequence - 1, previous), default);
            previous = observation.Digest;
        }

        var sale1 = Message(DeviceB, 1, Bytes32.Zero, kind: MessageKind.PaymentIntent);
        await store.Messages.AppendAsync(sale1, null, default);
        await store.Messages.AppendAsync(Message(DeviceB, 2, sale1.Digest, kind: MessageKind.PaymentIntent), new DeviceHead(1, sale1.Digest), default);

        var next = await store.Outbox.GetNextPerDeviceAsync(10, 3, default);
        var limited = await store.Outbox.GetNextPerDeviceAsync(2, 3, default);

        // A tap waits for its customer: the payments come first, though the sensor's readings arrived before them.
        Assert.Equal([(DeviceB, 1UL), (DeviceB, 2UL), (DeviceA, 1UL), (DeviceA, 2UL), (DeviceA, 3UL)], [.. next.Select(i => (i.Device, i.Sequence))]);
        Assert.Equal([(DeviceB, 1UL), (DeviceB, 2UL)], [.. limited.Select(i => (i.Device, i.Sequence))]);
    }

    [Fact]
    public async Task Outbox_ARowNoContractTakes_EndsNotRelayed_Counted_AndNoLongerHoldsItsDevice()
    {
        using var store = new SqliteStores(_temp.File("not-relayed.db"), _time);
        var a1 = Message(DeviceA, 1, Bytes32.Zero);
        await store.Messages.AppendAsync(a1, null, default);
        var first = Assert.Single(await store.Outbox.GetNextPerDeviceAsync(10, 1, default));
        await store.Messages.AppendAsync(Message(DeviceA, 2, a1.Digest), new DeviceHead(1, a1.Digest), default);

        await store.Outbox.MarkNotRelayedAsync(first.Id, "QuorumInsuranceOffGrid: no product", default);

        Assert.Equal(new OutboxCounts(1, 0, 0, 0, 1), await store.Outbox.CountAsync(default));
        Assert.Equal(2UL, Assert.Single(await store.Outbox.GetNextPerDeviceAsync(10, 1, default)).Sequence);
    }

    [Fact]
    public async Task Outbox_TracksSubmittedRetriedRelayedAndFailedRows()
    {
        using var store = new SqliteStores(_temp.File("states.db"), _time);
        var a1 = Message(DeviceA, 1, Bytes32.Zero);
        var b1 = Message(DeviceB, 1, Bytes32.Zero);
        await store.Messages.AppendAsync(a1, null, default);
        await store.Messages.AppendAsync(b1, null, default);
        var rows = await store.Outbox.GetNextPerDeviceAsync(10, 1, default);

        await store.Outbox.MarkSubmittedAsync([new SubmittedTransaction([rows[0].Id], "0xabc", 7)], default);
        await store.Outbox.ScheduleRetryAsync(rows[0].Id, 3, _time.GetUtcNow().AddSeconds(30), "timeout", default);
        var submitted = (await store.Outbox.GetNextPerDeviceAsync(10, 1, default))[0];
        await store.Outbox.MarkFailedAsync(rows[1].Id, null, "reverted: BadWindow", default);

        Assert.Equal((OutboxStatus.Submitted, "0xabc", 3), (submitted.Status, submitted.TransactionHash, submitted.Attempts));
        Assert.Equal(_time.GetUtcNow().AddSeconds(30), submitted.NextAttemptAt);
        Assert.Equal(new OutboxCounts(0, 1, 0, 1), await store.Outbox.CountAsync(default));
        await store.Outbox.MarkRelayedAsync([rows[0].Id], "0xabc", 12, default);
        Assert.Equal(new OutboxCounts(0, 0, 1, 1), await store.Outbox.CountAsync(default));
        Assert.Empty(await store.Outbox.GetNextPerDeviceAsync(10, 1, default));
    }

    [Fact]
    public async Task Outbox_RecordsTheNonceWithTheHash_AndListsSubmittedRowsForATakeOver()
    {
        using var store = new SqliteStores(_temp.File("submitted.db"), _time);
        var a1 = Message(DeviceA, 1, Bytes32.Zero);
        await store.Messages.AppendAsync(a1, null, default);
        await store.Messages.AppendAsync(Message(DeviceB, 1, Bytes32.Zero), null, default);
        var rows = await store.Outbox.GetNextPerDeviceAsync(10, 1, default);

        await store.Outbox.MarkSubmittedAsync([new SubmittedTransaction([rows[0].Id], "0xabc", 41)], default);
        await store.Outbox.MarkSubmittedAsync([new SubmittedTransaction([rows[0].Id], "0xdef", 41)], default);
        var submitted = Assert.Single(await store.Outbox.GetSubmittedAsync(default));

        Assert.Equal((DeviceA, "0xdef", (long?)41), (submitted.Device, submitted.TransactionHash, submitted.TransactionNonce));
        Assert.Equal(a1.Payload.ToArray(), submitted.Payload);
        Assert.Null((await store.Outbox.GetNextPerDeviceAsync(10, 1, default)).Single(r => r.Device == DeviceB).TransactionNonce);
    }

    [Fact]
    public async Task Store_AddsTheNonceColumn_ToAnOutboxCreatedBeforeIt()
    {
        var path = _temp.File("version1.db");
        using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, device BLOB NOT NULL, sequence INTEGER NOT NULL, kind INTEGER NOT NULL,
                    status INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,
                    tx_hash TEXT, block_number INTEGER, error TEXT, updated_at INTEGER NOT NULL, UNIQUE (device, sequence));
                PRAGMA user_version=1;
                """;
            create.ExecuteNonQuery();
        }

        using var store = new SqliteStores(path, _time);
        await store.Messages.AppendAsync(Message(DeviceA, 1, Bytes32.Zero), null, default);
        var row = Assert.Single(await store.Outbox.GetNextPerDeviceAsync(10, 1, default));
        await store.Outbox.MarkSubmittedAsync([new SubmittedTransaction([row.Id], "0xabc", 3)], default);

        Assert.Equal(3, Assert.Single(await store.Outbox.GetSubmittedAsync(default)).TransactionNonce);
    }

    private static string Hex(NewMessage message) => Convert.ToHexString(message.Payload.Span);

    private static long Unfolded(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM messages) - (SELECT COUNT(*) FROM message_keys)";
        return (long)command.ExecuteScalar()!;
    }

    private NewMessage Message(Address device, ulong sequence, Bytes32 prevHash, byte fill = 1, MessageKind kind = MessageKind.Observation)
    {
        var payload = new byte[WireFormat.ObservationSize];
        Array.Fill(payload, fill);
        payload[0] = (byte)sequence;
        var digest = Keccak256.Hash([.. payload, .. device.ToArray()]);
        return new NewMessage(device, sequence, kind, digest, prevHash, payload, _time.GetUtcNow());
    }

    public void Dispose() => _temp.Dispose();
}
