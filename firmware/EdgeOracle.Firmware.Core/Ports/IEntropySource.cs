namespace EdgeOracle.Firmware.Core.Ports
{
    /// <summary>
    /// Fresh random bytes for hedged signing nonces. On the ESP32 an adapter over the hardware RNG (which is
    /// only truly random while the radio or the SAR ADC runs), in the emulator the operating system's RNG.
    /// Signing stays safe when the source fails (RFC 6979 with added data still derives distinct nonces from
    /// the key and a counter), so a weak source costs unpredictability, not the key.
    /// </summary>
    public interface IEntropySource
    {
        /// <summary>Fills <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        /// <param name="buffer">Receives the bytes.</param>
        /// <param name="offset">Where they go.</param>
        /// <param name="count">How many.</param>
        void GetBytes(byte[] buffer, int offset, int count);
    }
}
