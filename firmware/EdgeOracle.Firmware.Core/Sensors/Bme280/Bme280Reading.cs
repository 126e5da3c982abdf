namespace EdgeOracle.Firmware.Core.Sensors.Bme280
{
    /// <summary>
    /// One compensated BME280 measurement in the protocol's units (PROTOCOL.md §3 metrics 2–4), plus the raw values
    /// the health check compares. Reused by the driver, so reading allocates nothing.
    /// </summary>
    public sealed class Bme280Reading
    {
        /// <summary>Gets the temperature in 0.01 °C (metric 2).</summary>
        public int CentiCelsius { get; internal set; }

        /// <summary>Gets the pressure in Pa (metric 4), rounded from the Q24.8 result.</summary>
        public int Pascals { get; internal set; }

        /// <summary>Gets the relative humidity in 0.001 %RH (metric 3), rounded from the Q22.10 result.</summary>
        public int MilliPercentRh { get; internal set; }

        /// <summary>Gets the 20-bit raw temperature.</summary>
        public int RawTemperature { get; internal set; }

        /// <summary>Gets the 20-bit raw pressure.</summary>
        public int RawPressure { get; internal set; }

        /// <summary>Gets the 16-bit raw humidity.</summary>
        public int RawHumidity { get; internal set; }
    }
}
