using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Fleet;
using EdgeOracle.Emulator.Mqtt;
using EdgeOracle.Emulator.Scenarios;

namespace EdgeOracle.EmulatorBenchmark
{
    /// <summary>A fleet scenario (regions of stations) through the emulator's <see cref="FleetRunner"/>, timed.</summary>
    internal static class FleetBenchmark
    {
        public static async Task<int> RunAsync(Scenario scenario, int? nodes, string registry, ulong chainId, int port, AckingGateway gateway)
        {
            IReadOnlyList<FleetStation> plan = FleetRunner.Plan(scenario, nodes);
            FleetRunOptions options = new() { DeviceRegistry = registry, ChainId = chainId, Mqtt = new MqttTransportOptions { Port = port } };
            Console.WriteLine($"fleet scenario {scenario.Name}: {scenario.Weather.Count} days, {plan.Count} stations in {plan.Select(s => s.Region).Distinct().Count()} regions "
                + $"({string.Join(", ", Enum.GetValues<StationBehaviour>().Select(b => $"{plan.Count(s => s.Behaviour == b)} {b.ToString().ToLowerInvariant()}"))}), "
                + (scenario.Fleet!.EnvironmentSensors ? "rain gauge, BME280, soil probe" : "rain gauge only") + $"; {options.Parallelism} stations play at once");
            Console.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");

            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            Stopwatch run = Stopwatch.StartNew();
            IReadOnlyList<FleetStationRun> runs = await FleetRunner.RunAsync(plan, options);
            run.Stop();
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

            int observations = runs.Sum(r => r.Days.Sum(d => 1 + d.Environment.Count));
            int accepted = runs.Sum(r => r.Days.Count(d => d.Accepted) + r.Days.Sum(d => d.Environment.Count(o => o.Accepted)));
            double stationDays = (double)plan.Count * scenario.Weather.Count;
            Console.WriteLine($"run (connect, play, disconnect every station): {run.Elapsed.TotalSeconds:0.00} s wall, {cpu.TotalSeconds:0.00} s CPU, {allocated / 1048576.0:0} MiB allocated");
            Console.WriteLine($"  {stationDays:0} station-days ({stationDays / run.Elapsed.TotalSeconds:0.0} per wall second)");
            Console.WriteLine($"  {observations} observations in the results, {accepted} Accepted; {gateway.Received} publishes seen by the gateway (with windows closed after an outage)");
            Console.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()} (/proc/loadavg)");
            return accepted == observations ? 0 : 1;
        }
    }
}
