using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Hosting;
using EdgeOracle.LoadGen;
using Microsoft.Data.Sqlite;

// EdgeOracle.LoadGen: see README.md beside this file for the modes, the options and how to read the output.
// `gateway [gateway arguments]`: this process is the gateway under test (GatewayProcess starts it so), the gateway's own
// host with its devices from StaticRegistry:DevicesFile instead of the chain. Before anything below touches sockets.
if (args is ["gateway", ..])
{
    Console.WriteLine($"gateway host: server GC {System.Runtime.GCSettings.IsServerGC}, concurrent {System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.Batch}");
    return await GatewayHost.RunAsync(args[1..], (services, configuration) => services.AddStaticDeviceRegistryIfConfigured(configuration));
}

// `relay [options]`: the relay benchmark on anvil (RelayRun.cs).
if (args is ["relay", ..])
{
    var relay = RelayRun.Settings.Parse(args[1..]);
    if (relay is null)
    {
        Console.WriteLine("usage: relay [--rate 2000] [--seconds 60] [--warmup 10] [--gas-limit 100000000] [--max-in-flight 512] [--batch-size 64] [--gateway-log FILE]");
        return 2;
    }

    return await RelayRun.RunAsync(relay);
}

// The generator's socket continuations (parse an answer, send the next publish) are tiny: run them on the epoll threads
// instead of handing each to the thread pool, so the generator takes less of the CPU it shares with the gateway. Read
// once, when the first socket is made; the gateway child does not inherit it (GatewayProcess).
Environment.SetEnvironmentVariable(GatewayProcess.InlineCompletions, "1");
var options = LoadGenOptions.Parse(args);
if (options is null)
{
    Console.WriteLine(LoadGenOptions.Help);
    return 2;
}

var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "eo-loadgen-" + Environment.ProcessId);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {ProcessStats.LoadAverage()} (1/5/15 min), work {work}");

if (options.Mode == "idle")
{
    var ids = SignedFleet.Create(options.Devices, 0);
    using var idleGateway = await GatewayProcess.StartAsync(work, ids.Select(d => d.Id), options.GatewayEnvironment);
    var idle = await IdleRun.RunAsync(
        idleGateway, ids.Select(d => d.Id).ToArray(), id => options.Credential(ids, id), TimeSpan.FromSeconds(5), options.BrokerPort);
    var perConnection = (idle.After - idle.Before) / (double)Math.Max(1, idle.Connected);
    Console.WriteLine($"idle: {idle.Connected} devices connected to the {(options.BrokerPort ? "embedded broker" : "device endpoint")} in {idle.ConnectTime.TotalSeconds:F1} s; gateway RSS {Mb(idle.Before)} -> {Mb(idle.After)}");
    Console.WriteLine($"idle: memory per idle connected device {perConnection / 1024:F1} KB (target <= 20 KB)");
    Console.WriteLine($"load average at end {ProcessStats.LoadAverage()}");
    return 0;
}

// 1. References on the same machine, while the gateway is not yet running.
var samples = SignedFleet.RecoverSamples(1024);
var floorDuration = TimeSpan.FromSeconds(options.FloorSeconds);
var raw = CryptoFloor.RawRecoverPerSecond(samples, floorDuration);
var rawPerCpuSecond = raw * floorDuration.TotalSeconds / Math.Max(1e-9, CryptoFloor.LastCpuTime.TotalSeconds);
var naive = CryptoFloor.NaiveRecoverPerSecond(samples, floorDuration);
Console.WriteLine($"floor: raw libsecp256k1 recover loop on {Environment.ProcessorCount} cores: {raw:F0} /s ({rawPerCpuSecond:F0} per CPU-second it got)");
Console.WriteLine($"floor: naive Nethereum EthECKey.RecoverFromSignature on {Environment.ProcessorCount} cores: {naive:F0} /s (naive/raw {naive / raw:F3})");

// 2. Devices and their pre-signed, chained messages (enough for the whole run at the floor's rate or the asked rate).
var seconds = options.WarmUpSeconds + options.Seconds;
var budget = options.Rate ?? raw;
var perDevice = Math.Min(options.MaxMessagesPerDevice, (int)Math.Ceiling(budget * seconds * 1.1 / options.Devices) + 2);
var signing = Stopwatch.StartNew();
var devices = SignedFleet.Create(options.Devices, perDevice);
Console.WriteLine($"devices: {devices.Length} with {perDevice} pre-signed observations each, signed in {signing.Elapsed.TotalSeconds:F1} s");

// 3. The gateway as a child process, every device connected.
using var gateway = await GatewayProcess.StartAsync(work, devices.Select(d => d.Id), options.GatewayEnvironment);
var clients = new RawMqttDevice[devices.Length];
using (var gate = new SemaphoreSlim(100))
{
    await Task.WhenAll(devices.Select(async (device, i) =>
    {
        await gate.WaitAsync();
        try
        {
            clients[i] = await RawMqttDevice.ConnectAsync(
                "127.0.0.1", options.BrokerPort ? gateway.MqttPort : gateway.DevicePort, device.Id, device.Topic, options.SubscribeAcks, options.Credential(devices, device.Id), CancellationToken.None);
        }
        finally
        {
            gate.Release();
        }
    }));
}

var idleRss = gateway.ResidentBytes;
Console.WriteLine($"gateway: pid {gateway.Id}, {devices.Length} devices connected to its {(options.BrokerPort ? "embedded broker (MQTTnet)" : "device endpoint")}, RSS {Mb(idleRss)}; load average {ProcessStats.LoadAverage()}");

// 4. The timed phase.
var selfCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var result = await LoadRun.RunAsync(
    gateway, clients, devices, TimeSpan.FromSeconds(options.WarmUpSeconds), TimeSpan.FromSeconds(options.Seconds), options.Rate);
var loadAverage = ProcessStats.LoadAverage();
var rate = result.Accepted / result.Elapsed.TotalSeconds;
var cores = result.GatewayCpu.TotalSeconds / result.Elapsed.TotalSeconds;
Console.WriteLine(options.Rate is { } asked
    ? $"load: paced at {asked:F0} msg/s offered by {devices.Length} devices, QoS 1, acks {(options.SubscribeAcks ? "subscribed" : "not subscribed")}"
    : $"load: closed loop, {devices.Length} devices, one QoS 1 publish in flight each, acks {(options.SubscribeAcks ? "subscribed" : "not subscribed")}");
Console.WriteLine($"load: accepted {result.Accepted} in {result.Elapsed.TotalSeconds:F1} s = {rate:F0} msg/s (refused {result.Refused}, errors {result.Errors}, devices out of messages {result.DevicesOutOfMessages})");
Console.WriteLine($"load: publish-to-PUBACK latency p50 {Ms(result.P50)} p99 {Ms(result.P99)} max {Ms(result.Max)}");
Console.WriteLine($"load: gateway CPU {cores:F2} cores = {result.GatewayCpu.TotalMilliseconds * 1000 / Math.Max(1, result.Accepted):F1} µs per accepted message, {cores * 1000 / devices.Length:F3} millicores per connected device");
Console.WriteLine(result.GatewayAllocatedBytes is { } allocated
    ? $"load: gateway allocated {allocated / Math.Max(1, result.Accepted)} bytes per accepted message ({Mb(allocated)} in the timed phase; System.Runtime dotnet.gc.heap.total_allocated)"
    : "load: gateway allocations not read (its /metrics did not answer)");
Console.WriteLine($"load: gateway RSS {Mb(result.GatewayRssBytes)} = {result.GatewayRssBytes / 1024.0 / devices.Length:F1} KB per connected device (idle connected: {Mb(idleRss)})");
var selfCores = (Process.GetCurrentProcess().TotalProcessorTime - selfCpuBefore).TotalSeconds / (result.Elapsed.TotalSeconds + options.WarmUpSeconds);
Console.WriteLine($"load: the load generator itself used {selfCores:F2} cores of the same machine");
Console.WriteLine($"ratio: accepted / raw recover loop = {rate / raw:F3} (target >= 0.4); accepted / naive = {rate / naive:F2}");

// The same ratio per CPU-second: what the gateway does with the CPU it got, against what the recover loop did with its
// own (on a machine shared with other work the two rarely get the same share of the cores).
var perGatewayCpuSecond = result.Accepted / Math.Max(1e-9, result.GatewayCpu.TotalSeconds);
Console.WriteLine($"ratio per CPU-second: {perGatewayCpuSecond:F0} accepted per gateway CPU-second / {rawPerCpuSecond:F0} recovers per CPU-second of the loop = {perGatewayCpuSecond / rawPerCpuSecond:F3}");
Console.WriteLine($"load average at end of the timed phase {loadAverage} (1/5/15 min)");

foreach (var client in clients)
{
    await client.DisposeAsync();
}

gateway.Kill();
await using (var connection = new SqliteConnection($"Data Source={gateway.DatabasePath};Mode=ReadOnly;Pooling=False"))
{
    await connection.OpenAsync();
    await using var count = connection.CreateCommand();
    count.CommandText = "SELECT COUNT(*) FROM messages";
    var stored = (long)(await count.ExecuteScalarAsync() ?? 0L);
    Console.WriteLine($"store: {stored} messages in {gateway.DatabasePath} after SIGKILL of the gateway (every accepted one must be there: {(stored >= result.Accepted ? "yes" : "NO")})");
    if (stored < result.Accepted || result.Accepted == 0)
    {
        return 1;
    }
}

return 0;

static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " MB";

static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture) + " ms";
