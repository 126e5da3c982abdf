namespace EdgeOracle.Firmware.Core.Ports
{
    /// <summary>
    /// One analog input (nanoFramework <c>System.Device.Adc.AdcChannel</c> on the ESP32, a virtual ADC in the emulator).
    /// </summary>
    public interface IAdcChannel
    {
        /// <summary>Gets the largest raw value the converter returns (4095 for the ESP32's 12-bit ADC).</summary>
        int MaxValue { get; }

        /// <summary>Reads one raw conversion.</summary>
        /// <param name="raw">The raw value, 0 to <see cref="MaxValue"/>, when the read succeeded.</param>
        /// <returns><c>false</c> if the converter could not be read.</returns>
        bool TryReadRaw(out int raw);
    }
}
