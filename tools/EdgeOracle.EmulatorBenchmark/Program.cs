using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime;
using System.Text;
using System.Threading.Tasks;
using EdgeOracle.EmulatorBenchmark;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Emulator.Mqtt;
using EdgeOracle.Emulator.Scenarios;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Protocol;
using MQTTnet.Server;

// Usage: dotnet run --project tools/EdgeOracle.EmulatorBenchmark -c Release -- [--nodes 100] [--scenario drought-then-storm-30d | path.json]
// A scenario with a fleet section (e.g. regions-30d) runs through the emulator's FleetRunner, its regions repeated to --nodes stations.
int? nodesOption = null;
string scenarioName = "drought-then-storm-30d";
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--nodes": nodesOption = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--scenario": scenarioName = args[i + 1]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

Scenario scenario = scenarioName.EndsWith(".json", StringComparison.Ordinal) ? Scenario.Load(scenarioName) : Scenario.LoadEmbedded(scenarioName);
const string registry = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
const ulong chainId = 31337;

int port = FreePort();
using MqttServer broker = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
    .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).Build());
await broker.StartAsync();
await using AckingGateway gateway = new(Eip712Domain.ForDeployment(chainId, Hex.Decode(registry)));
await gateway.StartAsync(port);

Console.WriteLine($"load before: {File.ReadAllText("/proc/loadavg").Trim()} (/proc/loadavg)");
if (scenario.Fleet is not null)
{
    int fleetResult = await FleetBenchmark.RunAsync(scenario, nodesOption, registry, chainId, port, gateway);
    await broker.StopAsync();
    return fleetResult;
}

int nodes = nodesOption ?? 100;
Console.WriteLine($"scenario {scenario.Name}: {scenario.Weather.Count} days, {scenario.Faults.Count} faults; {nodes} sensor nodes (rain gauge, BME280, soil probe), 10-minute sampling");
Console.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");

Stopwatch setup = Stopwatch.StartNew();
EmulatedSensorStation[] stations = await Task.WhenAll(Enumerable.Range(0, nodes).Select(n => EmulatedSensorStation.StartAsync(new EmulatedStationOptions
{
    PrivateKey = Keccak256.Hash(Encoding.ASCII.GetBytes("edgeoracle-bench-node-" + n.ToString(CultureInfo.InvariantCulture))),
    DeviceRegistry = registry,
    ChainId = chainId,
    Mqtt = new MqttTransportOptions { Port = port },
    Start = scenario.Start,
    EnvironmentSensors = true,
    AckTimeout = TimeSpan.FromMinutes(2),
})));
setup.Stop();

long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
Stopwatch run = Stopwatch.StartNew();
IReadOnlyList<DayResult>[] results = await Task.WhenAll(stations.Select(s => s.RunWeatherAsync(scenario)));
run.Stop();
TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

int observations = results.Sum(r => r.Sum(d => 1 + d.Environment.Count));
int accepted = results.Sum(r => r.Count(d => d.Accepted) + r.Sum(d => d.Environment.Count(o => o.Accepted)));
int flagged = results.Sum(r => r.Sum(d => d.Environment.Count(o => o.Flags != 0)));
long samples = results.Sum(r => r.Sum(d => d.Environment.Sum(o => (long)o.SampleCount)));
double nodeDays = (double)nodes * scenario.Weather.Count;

Console.WriteLine($"setup (connect {nodes} nodes): {setup.Elapsed.TotalSeconds:0.00} s");
Console.WriteLine($"run: {run.Elapsed.TotalSeconds:0.00} s wall, {cpu.TotalSeconds:0.00} s CPU, {allocated / 1048576.0:0} MiB allocated");
Console.WriteLine($"  {nodeDays:0} node-days = {nodeDays * 86400 / run.Elapsed.TotalSeconds:0} simulated seconds per wall second ({nodeDays / run.Elapsed.TotalSeconds:0.0} node-days/s)");
Console.WriteLine($"  {observations} observations signed, published and acknowledged ({accepted} Accepted, {gateway.Received} publishes seen by the gateway); {flagged} carry health flags");
Console.WriteLine($"  {samples} environment samples read through the virtual I2C bus and ADC");
Console.WriteLine($"  {run.Elapsed.TotalMilliseconds / observations:0.00} ms wall per observation");

foreach (EmulatedSensorStation s in stations)
{
    await s.DisposeAsync();
}

await broker.StopAsync();
return accepted == observations ? 0 : 1;

static int FreePort()
{
    TcpListener listener = new(IPAddress.Loopback, 0);
    listener.Start();
    int port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}
