using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Mqtt;
using EdgeOracle.Gateway.Tests.TestSupport;
using EdgeOracle.LoadGen;
using Nethereum.Web3;
using Xunit;
using Xunit.Abstractions;

namespace EdgeOracle.Gateway.Tests.Ingress;

/// <summary>
/// Two gateway processes share the device traffic through Mosquitto's shared subscription and one PostgreSQL store, and
/// relay to the real contracts on anvil. Mid-stream the one holding the submitter lease (the advisory lock) is killed
/// with SIGKILL; devices resend what was not answered, the survivor takes the traffic and the lease. Every message a
/// device saw acknowledged must be stored once, and every stored one must have exactly one effect on chain (read from
/// <c>WindowDecided</c>, or for terminals' sales relayed in batches <c>PaymentSettled</c>) and be anchored once. CI runs
/// 4 devices × 24 messages of each kind; a longer run:
/// <c>EO_FAILOVER_DEVICES=20 EO_FAILOVER_MESSAGES=200 dotnet test tests/EdgeOracle.Gateway.Tests --filter Category=FailOver</c>.
/// </summary>
[Trait("Category", "FailOver")]
public sealed class FailOverTests(ITestOutputHelper output)
{
    private const ulong Window = 60;
    private static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(20);

    [PostgresMosquittoFact]
    public Task LeaseHolderKilledMidStream_NothingLost_NothingStoredOrTakingEffectTwice() => RunAsync(payments: false);

    /// <summary>The same on the batched path: terminals' sales, relayed in <c>settleBatch</c> calls, each settled once.</summary>
    [PostgresMosquittoFact]
    public Task LeaseHolderKilledMidStream_EverySaleSettledOnce_InBatches() => RunAsync(payments: true);

    private async Task RunAsync(bool payments)
    {
        var devices = Setting("EO_FAILOVER_DEVICES", 4);
        var perDevice = Setting("EO_FAILOVER_MESSAGES", 24);
        var total = devices * perDevice;
        var clock = Stopwatch.StartNew();
        var anvilStarting = AnvilNode.StartAsync();
        var postgresStarting = PostgresServer.StartAsync();
        await using var broker = await MosquittoBroker.StartAsync();
        await using var anvil = await anvilStarting;
        await using var postgres = await postgresStarting;
        var deployment = await EdgeContracts.DeployAsync(anvil.RpcUrl, anvil.ChainId, DevAccounts.Deployer);
        var owner = new EdgeContracts(deployment, payments ? DevAccounts.Merchant : DevAccounts.Insurer);
        var customer = new TestDevice();
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (payments)
        {
            await new EdgeContracts(deployment, DevAccounts.Deployer).MintAsync(customer.Address, 1_000_000_000_000);
        }

        var sensors = new List<TestDevice>();
        for (var i = 0; i < devices; i++)
        {
            var sensor = new TestDevice(chainId: (long)deployment.ChainId, registry: deployment.DeviceRegistry);
            await owner.RegisterDeviceAsync(sensor.Key.GetPrivateKeyAsBytes(), payments ? (byte)2 : (byte)1);
            sensors.Add(sensor);
        }

        // Each sensor alone in a QuorumInsurance region: each reading decides its own window (one WindowDecided each).
        var firstWindow = ChildGateway.RecentWindows(perDevice, Window);
        var regions = payments ? [] : await ChildGateway.LoneStationsAsync(deployment, sensors.Select(s => s.Address), Window);

        // A device's next message: an observation of the next window, or a terminal's next sale (by its digest, for the events).
        var sales = new ConcurrentDictionary<string, (string Device, ulong Sequence)>();
        SignedMessage Next(TestDevice device)
        {
            if (!payments)
            {
                return device.Observation(o => (o.WindowStart, o.WindowEnd, o.Value) = (firstWindow + (o.Sequence * Window), firstWindow + ((o.Sequence + 1) * Window), 100));
            }

            var sale = device.Payment(
                customer, owner.From.ToLowerInvariant(),
                intent => (intent.Token, intent.Expiry) = (deployment.Stablecoin, now + 3_600),
                authorization => (authorization.To, authorization.ValidBefore) = (deployment.PaymentHub, now + 3_600));
            sales[Convert.ToHexStringLower(sale.Digest)] = (device.Address, sale.Sequence);
            return sale;
        }

        // What took effect on chain, per (device, sequence).
        async Task<List<(string Device, ulong Sequence)>> EffectsAsync(Web3 web3) => payments
            ? [.. (await ChainEvents.SettlementsAsync(web3, deployment)).Select(e => sales[Convert.ToHexStringLower(e.Event.Digest)])]
            : await ChildGateway.ReadingsTakenAsync(web3, deployment, regions, firstWindow, Window);

        var servicesUp = clock.Elapsed;
        using var temp = new TempDirectory();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var gateways = await StartGatewaysAsync(["gateway-a", "gateway-b"]);
        using var a = gateways[0].Process;
        using var b = gateways[1].Process;
        var gatewaysUp = clock.Elapsed;
        var holder = await WaitForLeaseHolderAsync(postgres, name => name is not null, "a gateway was elected");
        var (victim, survivor) = holder == gateways[0].Name ? (gateways[0], gateways[1]) : (gateways[1], gateways[0]);

        // Devices publish their observations, one in flight each, and resend what is not answered, as firmware does.
        var acked = new ConcurrentDictionary<(string Device, ulong Sequence), ReasonCode>();
        var resends = 0;
        var lateAnswers = 0;
        var streaming = sensors.Select(sensor => Task.Run(async () =>
        {
            await using var client = await MqttDevice.ConnectAsync("127.0.0.1", broker.Port, sensor.Address, Topics.Ack(sensor.GatewayAddress));
            for (var i = 0; i < perDevice; i++)
            {
                var message = Next(sensor);
                while (true)
                {
                    await client.PublishAsync(message.Topic, message.Payload);
                    var (answer, late) = await AnswerAsync(client, message.Sequence);
                    Interlocked.Add(ref lateAnswers, late);
                    if (answer is { } reason)
                    {
                        Assert.True(reason is ReasonCode.Accepted or ReasonCode.Duplicate, $"{sensor.Address} #{message.Sequence} answered {reason}");
                        acked[(sensor.Address, message.Sequence)] = reason;
                        break;
                    }

                    Interlocked.Increment(ref resends);
                }

                await Task.Delay(Pace);
            }
        })).ToArray();

        while (acked.Count < total / 3 && !streaming.Any(t => t.IsFaulted))
        {
            await Task.Delay(10);
        }

        var web3 = new Web3(anvil.RpcUrl);
        var ackedAtKill = acked.Count;
        var effectsAtKill = (await EffectsAsync(web3)).Count;
        var killedAt = Stopwatch.StartNew();
        victim.Process.Kill();
        await WaitForLeaseHolderAsync(postgres, name => name == survivor.Name, "the survivor took the lease");
        var takeover = killedAt.Elapsed;

        await Task.WhenAll(streaming).WaitAsync(TimeSpan.FromSeconds(90));
        var streamDone = clock.Elapsed;
        await ChildGateway.WaitUntilAsync(async () => (await EffectsAsync(web3)).Count >= total, "every stored message took effect", 60);
        await ChildGateway.WaitUntilAsync(async () => await AnchoredReadingsAsync(postgres) >= total, "every stored reading was anchored", 60);

        // Nothing lost: every message a device saw acknowledged is stored, each device's chain whole, nothing else.
        var stored = await StoredAsync(postgres);
        Assert.Equal(total, acked.Count);
        Assert.Equal(acked.Keys.OrderBy(k => k).ToList(), stored);
        Assert.Equal(total, stored.Distinct().Count());

        // Nothing doubled: one WindowDecided (or PaymentSettled) per stored (device, sequence), and no other.
        var effects = await EffectsAsync(web3);
        ChildGateway.AssertOneEffectPerStoredMessage(stored, effects);
        Assert.Equal((0L, 0L, (long)total, 0L), await OutboxAsync(postgres));

        // Anchored once: the roots on chain cover every stored reading exactly, each root once.
        var anchors = await ChainEvents.AnchorsAsync(web3, deployment);
        Assert.Equal((ulong)total, anchors.Aggregate(0UL, (sum, e) => sum + e.Event.Count));
        Assert.Equal(anchors.Count, anchors.Select(e => Convert.ToHexString(e.Event.Root)).Distinct().Count());

        // The survivor is the submitter, relaying went on after the kill, and it logged no error.
        Assert.Equal(survivor.Name, await LeaseHolderAsync(postgres));
        Assert.True(effects.Count > effectsAtKill, "relaying resumed after the kill");
        Assert.True(survivor.Process.IsRunning, "the survivor runs");
        var errors = File.ReadLines(survivor.Log).Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, "the survivor logged errors:\n" + string.Join('\n', errors.Take(10)));
        Assert.All(gateways, g => Assert.False(File.Exists(g.SqliteFile), g.Name + " kept nothing in a local SQLite file"));

        var transactions = await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(new Nethereum.Signer.EthECKey(DevAccounts.Relayer).GetPublicAddress());
        output.WriteLine($"{devices} devices × {perDevice} {(payments ? "sales" : "observations")}; Mosquitto, PostgreSQL, anvil and contracts up in {servicesUp.TotalSeconds:F1} s, both gateway processes ready at {gatewaysUp.TotalSeconds:F1} s");
        output.WriteLine($"{victim.Name} held the submitter lease; killed (SIGKILL) after {ackedAtKill} of {total} answers, with {effectsAtKill} effects on chain");
        output.WriteLine($"{survivor.Name} took the lease {takeover.TotalMilliseconds:F0} ms after the kill; devices resent {resends} unanswered messages, {lateAnswers} answers came after a resend");
        output.WriteLine($"stored {stored.Count} (each once), {effects.Count} {(payments ? "PaymentSettled" : "WindowDecided")} (each once), outbox all relayed; {anchors.Count} roots anchor {total} messages; relayer sent {transactions.Value} transactions");
        output.WriteLine($"stream done at {streamDone.TotalSeconds:F1} s, all relayed and anchored at {clock.Elapsed.TotalSeconds:F1} s");

        async Task<RunningProcess[]> StartGatewaysAsync(string[] names)
        {
            var starting = names.Select(name => StartGatewayAsync(name)).ToArray();
            try
            {
                return await Task.WhenAll(starting);
            }
            catch
            {
                foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
                {
                    started.Result.Process.Dispose();
                }

                throw;
            }
        }

        async Task<RunningProcess> StartGatewayAsync(string name)
        {
            var work = temp.File(name);
            var sqlite = Path.Combine(work, "gateway.db");
            var ready = new Uri($"http://127.0.0.1:{GatewayProcess.FreePort()}/ready");
            var environment = new Dictionary<string, string>(ChildGateway.ChainSettings(deployment))
            {
                ["ExternalBroker__Host"] = "127.0.0.1",
                ["ExternalBroker__Port"] = ChildGateway.Text(broker.Port),
                ["ExternalBroker__ClientId"] = name,
                ["Storage__PostgresConnectionString"] = postgres.ConnectionString + ";Pooling=true;Application Name=" + name,
                ["Storage__Path"] = sqlite,
                ["Mqtt__Port"] = "0",
                ["Urls"] = ready.GetLeftPart(UriPartial.Authority),
                ["Anchoring__ContractAddress"] = deployment.MerkleAnchor!,
                ["Anchoring__BatchSize"] = "16",
                ["Anchoring__MaxDelay"] = "00:00:00.500",
                ["Anchoring__PollInterval"] = "00:00:00.100",
                ["RegistryFollower__Enabled"] = "true",
                ["RegistryFollower__StartBlock"] = ChildGateway.Text(deployment.DeployBlock),
                ["RegistryFollower__PollInterval"] = "00:00:00.200",
                ["Logging__LogLevel__Default"] = "Warning",
            };
            var process = await GatewayProcess.LaunchAsync(GatewayBinary.Path, work, environment, () => ChildGateway.IsReadyAsync(http, ready));
            return new RunningProcess(name, process, Path.Combine(work, "gateway.log"), sqlite);
        }
    }

    /// <summary>The device's answer to <paramref name="sequence"/> within the resend time (null: none), and how many older answers arrived meanwhile.</summary>
    private static async Task<(ReasonCode? Answer, int Late)> AnswerAsync(MqttDevice client, ulong sequence)
    {
        var late = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ResendAfter && await client.AckArrivesWithinAsync(ResendAfter - clock.Elapsed))
        {
            var (_, ack) = await client.NextAckAsync();
            if (ack.Sequence == sequence)
            {
                return (ack.Reason, late);
            }

            late++; // the answer to an earlier send that we had given up on
        }

        return (null, late);
    }

    /// <summary>The application name of the session that holds the submitter lease, or null.</summary>
    private static Task<string?> LeaseHolderAsync(PostgresServer postgres) => postgres.ScalarAsync<string?>(
        """
        SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = x'45444745'::int
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        """);

    private static async Task<string> WaitForLeaseHolderAsync(PostgresServer postgres, Func<string?, bool> condition, string what)
    {
        string? holder = null;
        await ChildGateway.WaitUntilAsync(async () => condition(holder = await LeaseHolderAsync(postgres)), what, 60);
        return holder!;
    }

    private static async Task<List<(string Device, ulong Sequence)>> StoredAsync(PostgresServer postgres)
    {
        await using var connection = new Npgsql.NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT device, sequence FROM messages ORDER BY device, sequence", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var stored = new List<(string, ulong)>();
        while (await reader.ReadAsync())
        {
            stored.Add((new Address((byte[])reader[0]).ToString(), (ulong)reader.GetInt64(1)));
        }

        return stored.OrderBy(s => s).ToList();
    }

    private static async Task<(long Pending, long Submitted, long Relayed, long Failed)> OutboxAsync(PostgresServer postgres)
    {
        await using var store = await EdgeOracle.Gateway.Storage.PostgresRelayOutbox.OpenAsync(postgres.ConnectionString, TimeProvider.System);
        var counts = await store.CountAsync(CancellationToken.None);
        return (counts.Pending, counts.Submitted, counts.Relayed, counts.Failed);
    }

    private static async Task<long> AnchoredReadingsAsync(PostgresServer postgres) => await postgres.ScalarAsync<long>(
        "SELECT count(*) FROM anchor_leaves l JOIN anchor_batches b ON b.id = l.batch_id WHERE b.status = 2");

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private sealed record RunningProcess(string Name, GatewayProcess Process, string Log, string SqliteFile);
}

/// <summary>Skipped, with the reason, unless both PostgreSQL and Mosquitto can run here.</summary>
public sealed class PostgresMosquittoFactAttribute : FactAttribute
{
    public PostgresMosquittoFactAttribute()
    {
        var reason = PostgresServer.Unavailable ?? MosquittoBroker.Unavailable;
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}
