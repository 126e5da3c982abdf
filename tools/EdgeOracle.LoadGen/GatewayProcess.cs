using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace EdgeOracle.LoadGen;

/// <summary>
/// The gateway under test as a child process. <see cref="StartAsync"/>: this load generator's <c>gateway</c> verb (the
/// gateway's own host, <c>GatewayHost</c>, with the same runtime settings as the gateway's binary) with a fresh SQLite
/// file, relaying and anchoring off, and the load's devices registered through the static registry
/// (<c>StaticRegistry:DevicesFile</c>, <see cref="StaticDeviceRegistry"/>), so no chain is needed;
/// <see cref="LaunchAsync"/>: the gateway's binary with any configuration (the fail-over test's PostgreSQL, Mosquitto and anvil).
/// </summary>
public sealed class GatewayProcess : IDisposable
{
    /// <summary>.NET's switch that runs socket continuations on the epoll threads instead of the thread pool.</summary>
    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    private readonly Process _process;

    private GatewayProcess(Process process, int mqttPort, int devicePort, string databasePath)
    {
        _process = process;
        MqttPort = mqttPort;
        DevicePort = devicePort;
        DatabasePath = databasePath;
    }

    /// <summary>The embedded broker's port.</summary>
    public int MqttPort { get; }

    /// <summary>The device endpoint's port (<c>Mqtt:DevicePort</c>; 0 when the launch did not say).</summary>
    public int DevicePort { get; }

    /// <summary>The gateway's SQLite file.</summary>
    public string DatabasePath { get; }

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>True while the child runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The gateway hosted by this load generator (its <c>gateway</c> verb): the program this assembly is.</summary>
    public static string HostDll { get; } = typeof(GatewayProcess).Assembly.Location;

    /// <summary>
    /// Starts the gateway (<see cref="HostDll"/> <c>gateway</c>) with <paramref name="deviceIds"/> registered and waits until
    /// its broker and device endpoint accept connections.
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(
        string workDirectory, IEnumerable<string> deviceIds, IReadOnlyDictionary<string, string>? extra = null, int? port = null,
        int? devicePort = null)
    {
        Directory.CreateDirectory(workDirectory);
        var devicesFile = Path.Combine(workDirectory, "devices.txt");
        if (!File.Exists(devicesFile))
        {
            await File.WriteAllLinesAsync(devicesFile, EnumerateLines(deviceIds)).ConfigureAwait(false);
        }

        // A port that was free a moment ago can be taken before the child binds it (a client's ephemeral port, another
        // test's gateway): a start that failed on that is made again on other ports, at most three times.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnPortsAsync(workDirectory, devicesFile, extra, port ?? FreePort(), devicePort ?? FreePort()).ConfigureAwait(false);
            }
            catch (InvalidOperationException) when (attempt < 3 && port is null && devicePort is null && ExitedOnBusyPort(workDirectory))
            {
            }
        }
    }

    /// <summary>Whether a start in <paramref name="workDirectory"/> ended because a port was in use (its error log, appended over starts, says so).</summary>
    public static bool ExitedOnBusyPort(string workDirectory)
    {
        var log = Path.Combine(workDirectory, "gateway.log.err");
        return File.Exists(log) && File.ReadLines(log).Any(l => l.Contains("Address already in use", StringComparison.Ordinal));
    }

    private static async Task<GatewayProcess> StartOnPortsAsync(
        string workDirectory, string devicesFile, IReadOnlyDictionary<string, string>? extra, int mqttPort, int endpointPort)
    {
        var environment = new Dictionary<string, string>
        {
            ["Mqtt__Host"] = "127.0.0.1",
            ["Mqtt__Port"] = mqttPort.ToString(CultureInfo.InvariantCulture),
            ["Mqtt__DevicePort"] = endpointPort.ToString(CultureInfo.InvariantCulture),
            ["Storage__Path"] = Path.Combine(workDirectory, "gateway.db"),
            ["Urls"] = $"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}",
            ["StaticRegistry__DevicesFile"] = devicesFile,
            ["Chain__ChainId"] = SignedFleet.ChainId.ToString(CultureInfo.InvariantCulture),
            ["Chain__DeviceRegistryAddress"] = SignedFleet.Registry.ToString(),
            ["Chain__PaymentHubAddress"] = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0",
            ["Chain__Tokens__0__Address"] = "0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9",
            ["Chain__Tokens__0__Name"] = "Test USD",
            ["Chain__Tokens__0__Version"] = "1",
            ["Chain__RelayerPrivateKey"] = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
            ["Chain__RelayEnabled"] = "false",
            ["Anchoring__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",

            // The gateway binary's runtime settings (its runtimeconfig.json: server GC, concurrent), not this generator's.
            ["DOTNET_gcServer"] = "1",
            ["DOTNET_gcConcurrent"] = "1",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return await LaunchAsync(
            HostDll, workDirectory, environment, async () => await AcceptsAsync(mqttPort).ConfigureAwait(false) && await AcceptsAsync(endpointPort).ConfigureAwait(false),
            mqttPort, endpointPort, ["gateway"]).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the gateway dll at <paramref name="gatewayDll"/> configured by <paramref name="environment"/> alone (keys
    /// such as <c>Storage__Path</c>), its output appended to <c>gateway.log</c> in <paramref name="workDirectory"/>, and
    /// waits until <paramref name="ready"/> answers true: at most 60 s, and never after the child exited.
    /// <paramref name="arguments"/> follow the dll on the command line.
    /// </summary>
    public static async Task<GatewayProcess> LaunchAsync(
        string gatewayDll, string workDirectory, IReadOnlyDictionary<string, string> environment, Func<Task<bool>> ready, int mqttPort = 0,
        int devicePort = 0, IReadOnlyList<string>? arguments = null)
    {
        Directory.CreateDirectory(workDirectory);
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(gatewayDll);
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove(InlineCompletions); // the generator's own setting; the gateway decides its own (Mqtt:InlineSocketCompletions)
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the gateway");
        var log = Path.Combine(workDirectory, "gateway.log");
        _ = PumpAsync(process.StandardOutput, log);
        _ = PumpAsync(process.StandardError, log + ".err");
        var gateway = new GatewayProcess(process, mqttPort, devicePort, environment.GetValueOrDefault("Storage__Path") ?? Path.Combine(workDirectory, "gateway.db"))
        {
            MetricsUrl = Uri.TryCreate(environment.GetValueOrDefault("Urls"), UriKind.Absolute, out var url) && url.Port != 0 ? new Uri(url, "/metrics") : null,
        };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited with {process.ExitCode}; see {log}.err");
            }

            if (await ready().ConfigureAwait(false))
            {
                return gateway;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        gateway.Kill();
        throw new TimeoutException("the gateway was not ready within 60 s; see " + log);
    }

    /// <summary>The gateway's Prometheus endpoint, when its HTTP port is known.</summary>
    public Uri? MetricsUrl { get; private init; }

    /// <summary>
    /// Bytes the gateway's runtime allocated so far (<c>dotnet.gc.heap.total_allocated</c> of the System.Runtime meter,
    /// read from <see cref="MetricsUrl"/>), or null when it cannot be read.
    /// </summary>
    public async Task<long?> AllocatedBytesAsync()
    {
        if (MetricsUrl is null)
        {
            return null;
        }

        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var text = await http.GetStringAsync(MetricsUrl).ConfigureAwait(false);
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("dotnet_gc_heap_total_allocated_bytes", StringComparison.Ordinal));
            return line is not null && double.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var bytes)
                ? (long)bytes
                : null;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>CPU time (user + system) the child used so far.</summary>
    public TimeSpan CpuTime => ProcessStats.CpuTime(_process.Id);

    /// <summary>Resident memory of the child, in bytes.</summary>
    public long ResidentBytes => ProcessStats.ResidentBytes(_process.Id);

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut of the process.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>A TCP port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static IEnumerable<string> EnumerateLines(IEnumerable<string> deviceIds)
    {
        yield return "# devices registered for a load run (StaticRegistry:DevicesFile)";
        foreach (var id in deviceIds)
        {
            yield return id + " sensor";
        }
    }

    private static async Task PumpAsync(StreamReader reader, string path)
    {
        // Line by line, so that a test can read what a gateway logged while it still runs.
        await using var writer = new StreamWriter(path, append: true) { AutoFlush = true };
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            await writer.WriteLineAsync(line).ConfigureAwait(false);
        }
    }
}
