using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeOracle.Emulator.Scenarios
{
    /// <summary>
    /// A scenario file (JSON) that drives the emulator: a daily weather series for sensor nodes, a daily production
    /// profile for energy meters, sensor faults and outages on given days, a list of sales for terminals, and a fleet
    /// of regions of stations (<see cref="FleetPlan"/>) for <see cref="Fleet.FleetRunner"/>. The files under <c>firmware/EdgeOracle.Emulator/Scenarios/</c> are
    /// embedded; <see cref="Load"/> reads any other.
    /// </summary>
    public sealed record Scenario
    {
        private static readonly JsonSerializerOptions JsonOptions = new()
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        };

        /// <summary>Gets the scenario's name.</summary>
        public required string Name { get; init; }

        /// <summary>Gets what it shows, for people.</summary>
        public string Description { get; init; } = string.Empty;

        /// <summary>Gets the first day's UTC midnight.</summary>
        public required DateTimeOffset Start { get; init; }

        /// <summary>Gets one entry per day.</summary>
        public IReadOnlyList<WeatherDay> Weather { get; init; } = [];

        /// <summary>Gets one entry per day for an energy meter.</summary>
        public IReadOnlyList<ProductionDay> Production { get; init; } = [];

        /// <summary>Gets sensor faults.</summary>
        public IReadOnlyList<SensorFault> Faults { get; init; } = [];

        /// <summary>Gets sales for a terminal, in order.</summary>
        public IReadOnlyList<ScenarioSale> Sales { get; init; } = [];

        /// <summary>Gets the days a sensor node's board is off (no polls, no publishes, its rain not counted).</summary>
        public IReadOnlyList<Outage> Outages { get; init; } = [];

        /// <summary>Gets the regions of stations a fleet run plays, or null for a single-device scenario.</summary>
        public FleetPlan? Fleet { get; init; }

        /// <summary>Returns the embedded scenario <paramref name="name"/> (file name without <c>.json</c>).</summary>
        /// <param name="name">E.g. "drought-then-storm-30d".</param>
        /// <returns>The scenario.</returns>
        public static Scenario LoadEmbedded(string name)
        {
            string resource = "EdgeOracle.Emulator.Scenarios." + name + ".json";
            using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
                ?? throw new ArgumentException($"No embedded scenario {name}.", nameof(name));
            using StreamReader reader = new(stream);
            return Parse(reader.ReadToEnd());
        }

        /// <summary>Reads a scenario file.</summary>
        /// <param name="path">The JSON file.</param>
        /// <returns>The scenario.</returns>
        public static Scenario Load(string path) => Parse(File.ReadAllText(path));

        /// <summary>Parses and checks a scenario.</summary>
        /// <param name="json">The JSON text.</param>
        /// <returns>The scenario.</returns>
        /// <exception cref="FormatException">The JSON is not a valid scenario.</exception>
        public static Scenario Parse(string json)
        {
            Scenario scenario;
            try
            {
                scenario = JsonSerializer.Deserialize<Scenario>(json, JsonOptions) ?? throw new FormatException("The scenario is empty.");
            }
            catch (JsonException e)
            {
                throw new FormatException("The scenario is not valid: " + e.Message, e);
            }

            if (scenario.Start.TimeOfDay != TimeSpan.Zero || scenario.Start.Offset != TimeSpan.Zero)
            {
                throw new FormatException("start must be a UTC midnight, e.g. 2026-06-01T00:00:00Z.");
            }

            for (int i = 0; i < scenario.Weather.Count; i++)
            {
                WeatherDay d = scenario.Weather[i];
                if (d.RainMm < 0 || d.TempMinC > d.TempMaxC || d.HumidityPct is < 0 or > 100 || d.PressureHpa is < 300 or > 1100 || d.SoilPct is < 0 or > 100)
                {
                    throw new FormatException($"weather[{i}] is out of range (rain ≥ 0, tempMin ≤ tempMax, humidity and soil 0–100 %, pressure 300–1100 hPa).");
                }
            }

            for (int i = 0; i < scenario.Production.Count; i++)
            {
                ProductionDay d = scenario.Production[i];
                if (!(d.PeakKw >= 0) || double.IsInfinity(d.PeakKw) || d.OutageFromHour is < 0 or > 23 || d.OutageHours < 1 || d.OutageFromHour + d.OutageHours > 24)
                {
                    throw new FormatException($"production[{i}] is out of range (peakKw ≥ 0; the outage within the day: outageFromHour 0–23, outageHours ≥ 1).");
                }
            }

            foreach (SensorFault f in scenario.Faults)
            {
                if (f.Day < 0 || f.Days < 1)
                {
                    throw new FormatException("A fault needs day ≥ 0 and days ≥ 1.");
                }
            }

            foreach (Outage o in scenario.Outages)
            {
                if (o.Day < 0 || o.Days < 1)
                {
                    throw new FormatException("An outage needs day ≥ 0 and days ≥ 1.");
                }
            }

            scenario.Fleet?.Check(scenario.Weather.Count);
            return scenario;
        }

        /// <summary>Returns whether a fault of <paramref name="kind"/> on <paramref name="sensor"/> is active on <paramref name="day"/>.</summary>
        /// <param name="sensor">The sensor.</param>
        /// <param name="kind">The fault.</param>
        /// <param name="day">0-based day of the run.</param>
        /// <returns>Whether the fault applies.</returns>
        public bool IsActive(FaultSensor sensor, FaultKind kind, int day)
        {
            foreach (SensorFault f in Faults)
            {
                if (f.Sensor == sensor && f.Kind == kind && day >= f.Day && day < f.Day + f.Days)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Returns whether the board is off on <paramref name="day"/> (one of <see cref="Outages"/>).</summary>
        /// <param name="day">0-based day of the run.</param>
        /// <returns>Whether the node neither polls nor publishes that day.</returns>
        public bool IsOffline(int day)
        {
            foreach (Outage o in Outages)
            {
                if (day >= o.Day && day < o.Day + o.Days)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The board is off from <see cref="Day"/> (at its UTC midnight) for <see cref="Days"/> whole days.</summary>
    /// <param name="Day">First day off (0-based).</param>
    /// <param name="Days">How many days.</param>
    public sealed record Outage(int Day, int Days);

    /// <summary>One day of weather at a node.</summary>
    /// <param name="RainMm">Rain over the day, mm.</param>
    /// <param name="TempMinC">Night minimum (reached at 05:00 UTC), °C.</param>
    /// <param name="TempMaxC">Afternoon maximum (reached at 15:00 UTC), °C.</param>
    /// <param name="HumidityPct">Mean relative humidity, %; it swings against temperature.</param>
    /// <param name="PressureHpa">Mean air pressure, hPa.</param>
    /// <param name="SoilPct">Volumetric soil water content, %.</param>
    public sealed record WeatherDay(double RainMm, double TempMinC, double TempMaxC, double HumidityPct, double PressureHpa, double SoilPct)
    {
        /// <summary>A mild dry day with <paramref name="rainMm"/> of rain (what <c>RunDayAsync(rain)</c> plays).</summary>
        /// <param name="rainMm">Rain, mm.</param>
        /// <returns>The day.</returns>
        public static WeatherDay Mild(double rainMm) => new(rainMm, 12, 24, 60, 1013.25, 25);
    }

    /// <summary>The sky over an energy meter's installation on a day.</summary>
    public enum Sky
    {
        /// <summary>Clear: production follows the sun from 06:00 to 18:00 UTC, peaking at noon.</summary>
        Sunny,

        /// <summary>Overcast with passing clouds: a third of the clear-sky production on average, varying by hour.</summary>
        Cloudy,

        /// <summary>A grid outage: the inverter and the meter board are off for the outage's hours, the rest is sunny.</summary>
        Outage,
    }

    /// <summary>One day of production at a meter.</summary>
    /// <param name="Sky">Sunny, cloudy or outage.</param>
    /// <param name="PeakKw">Clear-sky power at noon, kW (the installation's size in sun).</param>
    public sealed record ProductionDay(Sky Sky, double PeakKw)
    {
        /// <summary>Gets the first hour (UTC) of an <see cref="Sky.Outage"/>. Default 9.</summary>
        public int OutageFromHour { get; init; } = 9;

        /// <summary>Gets how many hours an <see cref="Sky.Outage"/> lasts. Default 6.</summary>
        public int OutageHours { get; init; } = 6;

        /// <summary>Returns whether the grid (and so the meter board) is down during hour <paramref name="hour"/>.</summary>
        /// <param name="hour">0–23, UTC.</param>
        /// <returns>Whether the hour is inside the outage.</returns>
        public bool IsOutage(int hour) => Sky == Sky.Outage && hour >= OutageFromHour && hour < OutageFromHour + OutageHours;

        /// <summary>Returns the energy produced in hour <paramref name="hour"/> (UTC), watt-hours: the clear-sky sine integrated over the hour, times the sky's factor.</summary>
        /// <param name="hour">0–23, UTC.</param>
        /// <returns>Watt-hours, 0 or more.</returns>
        public double WattHoursInHour(int hour)
        {
            if (IsOutage(hour))
            {
                return 0;
            }

            // P(t) = peak · sin(π (t − 6) / 12) for t in [6, 18] h; its integral over [a, b] is peak · 12/π · (cos θa − cos θb).
            double a = Math.Clamp(hour, 6, 18), b = Math.Clamp(hour + 1, 6, 18);
            double kWh = PeakKw * 12 / Math.PI * (Math.Cos(Math.PI * (a - 6) / 12) - Math.Cos(Math.PI * (b - 6) / 12));
            return kWh * 1000 * (Sky == Sky.Cloudy ? CloudFactor(hour) : 1);
        }

        // Passing clouds, the same every cloudy day: 15 % to 55 % of clear sky, a third on average over the day.
        private static double CloudFactor(int hour) => 0.35 + (0.2 * Math.Sin(hour * 1.3));
    }

    /// <summary>Which sensor a fault hits.</summary>
    public enum FaultSensor
    {
        /// <summary>The BME280.</summary>
        Bme280,

        /// <summary>The soil-moisture probe.</summary>
        Soil,

        /// <summary>An energy meter's S0 line.</summary>
        Meter,

        /// <summary>A sensor node's tipping-bucket rain gauge.</summary>
        RainGauge,
    }

    /// <summary>What goes wrong.</summary>
    public enum FaultKind
    {
        /// <summary>The sensor repeats its last raw value (BME280: data registers freeze).</summary>
        Stuck,

        /// <summary>The sensor does not answer (BME280: NACK on the bus; soil: the ADC read fails).</summary>
        Absent,

        /// <summary>The probe's wire is open: the ADC input floats to the rail (soil only).</summary>
        Open,

        /// <summary>
        /// Someone feeds the S0 line from a pulse generator (meter only): from 12:00 to 13:00 UTC the line carries pulses
        /// at twice the installation's maximum power, on top of the real production.
        /// </summary>
        Tamper,

        /// <summary>
        /// Debris blocks the rain gauge's funnel (rain gauge only): the bucket never tips however much rain falls, so the
        /// node signs 0 mm with no flag (the firmware cannot tell it from a dry day; only a quorum outvotes it).
        /// </summary>
        Clogged,
    }

    /// <summary>A fault from <see cref="Day"/> for <see cref="Days"/> days.</summary>
    /// <param name="Day">First day (0-based).</param>
    /// <param name="Days">How many days.</param>
    /// <param name="Sensor">Which sensor.</param>
    /// <param name="Kind">What goes wrong.</param>
    public sealed record SensorFault(int Day, int Days, FaultSensor Sensor, FaultKind Kind);

    /// <summary>What the customer does at a sale.</summary>
    public enum CustomerAction
    {
        /// <summary>Taps and pays.</summary>
        Tap,

        /// <summary>The cashier cancels before the tap (the intent becomes a void).</summary>
        Cancel,
    }

    /// <summary>One sale.</summary>
    /// <param name="Amount">Price in token minor units, as a decimal string.</param>
    /// <param name="Receipt">Receipt number (the order reference is its keccak256).</param>
    /// <param name="Customer">What the customer does.</param>
    public sealed record ScenarioSale(string Amount, string Receipt, CustomerAction Customer);
}
