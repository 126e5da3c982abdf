using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Tests.TestSupport;
using EdgeOracle.LoadGen;
using Microsoft.Data.Sqlite;
using Nethereum.Web3;
using Xunit;
using Xunit.Abstractions;

namespace EdgeOracle.Gateway.Tests.Crash;

/// <summary>
/// The gateway as a child process relaying to the real contracts on anvil, with devices publishing on its device
/// endpoint, killed with SIGKILL at random moments (while it stores, sends transactions and waits for receipts) and
/// restarted on the same file. Afterwards every message a device saw acknowledged is stored, and every stored one took
/// effect on chain exactly once (each sensor alone in a QuorumInsurance region, so one <c>WindowDecided</c> per stored
/// (device, sequence), no other; for terminals' sales relayed in <c>settleBatch</c> batches, one <c>PaymentSettled</c>
/// per stored sale), with every outbox row relayed. CI runs 3 kills; the full run is
/// <c>EO_CRASH_KILLS=20 dotnet test tests/EdgeOracle.Gateway.Tests --filter Category=Crash</c>.
/// </summary>
[Trait("Category", "Crash")]
public sealed class GatewayChainCrashTests(ITestOutputHelper output)
{
    private const int Devices = 4;
    private const ulong Window = 60;

    // Messages a device may send per run: enough that a kill can land while it publishes, few enough that relaying (one
    // round per reading on anvil: each sensor is alone in its region) is still busy with them when it lands.
    private const int PerRun = 15;

    // Between a device's publishes, so that a run's publishing lasts about as long as the window the kill falls in.
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(40);

    [Fact]
    public Task EveryAcknowledgedMessage_IsStored_AndTakesEffectOnChainExactlyOnce_AfterRepeatedSigkills() => RunAsync(payments: false);

    /// <summary>
    /// The same for the batched path: terminals' sales relayed in <c>PaymentHub.settleBatch</c> calls of many terminals,
    /// each sale settled once (one <c>PaymentSettled</c> per stored (terminal, sequence)) however the kills split them.
    /// </summary>
    [Fact]
    public Task EveryAcknowledgedSale_IsStored_AndSettledExactlyOnce_InBatches_AfterRepeatedSigkills() => RunAsync(payments: true);

    private async Task RunAsync(bool payments)
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("EO_CRASH_KILLS"), CultureInfo.InvariantCulture, out var k) ? k : 3;
        await using var anvil = await AnvilNode.StartAsync();
        var deployment = await EdgeContracts.DeployAsync(anvil.RpcUrl, anvil.ChainId, DevAccounts.Deployer);
        var insurer = new EdgeContracts(deployment, DevAccounts.Insurer);
        var merchant = new EdgeContracts(deployment, DevAccounts.Merchant);
        var customer = new TestDevice();
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (payments)
        {
            await new EdgeContracts(deployment, DevAccounts.Deployer).MintAsync(customer.Address, 1_000_000_000_000);
        }

        var firstWindow = ChildGateway.RecentWindows(PerRun * (kills + 1), Window);
        var stations = new List<string>();
        var fleet = new List<SignedDevice>();
        var sales = new Dictionary<string, (string Device, ulong Sequence)>();
        for (var i = 0; i < Devices; i++)
        {
            var key = RandomNumberGenerator.GetBytes(32);
            var device = new TestDevice(Convert.ToHexStringLower(key), (long)deployment.ChainId, deployment.DeviceRegistry);
            byte[][] messages;
            if (payments)
            {
                await merchant.RegisterDeviceAsync(key, 2);
                messages = [.. Enumerable.Range(0, PerRun * (kills + 1)).Select(_ =>
                {
                    var sale = device.Payment(
                        customer, merchant.From.ToLowerInvariant(),
                        intent => (intent.Token, intent.Expiry) = (deployment.Stablecoin, now + 3_600),
                        authorization => (authorization.To, authorization.ValidBefore) = (deployment.PaymentHub, now + 3_600));
                    sales.Add(Convert.ToHexStringLower(sale.Digest), (device.Address, sale.Sequence));
                    return sale.Payload;
                })];
            }
            else
            {
                await insurer.RegisterDeviceAsync(key, 1);
                stations.Add(device.Address);
                messages = [.. Enumerable.Range(0, PerRun * (kills + 1)).Select(_ => device.Observation(o =>
                    (o.WindowStart, o.WindowEnd, o.Value) = (firstWindow + (o.Sequence * Window), firstWindow + ((o.Sequence + 1) * Window), 100)).Payload)];
            }

            fleet.Add(new SignedDevice(key, Address.Parse(device.Address), messages, payments ? "pay" : "obs"));
        }

        // What took effect on chain, per (device, sequence): decided windows of the lone stations, or settled sales by their digests.
        var regions = await ChildGateway.LoneStationsAsync(deployment, stations, Window);
        async Task<List<(string Device, ulong Sequence)>> EffectsAsync(Web3 web3) => payments
            ? [.. (await ChainEvents.SettlementsAsync(web3, deployment)).Select(e => sales[Convert.ToHexStringLower(e.Event.Digest)])]
            : await ChildGateway.ReadingsTakenAsync(web3, deployment, regions, firstWindow, Window);

        using var temp = new TempDirectory();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var work = temp.File("crash");
        var acked = new long[Devices];
        var random = new Random(11);
        var web3 = new Web3(anvil.RpcUrl);
        for (var run = 0; run <= kills; run++)
        {
            var (gateway, devicePort) = await LaunchAsync();
            using var running = gateway;
            using var stop = new CancellationTokenSource();
            var before = acked.Sum();
            var effectsBefore = (await EffectsAsync(web3)).Count;
            var cap = PerRun * (run + 1);
            var devices = Enumerable.Range(0, Devices)
                .Select(i => Task.Run(() => GatewayCrashTests.SendUntilCutAsync(devicePort, fleet[i], cap, acked, i, stop.Token, Pace))).ToArray();

            // Some traffic first, then a random moment within the next 1.5 s: while devices publish, or after, while
            // the relayer sends and confirms.
            var waiting = System.Diagnostics.Stopwatch.StartNew();
            while (acked.Sum() - before < 10 && acked.Sum() < Devices * (long)cap && gateway.IsRunning)
            {
                Assert.True(waiting.Elapsed < TimeSpan.FromSeconds(60), $"run {run}: fewer than 10 acks within 60 s");
                await Task.Delay(20);
            }

            await Task.Delay(random.Next(0, 1500));
            if (run < kills)
            {
                gateway.Kill();
                await Task.WhenAll(devices).WaitAsync(TimeSpan.FromSeconds(60));
            }
            else
            {
                // The last run is not killed: it takes what is left and relays everything stored.
                await Task.WhenAll(devices).WaitAsync(TimeSpan.FromSeconds(60));
                await ChildGateway.WaitUntilAsync(async () => (await EffectsAsync(web3)).Count >= acked.Sum(), "every acknowledged message took effect", 90);
                await ChildGateway.WaitUntilAsync(() => Task.FromResult(Outbox(Path.Combine(work, "gateway.db")).Relayed >= acked.Sum()), "every outbox row was relayed", 90);
                gateway.Kill();
            }

            var effects = (await EffectsAsync(web3)).Count;
            output.WriteLine($"run {run}: {acked.Sum() - before} acknowledged ({acked.Sum()} in all), {effects - effectsBefore} effects on chain ({effects} in all)");
        }

        // Nothing lost: every acknowledged message is stored, each device's stored chain has no gap.
        var stored = StoredMessages(Path.Combine(work, "gateway.db"));
        for (var i = 0; i < Devices; i++)
        {
            var sequences = stored.Where(s => s.Device == fleet[i].Id).Select(s => (long)s.Sequence).ToList();
            Assert.True(sequences.Count >= acked[i], $"device {i}: {acked[i]} acknowledged, {sequences.Count} stored");
            Assert.Equal(Enumerable.Range(1, sequences.Count).Select(s => (long)s), sequences);
        }

        // Exactly once: one decided window (or settled sale) per stored (device, sequence), and no other; every outbox row relayed.
        var recorded = await EffectsAsync(web3);
        ChildGateway.AssertOneEffectPerStoredMessage(stored, recorded);
        Assert.Equal((0L, 0L, (long)stored.Count, 0L), Outbox(Path.Combine(work, "gateway.db")));
        Assert.True(acked.Sum() >= 10L * (kills + 1), $"only {acked.Sum()} messages were acknowledged over {kills + 1} runs");
        output.WriteLine($"{stored.Count} stored, {recorded.Count} {(payments ? "PaymentSettled" : "WindowDecided")}, each once; outbox all relayed");

        // A port that was free a moment ago may be taken by then (a client's ephemeral port, the other crash test's
        // gateways): a gateway that exits at start because of it is started again on other ports, at most three times.
        async Task<(GatewayProcess Gateway, int DevicePort)> LaunchAsync()
        {
            for (var attempt = 1; ; attempt++)
            {
                var devicePort = GatewayProcess.FreePort();
                var ready = new Uri($"http://127.0.0.1:{GatewayProcess.FreePort()}/ready");
                try
                {
                    var gateway = await GatewayProcess.LaunchAsync(
                        GatewayBinary.Path, work, GatewaySettings(devicePort, ready), () => ChildGateway.IsReadyAsync(http, ready), devicePort: devicePort);
                    return (gateway, devicePort);
                }
                catch (InvalidOperationException exception) when (attempt < 3 && GatewayProcess.ExitedOnBusyPort(work))
                {
                    output.WriteLine($"start {attempt}: {exception.Message} (a port was taken); again on other ports");
                }
            }
        }

        Dictionary<string, string> GatewaySettings(int devicePort, Uri ready) => new(ChildGateway.ChainSettings(deployment))
        {
            ["Storage__Path"] = Path.Combine(work, "gateway.db"),
            ["Mqtt__Port"] = "0",
            ["Mqtt__DevicePort"] = ChildGateway.Text(devicePort),
            ["Mqtt__MaxPublishesPerSecond"] = "0",
            ["Urls"] = ready.GetLeftPart(UriPartial.Authority),
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    private static List<(string Device, ulong Sequence)> StoredMessages(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT device, sequence FROM messages";
        using var reader = command.ExecuteReader();
        var stored = new List<(string, ulong)>();
        while (reader.Read())
        {
            stored.Add(("0x" + Convert.ToHexStringLower((byte[])reader.GetValue(0)), (ulong)reader.GetInt64(1)));
        }

        return stored.OrderBy(s => s).ToList();
    }

    private static (long Pending, long Submitted, long Relayed, long Failed) Outbox(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FILTER (WHERE status = 0), COUNT(*) FILTER (WHERE status = 1), COUNT(*) FILTER (WHERE status = 2), COUNT(*) FILTER (WHERE status = 3) FROM outbox";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

}
