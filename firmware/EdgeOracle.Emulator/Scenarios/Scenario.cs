using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeOracle.Emulator.Scenarios
{
    /// <summary>
    /// A scenario file (JSON) that drives the emulator: a daily weather series for sensor nodes, sensor faults on given
    /// days, and a list of sales for terminals. The files under <c>firmware/EdgeOracle.Emulator/Scenarios/</c> are
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

        /// <summary>Gets sensor faults.</summary>
        public IReadOnlyList<SensorFault> Faults { get; init; } = [];

        /// <summary>Gets sales for a terminal, in order.</summary>
        public IReadOnlyList<ScenarioSale> Sales { get; init; } = [];

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

            foreach (SensorFault f in scenario.Faults)
            {
                if (f.Day < 0 || f.Days < 1)
                {
                    throw new FormatException("A fault needs day ≥ 0 and days ≥ 1.");
                }
            }

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
    }

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

    /// <summary>Which sensor a fault hits.</summary>
    public enum FaultSensor
    {
        /// <summary>The BME280.</summary>
        Bme280,

        /// <summary>The soil-moisture probe.</summary>
        Soil,
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
