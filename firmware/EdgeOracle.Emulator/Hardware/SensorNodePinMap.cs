using System;
using System.IO;

namespace EdgeOracle.Emulator.Hardware
{
    /// <summary>
    /// The sensor node's pin map, <c>hardware/sensor-node/pinmap.json</c>: the one place where its pin numbers,
    /// the rain gauge's debounce and its calibration are written. The file is embedded in this assembly at build.
    /// </summary>
    public sealed record SensorNodePinMap
    {
        private const string ResourceName = "EdgeOracle.Emulator.Hardware.sensor-node.pinmap.json";

        /// <summary>Gets the board, e.g. "ESP32-DevKitC V4 (ESP32-WROOM-32E)".</summary>
        public required string Board { get; init; }

        /// <summary>Gets the rain gauge's wiring and characteristics.</summary>
        public required RainGaugePins RainGauge { get; init; }

        /// <summary>Gets the BME280's I2C wiring.</summary>
        public required I2cDevicePins Bme280 { get; init; }

        /// <summary>Gets the soil-moisture probe's ADC input.</summary>
        public required AdcPins SoilMoisture { get; init; }

        /// <summary>Gets the status LED's output.</summary>
        public required LedPins StatusLed { get; init; }

        /// <summary>Returns the pin map embedded from <c>hardware/sensor-node/pinmap.json</c>.</summary>
        /// <returns>The parsed pin map.</returns>
        public static SensorNodePinMap LoadEmbedded()
        {
            return Parse(PinMapJson.ReadEmbedded(ResourceName));
        }

        /// <summary>Reads a sensor-node pin map from a file.</summary>
        /// <param name="path">Path of a <c>pinmap.json</c>.</param>
        /// <returns>The parsed pin map.</returns>
        public static SensorNodePinMap Load(string path) => Parse(File.ReadAllText(path));

        /// <summary>Parses and checks a sensor-node pin map.</summary>
        /// <param name="json">The JSON text.</param>
        /// <returns>The parsed pin map.</returns>
        /// <exception cref="FormatException">The JSON is not a valid sensor-node pin map.</exception>
        public static SensorNodePinMap Parse(string json)
        {
            var map = PinMapJson.Parse<SensorNodePinMap>(json, "sensor-node");

            if (map.RainGauge.DebounceMs < 0 || map.RainGauge.MicrometresPerTip == 0)
            {
                throw new FormatException("rainGauge.debounceMs must be 0 or more and rainGauge.micrometresPerTip above 0.");
            }

            return map;
        }
    }

    /// <summary>The tipping-bucket rain gauge's reed-switch input.</summary>
    /// <param name="Gpio">The GPIO the reed switch pulls to ground.</param>
    /// <param name="DebounceMs">Minimum time between two counted tips, milliseconds.</param>
    /// <param name="MicrometresPerTip">Calibration: rain per bucket tip, µm.</param>
    public sealed record RainGaugePins(int Gpio, int DebounceMs, uint MicrometresPerTip);

    /// <summary>A device on an I2C bus.</summary>
    /// <param name="SdaGpio">The data pin.</param>
    /// <param name="SclGpio">The clock pin.</param>
    /// <param name="Address">The 7-bit address as hex, e.g. "0x76".</param>
    public sealed record I2cDevicePins(int SdaGpio, int SclGpio, string Address);

    /// <summary>The soil-moisture probe's analog input, its switched supply and its nominal two-point calibration.</summary>
    /// <param name="AdcGpio">The GPIO of the ADC channel.</param>
    /// <param name="AdcChannel">The ADC channel, e.g. "ADC1_CH6".</param>
    /// <param name="AdcChannelNumber">The channel number nanoFramework's <c>AdcController.OpenChannel</c> takes.</param>
    /// <param name="SupplyGpio">The GPIO that powers the probe while sampling.</param>
    /// <param name="DryRaw">Nominal raw reading in air-dry soil.</param>
    /// <param name="DryHundredths">Water content at that point, 0.01 %.</param>
    /// <param name="WetRaw">Nominal raw reading in saturated soil.</param>
    /// <param name="WetHundredths">Water content at that point, 0.01 %.</param>
    public sealed record AdcPins(int AdcGpio, string AdcChannel, int AdcChannelNumber, int SupplyGpio, int DryRaw, int DryHundredths, int WetRaw, int WetHundredths);

    /// <summary>An LED output.</summary>
    /// <param name="Gpio">The GPIO.</param>
    /// <param name="ActiveHigh">Whether a high level lights it.</param>
    public sealed record LedPins(int Gpio, bool ActiveHigh);
}
