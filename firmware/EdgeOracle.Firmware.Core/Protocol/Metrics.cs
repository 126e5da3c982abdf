namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>
    /// Metric codes of an observation (PROTOCOL.md §3). The unit is part of the metric: a new unit is a new code,
    /// so a signed value never needs a unit field or floating point to be read.
    /// </summary>
    public static class Metrics
    {
        /// <summary>Rainfall, sum over the window, micrometres (a 0.2 mm bucket tip is 200).</summary>
        public const uint Rainfall = 1;

        /// <summary>Air temperature, mean, 0.01 °C.</summary>
        public const uint AirTemperature = 2;

        /// <summary>Relative humidity, mean, 0.001 %RH.</summary>
        public const uint RelativeHumidity = 3;

        /// <summary>Air pressure, mean, Pa.</summary>
        public const uint AirPressure = 4;

        /// <summary>Soil moisture, mean, 0.01 % volumetric water content.</summary>
        public const uint SoilMoisture = 5;

        /// <summary>Energy produced, sum, Wh.</summary>
        public const uint EnergyProduced = 6;

        /// <summary>True for a code in the table.</summary>
        /// <param name="metric">A metric code.</param>
        /// <returns>Whether the code is defined.</returns>
        public static bool IsKnown(uint metric)
        {
            return metric >= Rainfall && metric <= EnergyProduced;
        }
    }
}
