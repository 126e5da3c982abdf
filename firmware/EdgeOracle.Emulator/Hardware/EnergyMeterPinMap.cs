using System;
using System.IO;

namespace EdgeOracle.Emulator.Hardware
{
    /// <summary>
    /// The energy meter's pin map, <c>hardware/energy-meter/pinmap.json</c>, embedded at build: the emulated meter
    /// reads its S0 input pin, debounce, impulse constant and maximum power from here, as the ESP32 app does.
    /// </summary>
    public sealed record EnergyMeterPinMap
    {
        private const string ResourceName = "EdgeOracle.Emulator.Hardware.energy-meter.pinmap.json";

        /// <summary>Gets the board.</summary>
        public required string Board { get; init; }

        /// <summary>Gets the S0 input's wiring and the meter's characteristics.</summary>
        public required S0InputPins S0Input { get; init; }

        /// <summary>Gets the status LED's output.</summary>
        public required LedPins StatusLed { get; init; }

        /// <summary>Returns the pin map embedded from <c>hardware/energy-meter/pinmap.json</c>.</summary>
        /// <returns>The parsed pin map.</returns>
        public static EnergyMeterPinMap LoadEmbedded() => Parse(PinMapJson.ReadEmbedded(ResourceName));

        /// <summary>Reads an energy-meter pin map from a file.</summary>
        /// <param name="path">Path of a <c>pinmap.json</c>.</param>
        /// <returns>The parsed pin map.</returns>
        public static EnergyMeterPinMap Load(string path) => Parse(File.ReadAllText(path));

        /// <summary>Parses and checks an energy-meter pin map.</summary>
        /// <param name="json">The JSON text.</param>
        /// <returns>The parsed pin map.</returns>
        /// <exception cref="FormatException">The JSON is not a valid energy-meter pin map.</exception>
        public static EnergyMeterPinMap Parse(string json)
        {
            var map = PinMapJson.Parse<EnergyMeterPinMap>(json, "energy-meter");
            S0InputPins s0 = map.S0Input;
            if (s0.DebounceMs < 0 || s0.ImpulsesPerKwh == 0 || s0.MaxPowerWatts == 0)
            {
                throw new FormatException("s0Input.debounceMs must be 0 or more, and impulsesPerKwh and maxPowerWatts above 0.");
            }

            return map;
        }
    }

    /// <summary>The S0 input of the production meter, through an optocoupler that drives the pin high during a pulse.</summary>
    /// <param name="Gpio">The GPIO (pulled down; a pulse reads high).</param>
    /// <param name="DebounceMs">Minimum time between two counted pulses, milliseconds.</param>
    /// <param name="ImpulsesPerKwh">The meter's constant.</param>
    /// <param name="MaxPowerWatts">The installation's maximum power; more pulses in a window are flagged.</param>
    public sealed record S0InputPins(int Gpio, int DebounceMs, uint ImpulsesPerKwh, uint MaxPowerWatts);
}
