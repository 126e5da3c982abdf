using System;
using System.Collections.Generic;
using EdgeOracle.Protocol;

namespace EdgeOracle.Emulator.Scenarios
{
    /// <summary>
    /// The <c>fleet</c> section of a scenario: regions of rain stations (a QuorumInsurance region each), all under the
    /// scenario's weather, some of whose stations misbehave on given days: a <c>faulty</c> one (a sensor fault), a
    /// <c>lying</c> one (signs a rainfall it chose) and an <c>offline</c> one (its board is off).
    /// </summary>
    public sealed record FleetPlan
    {
        /// <summary>Gets the regions, in order.</summary>
        public required IReadOnlyList<FleetRegion> Regions { get; init; }

        /// <summary>
        /// Gets whether the stations also carry a BME280 and a soil probe (five observations a day, 10-minute
        /// sampling). Default false: a rain gauge only (one rainfall observation a day), what a region's quorum reads.
        /// </summary>
        public bool EnvironmentSensors { get; init; }

        /// <summary>Gets how many stations the plan has.</summary>
        public int StationCount
        {
            get
            {
                int n = 0;
                foreach (FleetRegion r in Regions)
                {
                    n += r.Stations;
                }

                return n;
            }
        }

        /// <summary>Refuses a plan that cannot be played.</summary>
        /// <param name="days">The scenario's days.</param>
        /// <exception cref="FormatException">What is wrong, naming the region.</exception>
        internal void Check(int days)
        {
            if (Regions.Count == 0)
            {
                throw new FormatException("fleet.regions is empty: give at least one region.");
            }

            HashSet<string> names = new(StringComparer.Ordinal);
            foreach (FleetRegion r in Regions)
            {
                if (!names.Add(r.Name))
                {
                    throw new FormatException($"fleet region {r.Name} appears twice: region names must differ.");
                }

                if (r.Stations is < 1 or > ContractLimits.MaxRegionSensors || !(r.RainFactor >= 0) || double.IsInfinity(r.RainFactor))
                {
                    throw new FormatException($"fleet region {r.Name} needs 1–{ContractLimits.MaxRegionSensors} stations and a rainFactor ≥ 0.");
                }

                foreach (StationFault f in r.Faulty)
                {
                    CheckDays(r, f.Station, f.Day, f.Days, days, "faulty");
                }

                foreach (StationLie l in r.Lying)
                {
                    CheckDays(r, l.Station, l.Day, l.Days, days, "lying");
                    if (!(l.RainMm >= 0) || double.IsInfinity(l.RainMm))
                    {
                        throw new FormatException($"fleet region {r.Name}: lying station {l.Station} needs rainMm ≥ 0.");
                    }
                }

                foreach (StationOutage o in r.Offline)
                {
                    CheckDays(r, o.Station, o.Day, o.Days, days, "offline");
                }
            }
        }

        private static void CheckDays(FleetRegion r, int station, int day, int count, int days, string what)
        {
            if (station < 0 || station >= r.Stations || day < 0 || count < 1 || day >= days)
            {
                throw new FormatException(
                    $"fleet region {r.Name}: {what} station {station} must be one of its {r.Stations} stations (0-based), from a day of the run (0–{days - 1}) for 1 day or more.");
            }
        }
    }

    /// <summary>A region of stations under the scenario's weather.</summary>
    /// <param name="Name">The region's name (unique in the fleet).</param>
    /// <param name="Stations">How many stations, 1–32; they are numbered from 0.</param>
    public sealed record FleetRegion(string Name, int Stations)
    {
        /// <summary>Gets the factor on the scenario's daily rain that this region gets. Default 1.</summary>
        public double RainFactor { get; init; } = 1;

        /// <summary>Gets the region's faulty stations: a sensor fault on given days.</summary>
        public IReadOnlyList<StationFault> Faulty { get; init; } = [];

        /// <summary>Gets the region's lying stations: a chosen rainfall signed on given days.</summary>
        public IReadOnlyList<StationLie> Lying { get; init; } = [];

        /// <summary>Gets the region's offline stations: the board off on given days.</summary>
        public IReadOnlyList<StationOutage> Offline { get; init; } = [];
    }

    /// <summary>Station <see cref="Station"/> has fault <see cref="Kind"/> on <see cref="Sensor"/> from <see cref="Day"/> for <see cref="Days"/> days.</summary>
    /// <param name="Station">The station's number in its region.</param>
    /// <param name="Day">First day (0-based).</param>
    /// <param name="Days">How many days.</param>
    /// <param name="Sensor">Which sensor (a rain-only station has only <see cref="FaultSensor.RainGauge"/>).</param>
    /// <param name="Kind">What goes wrong.</param>
    public sealed record StationFault(int Station, int Day, int Days, FaultSensor Sensor, FaultKind Kind);

    /// <summary>
    /// Station <see cref="Station"/> signs <see cref="RainMm"/> a day from <see cref="Day"/> for <see cref="Days"/> days,
    /// whatever fell: its owner feeds the gauge input (a pulse generator, or firmware of their own) the rainfall that
    /// suits them. The observation is properly signed by the station's key; nothing but the region's median can tell.
    /// </summary>
    /// <param name="Station">The station's number in its region.</param>
    /// <param name="Day">First day (0-based).</param>
    /// <param name="Days">How many days.</param>
    /// <param name="RainMm">The rainfall it claims each day, mm.</param>
    public sealed record StationLie(int Station, int Day, int Days, double RainMm);

    /// <summary>Station <see cref="Station"/>'s board is off from <see cref="Day"/> for <see cref="Days"/> days (the whole run: it never publishes).</summary>
    /// <param name="Station">The station's number in its region.</param>
    /// <param name="Day">First day off (0-based).</param>
    /// <param name="Days">How many days.</param>
    public sealed record StationOutage(int Station, int Day, int Days);
}
