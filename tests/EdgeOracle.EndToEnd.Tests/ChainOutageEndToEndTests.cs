using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Gateway.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;
using GatewayAddress = EdgeOracle.Protocol.Address;

namespace EdgeOracle.EndToEnd.Tests;

/// <summary>
/// The chain goes away under load: anvil's state is dumped, the process killed, and after the outage a new anvil on
/// the same port loads the state. Devices keep being answered from the store meanwhile; afterwards every accepted
/// observation is on chain exactly once and in sequence order per device (each sensor alone in a QuorumInsurance
/// region: one WindowDecided per reading), and so is every sale the terminals made
/// meanwhile (relayed in settleBatch batches: one PaymentSettled per sale, each terminal's in its sequence order). The
/// outage lasts <c>EDGE_CHAIN_OUTAGE_SECONDS</c> (default 30).
/// </summary>
public sealed class ChainOutageEndToEndTests(ITestOutputHelper output)
{
    private const int Sensors = 4;
    private const int DaysPerSensor = 12;
    private const int Terminals = 3;
    private const int SalesPerTerminal = 8;

    [Fact]
    public async Task ObservationsAndSalesAcceptedWhileTheChainIsDown_AllLandAfterItReturns_OncePerSequenceInOrder()
    {
        var outage = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("EDGE_CHAIN_OUTAGE_SECONDS"), out var s) ? s : 30);
        var errors = new ConcurrentQueue<string>();
        await using var system = await LocalEdgeSystem.StartAsync(configureGateway: services => services.AddLogging(b => b.AddProvider(new ErrorSink(errors))));
        var port = system.Anvil.Port;
        // Each sensor alone in a QuorumInsurance region: each reading is a round of one that decides its window.
        var sensors = new List<DeviceKey>();
        var regions = new Dictionary<string, uint>();
        for (var i = 0; i < Sensors; i++)
        {
            var (sensor, regionId) = await system.ProvisionLoneStationAsync();
            sensors.Add(sensor);
            regions[sensor.Address] = regionId;
        }

        var terminals = new List<DeviceKey>();
        for (var i = 0; i < Terminals; i++)
        {
            terminals.Add(await system.ProvisionTerminalAsync());
        }

        var customer = await system.FundCustomerAsync(new BigInteger(Terminals * SalesPerTerminal * 1_000_000));

        // The follower must know the devices: while the chain is down, deviceInfo cannot be asked.
        var follower = system.Gateway.Services.GetRequiredService<RegistryFollower>();
        await WaitUntilAsync(() => sensors.Concat(terminals).All(k => follower.TryGet(GatewayAddress.Parse(k.Address), out var info) && info.Active), TimeSpan.FromSeconds(20));

        var accepted = new ConcurrentDictionary<string, List<(ulong Sequence, ulong WindowStart)>>();
        using var outageStarted = new SemaphoreSlim(0);
        var load = sensors.Select(sensor => Task.Run(async () =>
        {
            await using var station = await Scenario.StartStationAsync(system, sensor, Scenario.DaysAgo(DaysPerSensor + 1));
            var mine = accepted.GetOrAdd(sensor.Address, _ => []);
            for (var day = 0; day < DaysPerSensor; day++)
            {
                var result = await station.RunDayAsync(day % 3 * 0.7);
                Assert.Equal(ReasonCodes.Accepted, result.Reason);
                mine.Add((result.Sequence, (ulong)result.WindowStart.ToUnixTimeSeconds()));
                if (day == DaysPerSensor / 3)
                {
                    await outageStarted.WaitAsync(TimeSpan.FromSeconds(30));
                }
                else
                {
                    await Task.Delay(outage / (2 * DaysPerSensor));
                }
            }
        })).ToArray();

        // Terminals sell all along, a third before the outage and the rest while the chain is down.
        var sold = new ConcurrentDictionary<string, List<(ulong Sequence, string Digest)>>();
        var selling = terminals.Select(key => Task.Run(async () =>
        {
            await using var terminal = await Scenario.StartTerminalAsync(system, key);
            var wallet = Scenario.Wallet(system, customer);
            var mine = sold.GetOrAdd(key.Address, _ => []);
            for (var sale = 0; sale < SalesPerTerminal; sale++)
            {
                var result = (await terminal.SellAsync(1_000_000, Emulator.Devices.EmulatedTerminal.OrderRefFor($"outage-{sale}"), wallet)).EnsureApproved();
                mine.Add((result.Sequence, Convert.ToHexStringLower(result.IntentDigest)));
                if (sale == SalesPerTerminal / 3)
                {
                    await outageStarted.WaitAsync(TimeSpan.FromSeconds(30));
                }
                else
                {
                    await Task.Delay(outage / (2 * SalesPerTerminal));
                }
            }
        })).ToArray();
        load = [.. load, .. selling];

        using var rpc = new HttpClient { BaseAddress = new Uri(system.Deployment.RpcUrl) };

        // Nothing may be mined between the dump and the kill: a block only the killed chain had would be a reorganisation
        // deeper than Chain:Confirmations (1 here), which no relayer can see. Transactions sent meanwhile stay in the
        // pool, are lost with it, and are sent again after the outage.
        await RpcAsync(rpc, "evm_setAutomine", false);
        var state = (await RpcAsync(rpc, "anvil_dumpState")).GetString()!;
        await system.Anvil.DisposeAsync();
        output.WriteLine($"anvil on port {port} killed; outage of {outage.TotalSeconds} s under load");
        var clock = Stopwatch.StartNew();
        outageStarted.Release(Sensors + Terminals);
        await Task.WhenAll(load);
        var acceptedDuringOutage = clock.Elapsed;
        var remaining = outage - clock.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }

        await using var revived = await RestartedAnvil.StartAsync(port, state);
        output.WriteLine($"anvil back after {clock.Elapsed.TotalSeconds:F1} s (devices finished publishing after {acceptedDuringOutage.TotalSeconds:F1} s)");

        var landed = Stopwatch.StartNew();
        foreach (var sensor in sensors)
        {
            await Scenario.WaitForAsync(async () => new BigInteger((await DecidedWindowsAsync(rpc, system, regions[sensor.Address])).Count), DaysPerSensor, TimeSpan.FromSeconds(120));
        }

        output.WriteLine($"all {Sensors * DaysPerSensor} observations on chain {landed.Elapsed.TotalSeconds:F1} s after the chain returned");
        foreach (var sensor in sensors)
        {
            // One decided window per accepted reading, in the station's sequence order.
            var decided = await DecidedWindowsAsync(rpc, system, regions[sensor.Address]);
            Assert.Equal(accepted[sensor.Address].OrderBy(a => a.Sequence).Select(a => a.WindowStart), decided);
        }

        // Every sale settled once, each terminal's in the order it made them.
        var settled = new List<(string Terminal, string Digest)>();
        for (var deadline = Stopwatch.StartNew(); deadline.Elapsed < TimeSpan.FromSeconds(120); await Task.Delay(200))
        {
            settled = await SettledAsync(rpc, system);
            if (settled.Count >= Terminals * SalesPerTerminal)
            {
                break;
            }
        }

        output.WriteLine($"all {Terminals * SalesPerTerminal} sales settled {landed.Elapsed.TotalSeconds:F1} s after the chain returned");
        foreach (var terminal in terminals)
        {
            Assert.Equal(sold[terminal.Address].Select(s => s.Digest), settled.Where(s => s.Terminal == terminal.Address).Select(s => s.Digest));
        }

        Assert.Equal(Terminals * SalesPerTerminal, settled.Count);

        Assert.True(errors.IsEmpty, "The gateway logged errors:\n" + string.Join("\n", errors.Take(10)));
    }

    /// <summary>Window starts of the region's WindowDecided logs, in chain order (HTTP errors: none yet).</summary>
    private static async Task<List<ulong>> DecidedWindowsAsync(HttpClient rpc, LocalEdgeSystem system, uint regionId)
    {
        try
        {
            var logs = await RpcAsync(rpc, "eth_getLogs", new
            {
                address = system.Deployment.QuorumInsurance,
                fromBlock = "0x0",
                toBlock = "latest",
                topics = new object?[] { "0x" + Topic("WindowDecided(uint32,uint32,uint64,uint64,uint256,int64)"), "0x" + regionId.ToString("x64", CultureInfo.InvariantCulture) },
            });
            return logs.EnumerateArray()
                .Select(l => ulong.Parse(l.GetProperty("data").GetString().AsSpan(2, 64)[^16..], NumberStyles.HexNumber, CultureInfo.InvariantCulture))
                .ToList();
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    /// <summary>(terminal, intent digest) of every PaymentSettled, in chain order.</summary>
    private static async Task<List<(string Terminal, string Digest)>> SettledAsync(HttpClient rpc, LocalEdgeSystem system)
    {
        var logs = await RpcAsync(rpc, "eth_getLogs", new
        {
            address = system.Deployment.PaymentHub,
            fromBlock = "0x0",
            toBlock = "latest",
            topics = new object?[] { "0x" + Topic("PaymentSettled(bytes32,address,address,address,address,uint256,uint256,bytes32)") },
        });
        return logs.EnumerateArray()
            .Select(l => ("0x" + l.GetProperty("topics")[3].GetString()![^40..], l.GetProperty("topics")[1].GetString()![2..]))
            .ToList();
    }

    private static string Topic(string signature) =>
        Convert.ToHexStringLower(EdgeOracle.Protocol.Crypto.Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(signature)).ToArray());

    internal static async Task<JsonElement> RpcAsync(HttpClient rpc, string method, params object[] parameters)
    {
        var response = await rpc.PostAsJsonAsync(string.Empty, new { jsonrpc = "2.0", id = 1, method, @params = parameters });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException(method + ": " + error);
        }

        return body.GetProperty("result");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, "condition not met within " + timeout);
            await Task.Delay(50);
        }
    }

    /// <summary>An anvil on a given port that loads a dumped state, killed on dispose.</summary>
    private sealed class RestartedAnvil : IAsyncDisposable
    {
        private readonly Process _process;

        private RestartedAnvil(Process process) => _process = process;

        public static async Task<RestartedAnvil> StartAsync(int port, string state)
        {
            var psi = new ProcessStartInfo(AnvilNode.BinaryPath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--chain-id", AnvilNode.DefaultChainId.ToString(CultureInfo.InvariantCulture) })
            {
                psi.ArgumentList.Add(arg);
            }

            var process = Process.Start(psi)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var anvil = new RestartedAnvil(process);
            using var rpc = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + port) };
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    await RpcAsync(rpc, "anvil_loadState", state);
                    return anvil;
                }
                catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(100);
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }

            _process.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Collects the gateway's Error-level log lines.</summary>
    private sealed class ErrorSink(ConcurrentQueue<string> sink) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                sink.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " " + exception.Message));
            }
        }
    }
}
