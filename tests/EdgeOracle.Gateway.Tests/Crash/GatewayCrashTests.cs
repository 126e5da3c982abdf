using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Tests.TestSupport;
using EdgeOracle.LoadGen;
using Microsoft.Data.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace EdgeOracle.Gateway.Tests.Crash;

/// <summary>
/// The gateway as a child process under load on its device endpoint, killed with SIGKILL at random moments and restarted
/// on the same file: every message a device saw acknowledged must be stored, and every device's stored chain must have
/// no gap.
/// CI runs 3 kills; the full run is <c>EO_CRASH_KILLS=20 dotnet test tests/EdgeOracle.Gateway.Tests --filter Category=Crash</c>.
/// </summary>
[Trait("Category", "Crash")]
public sealed class GatewayCrashTests(ITestOutputHelper output)
{
    private const int Devices = 20;

    // Messages a device may send per run: more than it gets through before the kill (at most ~1.5 s after the first 50
    // acks, ~250 messages per device at full speed here), so every kill lands under load, and a bound so that the
    // pre-signed messages cannot run out however fast the gateway is.
    private const int PerRun = 600;

    [Fact]
    public async Task EveryAcknowledgedMessage_IsStored_AfterRepeatedSigkills()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("EO_CRASH_KILLS"), CultureInfo.InvariantCulture, out var k) ? k : 3;
        using var temp = new TempDirectory();
        var work = temp.File("crash");
        var fleet = SignedFleet.Create(Devices, PerRun * (kills + 1));
        var acked = new long[Devices];        // highest sequence each device saw acknowledged (Accepted or Duplicate)
        var environment = new Dictionary<string, string> { ["Mqtt__MaxPublishesPerSecond"] = "0" };
        var random = new Random(5);

        for (var run = 0; run <= kills; run++)
        {
            using var gateway = await GatewayProcess.StartAsync(work, fleet.Select(d => d.Id), environment);
            using var stop = new CancellationTokenSource();
            var before = acked.Sum();
            var cap = PerRun * (run + 1);
            var devices = Enumerable.Range(0, Devices)
                .Select(i => Task.Run(() => SendUntilCutAsync(gateway.DevicePort, fleet[i], cap, acked, i, stop.Token))).ToArray();

            // Load first, then a random moment within the next 1.5 s.
            var waiting = System.Diagnostics.Stopwatch.StartNew();
            while (acked.Sum() - before < 50 && gateway.IsRunning)
            {
                Assert.True(waiting.Elapsed < TimeSpan.FromSeconds(60), $"run {run}: fewer than 50 acks within 60 s");
                await Task.Delay(20);
            }

            await Task.Delay(random.Next(0, 1500));
            if (run < kills)
            {
                gateway.Kill();
            }
            else
            {
                await stop.CancelAsync();
                gateway.Kill();
            }

            await Task.WhenAll(devices).WaitAsync(TimeSpan.FromSeconds(60));
            output.WriteLine($"run {run}: {acked.Sum() - before} acknowledged, {acked.Sum()} in all");
        }

        var stored = StoredSequences(Path.Combine(work, "gateway.db"));
        for (var i = 0; i < Devices; i++)
        {
            var sequences = stored.GetValueOrDefault(fleet[i].Id) ?? [];
            Assert.True(sequences.Count >= acked[i], $"device {i}: {acked[i]} acknowledged, {sequences.Count} stored");
            Assert.Equal(Enumerable.Range(1, sequences.Count).Select(s => (long)s), sequences);
        }

        Assert.True(acked.Sum() >= 50L * (kills + 1), $"only {acked.Sum()} messages were acknowledged over {kills + 1} runs");
    }

    // A device as firmware behaves: publishes its messages in order, one in flight, keeps each until it is acknowledged
    // and after a lost connection starts again at the first unacknowledged one (in the next run).
    // Also used by the chain crash test, which paces its devices.
    internal static async Task SendUntilCutAsync(int port, SignedDevice device, int cap, long[] acked, int index, CancellationToken stop, TimeSpan pace = default)
    {
        RawMqttDevice client;
        try
        {
            client = await RawMqttDevice.ConnectAsync("127.0.0.1", port, device.Id, device.Topic, subscribeAcks: false, null, stop);
        }
        catch (Exception)
        {
            return;
        }

        await using (client)
        {
            while (!stop.IsCancellationRequested && Volatile.Read(ref acked[index]) < Math.Min(cap, device.Messages.Length))
            {
                var next = Volatile.Read(ref acked[index]);
                try
                {
                    // The device endpoint's PUBACK leaves only after the commit; a reason below 0x80 is success.
                    if (await client.PublishAsync(device.Messages[next], stop) < 0x80)
                    {
                        Volatile.Write(ref acked[index], next + 1);
                        if (pace > TimeSpan.Zero)
                        {
                            await Task.Delay(pace, stop);
                        }
                    }
                }
                catch (Exception)
                {
                    return;
                }
            }
        }
    }

    // Each device's stored sequences in order, by its 0x address; also read by the stop test.
    internal static Dictionary<string, List<long>> StoredSequences(string database)
    {
        var stored = new Dictionary<string, List<long>>();
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT device, sequence FROM messages ORDER BY device, sequence";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = "0x" + Convert.ToHexStringLower((byte[])reader.GetValue(0));
            if (!stored.TryGetValue(id, out var list))
            {
                stored[id] = list = [];
            }

            list.Add(reader.GetInt64(1));
        }

        return stored;
    }
}
