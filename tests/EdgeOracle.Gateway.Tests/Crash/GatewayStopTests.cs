using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Tests.TestSupport;
using EdgeOracle.LoadGen;
using Microsoft.Data.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace EdgeOracle.Gateway.Tests.Crash;

/// <summary>
/// The gateway as a child process under load on its device endpoint and its broker, with the web console's event
/// stream open, stopped with SIGTERM (what a service manager or <c>kill</c> sends): it must exit within 5 s, having
/// closed its store and logged no error, and once restarted on the same file it must hold every message a device saw
/// acknowledged and carry on every device's chain. Run with the crash tests:
/// <c>dotnet test tests/EdgeOracle.Gateway.Tests --filter Category=Crash</c>.
/// </summary>
[Trait("Category", "Crash")]
public sealed class GatewayStopTests(ITestOutputHelper output)
{
    private const int Devices = 20;

    // More than a device gets through before the stop (as in the crash test), so that SIGTERM lands under load.
    private const int PerRun = 600;

    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Sigterm_UnderLoad_StopsTheGatewayWithin5Seconds_AndEveryAcknowledgedMessageIsStored()
    {
        using var temp = new TempDirectory();
        var work = temp.File("stop");
        var database = Path.Combine(work, "gateway.db");
        var fleet = SignedFleet.Create(Devices, PerRun + 1);
        var acked = new long[Devices];        // highest sequence each device saw acknowledged (Accepted or Duplicate)
        var environment = new Dictionary<string, string> { ["Mqtt__MaxPublishesPerSecond"] = "0" };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        using (var gateway = await GatewayProcess.StartAsync(work, fleet.Select(d => d.Id), environment))
        {
            // A browser on the console: a server-sent event stream that never ends by itself. (The start waited for the
            // MQTT ports; the HTTP API may come up a moment later.)
            await ChildGateway.WaitUntilAsync(() => ChildGateway.IsReadyAsync(http, Api(gateway, "/ready")), "/ready", 30);
            using var stream = await http.GetAsync(Api(gateway, "/api/events"), HttpCompletionOption.ResponseHeadersRead);
            Assert.True(stream.IsSuccessStatusCode, $"/api/events answered {stream.StatusCode}");
            var devices = Enumerable.Range(0, Devices)
                .Select(i => Task.Run(() => GatewayCrashTests.SendUntilCutAsync(Port(gateway, i), fleet[i], PerRun, acked, i, CancellationToken.None))).ToArray();
            await ChildGateway.WaitUntilAsync(() => Task.FromResult(acked.Sum() >= 200 || !gateway.IsRunning), "200 acks", 60);
            Assert.True(gateway.IsRunning, "the gateway exited before the stop; see " + Path.Combine(work, "gateway.log.err"));

            var took = await StopAsync(gateway);
            await Task.WhenAll(devices).WaitAsync(TimeSpan.FromSeconds(30));
            output.WriteLine($"SIGTERM under load: exited after {took.TotalMilliseconds:F0} ms; {acked.Sum()} messages acknowledged");
            Assert.True(took < StopBudget, $"the gateway took {took.TotalSeconds:F1} s to stop after SIGTERM");
            Assert.True(acked.Sum() < Devices * (long)PerRun, "every device was done before the stop: it did not land under load");
        }

        // Stopped, not abandoned: the store folded everything it had committed when it was closed (a process that the
        // signal ended, or that died of an exception, leaves the tail unfolded), and nothing reached stderr.
        Assert.Equal(
            Scalar(database, "SELECT COALESCE(MAX(id), 0) FROM messages"),
            Scalar(database, "SELECT value FROM store_state WHERE name = 'folded_through'"));
        AssertNoErrorsLogged(work);

        // Restarted on the same file: every acknowledged message is there, and every device's chain goes on from it.
        using (var gateway = await GatewayProcess.StartAsync(work, fleet.Select(d => d.Id), environment))
        {
            await ChildGateway.WaitUntilAsync(() => ChildGateway.IsReadyAsync(http, Api(gateway, "/ready")), "/ready after the restart", 30);
            var stats = await http.GetFromJsonAsync<JsonElement>(Api(gateway, "/api/stats"));
            var stored = stats.GetProperty("storedMessages").GetInt64();
            output.WriteLine($"restarted: {stored} messages stored, {acked.Sum()} had been acknowledged");
            Assert.True(stored >= acked.Sum(), $"{acked.Sum()} acknowledged, {stored} stored after the restart");

            var before = acked.ToArray();
            await Task.WhenAll(Enumerable.Range(0, Devices)
                .Select(i => Task.Run(() => GatewayCrashTests.SendUntilCutAsync(Port(gateway, i), fleet[i], (int)before[i] + 1, acked, i, CancellationToken.None))))
                .WaitAsync(TimeSpan.FromSeconds(30));
            for (var i = 0; i < Devices; i++)
            {
                Assert.True(acked[i] == before[i] + 1, $"device {i}: its message #{before[i] + 1} was not acknowledged after the restart");
            }

            var took = await StopAsync(gateway);
            output.WriteLine($"SIGTERM after the restart: exited after {took.TotalMilliseconds:F0} ms");
            Assert.True(took < StopBudget, $"the restarted gateway took {took.TotalSeconds:F1} s to stop after SIGTERM");
        }

        var sequences = GatewayCrashTests.StoredSequences(database);
        for (var i = 0; i < Devices; i++)
        {
            var device = sequences.GetValueOrDefault(fleet[i].Id) ?? [];
            Assert.True(device.Count >= acked[i], $"device {i}: {acked[i]} acknowledged, {device.Count} stored");
            Assert.Equal(Enumerable.Range(1, device.Count).Select(s => (long)s), device);
        }

        AssertNoErrorsLogged(work);
    }

    // SIGTERM, then the wait for the exit: how long it took. Only the Process that started the child may read its exit
    // code, so the folded store and the empty stderr stand for a clean exit.
    private static async Task<TimeSpan> StopAsync(GatewayProcess gateway)
    {
        using var process = Process.GetProcessById(gateway.Id);
        var clock = Stopwatch.StartNew();
        Signal.Terminate(gateway.Id);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // past .NET's own 30 s, so a slow stop is measured
        await process.WaitForExitAsync(patience.Token);
        return clock.Elapsed;
    }

    // Both ingresses under load: even devices on the device endpoint, odd ones on the embedded broker.
    private static int Port(GatewayProcess gateway, int device) => device % 2 == 0 ? gateway.DevicePort : gateway.MqttPort;

    // The gateway's HTTP API: GatewayProcess knows its metrics address.
    private static Uri Api(GatewayProcess gateway, string path) => new(gateway.MetricsUrl ?? throw new InvalidOperationException("no HTTP port"), path);

    private static long Scalar(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    // Errors and criticals (the console logger's "fail:" and "crit:", each followed by its message and exception on the
    // next lines; the child logs from Warning up), and anything on stderr (an unhandled exception).
    private static void AssertNoErrorsLogged(string work)
    {
        var lines = File.ReadAllLines(Path.Combine(work, "gateway.log"));
        var errors = lines
            .Select((line, at) => (line, at))
            .Where(l => l.line.StartsWith("fail:", StringComparison.Ordinal) || l.line.StartsWith("crit:", StringComparison.Ordinal))
            .Select(l => string.Join(" | ", lines.Skip(l.at).Take(4).Select(line => line.Trim())))
            .Concat(File.ReadLines(Path.Combine(work, "gateway.log.err")))
            .ToList();
        Assert.True(errors.Count == 0, "the gateway logged errors:\n" + string.Join('\n', errors));
    }
}
