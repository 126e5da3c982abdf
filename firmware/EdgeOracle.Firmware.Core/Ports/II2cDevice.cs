namespace EdgeOracle.Firmware.Core.Ports
{
    /// <summary>
    /// One device on an I2C bus, addressed by the adapter (nanoFramework <c>System.Device.I2c.I2cDevice</c> on the
    /// ESP32, a virtual register map in the emulator). Buffers belong to the caller, so a driver that reuses them
    /// allocates nothing per reading.
    /// </summary>
    public interface II2cDevice
    {
        /// <summary>Writes <paramref name="length"/> bytes of <paramref name="buffer"/> in one transaction.</summary>
        /// <param name="buffer">The bytes; for a register device the first is the register address.</param>
        /// <param name="length">How many bytes of <paramref name="buffer"/> to write.</param>
        /// <returns><c>false</c> if the device did not acknowledge (absent, bus fault).</returns>
        bool TryWrite(byte[] buffer, int length);

        /// <summary>
        /// Writes <paramref name="writeLength"/> bytes, then (repeated start) reads <paramref name="readLength"/> bytes
        /// into <paramref name="readBuffer"/>.
        /// </summary>
        /// <param name="writeBuffer">The bytes to write, typically one register address.</param>
        /// <param name="writeLength">How many of them.</param>
        /// <param name="readBuffer">Receives the bytes read, from index 0.</param>
        /// <param name="readLength">How many bytes to read.</param>
        /// <returns><c>false</c> if the device did not acknowledge (absent, bus fault).</returns>
        bool TryWriteRead(byte[] writeBuffer, int writeLength, byte[] readBuffer, int readLength);
    }
}
