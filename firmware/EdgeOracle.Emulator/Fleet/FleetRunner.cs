using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Emulator.Scenarios;
using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Emulator.Fleet
{
    /// <summary>
    /// Plays a scenario's <see cref="FleetPlan"/>: one <see cref="EmulatedSensorStation"/> per station, each under its
    /// region's weather with its own faults, lies and outages, all publishing to one broker. Stations are independent
    /// (each has its own virtual clock), so at most <see cref="FleetRunOptions.Parallelism"/> play at once.
    /// </summary>
    public static class FleetRunner
    {
        /// <summary>
        /// Lists the stations of <paramref name="scenario"/>'s fleet, each with the scenario it plays. With
        /// <paramref name="stations"/> the regions are repeated in order (copies named <c>name#2</c>, …) until that many.
        /// </summary>
        /// <param name="scenario">A scenario with a <see cref="Scenario.Fleet"/>.</param>
        /// <param name="stations">How many stations; default: the plan's own count.</param>
        /// <returns>The stations, region by region.</returns>
        public static IReadOnlyList<FleetStation> Plan(Scenario scenario, int? stations = null)
        {
            ArgumentNullException.ThrowIfNull(scenario);
            FleetPlan plan = scenario.Fleet ?? throw new ArgumentException($"Scenario {scenario.Name} has no fleet section.", nameof(scenario));
            int wanted = stations ?? plan.StationCount;
            ArgumentOutOfRangeException.ThrowIfLessThan(wanted, 1, nameof(stations));
            List<FleetStation> list = new(wanted);
            for (int copy = 1; list.Count < wanted; copy++)
            {
                foreach (FleetRegion region in plan.Regions)
                {
                    string name = copy == 1 ? region.Name : region.Name + "#" + copy.ToString(CultureInfo.InvariantCulture);
                    for (int i = 0; i < region.Stations && list.Count < wanted; i++)
                    {
                        list.Add(StationOf(scenario, region, name, i));
                    }
                }
            }

            return list;
        }

        /// <summary>Starts every station of <paramref name="stations"/>, plays them, and disposes them.</summary>
        /// <param name="stations">From <see cref="Plan"/>.</param>
        /// <param name="options">Deployment, broker and parallelism.</param>
        /// <param name="cancellationToken">Stops between steps.</param>
        /// <returns>One run per station, in the order given.</returns>
        public static async Task<IReadOnlyList<FleetStationRun>> RunAsync(IReadOnlyList<FleetStation> stations, FleetRunOptions options, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(stations);
            ArgumentNullException.ThrowIfNull(options);
            FleetStationRun[] runs = new FleetStationRun[stations.Count];
            using SemaphoreSlim slots = new(options.Parallelism);
            await Task.WhenAll(stations.Select(async (station, n) =>
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await using EmulatedSensorStation device = await EmulatedSensorStation.StartAsync(
                        new EmulatedStationOptions
                        {
                            PrivateKey = station.PrivateKey,
                            DeviceRegistry = options.DeviceRegistry,
                            ChainId = options.ChainId,
                            Mqtt = options.Mqtt,
                            Start = station.Scenario.Start,
                            EnvironmentSensors = station.EnvironmentSensors,
                            AckTimeout = options.AckTimeout,
                        },
                        cancellationToken).ConfigureAwait(false);
                    IReadOnlyList<DayResult> days = await device.RunWeatherAsync(station.Scenario, cancellationToken).ConfigureAwait(false);
                    runs[n] = new FleetStationRun(station, device.Address, days, device.Transport.AcksReceived);
                }
                finally
                {
                    slots.Release();
                }
            })).ConfigureAwait(false);
            return runs;
        }

        private static FleetStation StationOf(Scenario scenario, FleetRegion region, string regionName, int index)
        {
            double[] rain = new double[scenario.Weather.Count];
            for (int d = 0; d < rain.Length; d++)
            {
                rain[d] = scenario.Weather[d].RainMm * region.RainFactor;
            }

            StationBehaviour behaviour = StationBehaviour.Honest;
            foreach (StationLie lie in region.Lying.Where(l => l.Station == index))
            {
                behaviour = StationBehaviour.Lying;
                for (int d = lie.Day; d < Math.Min(rain.Length, lie.Day + lie.Days); d++)
                {
                    rain[d] = lie.RainMm;
                }
            }

            List<SensorFault> faults = [.. scenario.Faults];
            foreach (StationFault f in region.Faulty.Where(f => f.Station == index))
            {
                behaviour = StationBehaviour.Faulty;
                faults.Add(new SensorFault(f.Day, f.Days, f.Sensor, f.Kind));
            }

            List<Outage> outages = [.. scenario.Outages];
            foreach (StationOutage o in region.Offline.Where(o => o.Station == index))
            {
                behaviour = StationBehaviour.Offline;
                outages.Add(new Outage(o.Day, o.Days));
            }

            Scenario own = scenario with
            {
                Name = scenario.Name + "/" + regionName + "/" + index.ToString(CultureInfo.InvariantCulture),
                Weather = scenario.Weather.Select((w, d) => w with { RainMm = rain[d] }).ToList(),
                Faults = faults,
                Outages = outages,
                Fleet = null,
            };
            byte[] key = Keccak256.Hash(Encoding.UTF8.GetBytes("edgeoracle-fleet/" + scenario.Name + "/" + regionName + "/" + index.ToString(CultureInfo.InvariantCulture)));
            return new FleetStation(regionName, index, behaviour, own, key, scenario.Fleet!.EnvironmentSensors);
        }
    }

    /// <summary>What a station of a fleet does.</summary>
    public enum StationBehaviour
    {
        /// <summary>Measures its region's weather.</summary>
        Honest,

        /// <summary>Has a sensor fault on some days.</summary>
        Faulty,

        /// <summary>Signs a rainfall of its choosing on some days.</summary>
        Lying,

        /// <summary>Its board is off on some days.</summary>
        Offline,
    }

    /// <summary>One station of a fleet and what it plays.</summary>
    /// <param name="Region">Its region's name.</param>
    /// <param name="Index">Its number in the region (its QuorumInsurance index if the region is created in this order).</param>
    /// <param name="Behaviour">How it misbehaves, if it does.</param>
    /// <param name="Scenario">Its own scenario: the region's rain, its lies, faults and outages.</param>
    /// <param name="PrivateKey">Its key, derived from the scenario, region and index (the same every run).</param>
    /// <param name="EnvironmentSensors">Whether it also has a BME280 and a soil probe.</param>
    public sealed record FleetStation(string Region, int Index, StationBehaviour Behaviour, Scenario Scenario, byte[] PrivateKey, bool EnvironmentSensors);

    /// <summary>What one station of a fleet signed and how the gateway answered.</summary>
    /// <param name="Station">The station.</param>
    /// <param name="Address">Its device address.</param>
    /// <param name="Days">One result per day its board was on.</param>
    /// <param name="AcksReceived">Acks that reached it (also those of a window closed after an outage).</param>
    public sealed record FleetStationRun(FleetStation Station, string Address, IReadOnlyList<DayResult> Days, int AcksReceived);

    /// <summary>Settings of a fleet run; every property documents its default.</summary>
    public sealed record FleetRunOptions
    {
        /// <summary>Gets the DeviceRegistry address (the EIP-712 domain's verifying contract).</summary>
        public required string DeviceRegistry { get; init; }

        /// <summary>Gets the chain id. Default 31337.</summary>
        public ulong ChainId { get; init; } = 31337;

        /// <summary>Gets the broker. Default 127.0.0.1:1884.</summary>
        public Mqtt.MqttTransportOptions Mqtt { get; init; } = new();

        /// <summary>Gets how long a station waits for an answer. Default 2 min (a loaded broker is slow, not lost).</summary>
        public TimeSpan AckTimeout { get; init; } = TimeSpan.FromMinutes(2);

        /// <summary>Gets how many stations play at once. Default 4 per logical CPU.</summary>
        public int Parallelism { get; init; } = 4 * Environment.ProcessorCount;
    }
}
