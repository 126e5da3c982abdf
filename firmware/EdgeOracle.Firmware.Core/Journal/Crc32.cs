namespace EdgeOracle.Firmware.Core.Journal
{
    /// <summary>
    /// CRC-32 as in IEEE 802.3, zlib and PNG (reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF;
    /// check value 0xCBF43926 for "123456789"). Bitwise, with no table, to spare the device 1 KB of RAM: records
    /// are short and are checksummed once when written and once per boot.
    /// </summary>
    public static class Crc32
    {
        /// <summary>The starting state of an incremental computation.</summary>
        public const uint Initial = 0xFFFFFFFF;

        /// <summary>Computes the CRC of <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        /// <param name="data">The bytes.</param>
        /// <param name="offset">Where they start.</param>
        /// <param name="count">How many.</param>
        /// <returns>The CRC-32.</returns>
        public static uint Compute(byte[] data, int offset, int count)
        {
            return Finish(Update(Initial, data, offset, count));
        }

        /// <summary>Feeds bytes into a running state (start from <see cref="Initial"/>).</summary>
        /// <param name="state">The running state.</param>
        /// <param name="data">The bytes.</param>
        /// <param name="offset">Where they start.</param>
        /// <param name="count">How many.</param>
        /// <returns>The new state.</returns>
        public static uint Update(uint state, byte[] data, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                state ^= data[offset + i];
                for (int bit = 0; bit < 8; bit++)
                {
                    state = (state >> 1) ^ (0xEDB88320 & (0 - (state & 1)));
                }
            }

            return state;
        }

        /// <summary>Turns a running state into the CRC value.</summary>
        /// <param name="state">The running state.</param>
        /// <returns>The CRC-32.</returns>
        public static uint Finish(uint state)
        {
            return ~state;
        }
    }
}
