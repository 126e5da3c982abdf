namespace EdgeOracle.Firmware.Core.Ports
{
    /// <summary>
    /// A region of NOR flash with erase-block semantics, as the journal sees it: <see cref="Erase"/> sets a whole
    /// block to 0xFF, <see cref="Program"/> can only clear bits (1 → 0), so a byte is written once per erase. On
    /// the ESP32 an adapter over a raw partition (or a preallocated file on the LittleFS drive), in the
    /// emulator <c>EdgeOracle.Emulator.Storage.VirtualFlash</c>, which can cut the power at any byte.
    /// </summary>
    public interface IFlashStorage
    {
        /// <summary>Gets the size of the region in bytes (a multiple of <see cref="EraseBlockSize"/>).</summary>
        int Size { get; }

        /// <summary>Gets the size of one erase block in bytes.</summary>
        int EraseBlockSize { get; }

        /// <summary>Reads <paramref name="count"/> bytes at <paramref name="address"/>.</summary>
        /// <param name="address">Offset in the region.</param>
        /// <param name="buffer">Receives the bytes.</param>
        /// <param name="offset">Where they go in <paramref name="buffer"/>.</param>
        /// <param name="count">How many.</param>
        void Read(int address, byte[] buffer, int offset, int count);

        /// <summary>
        /// Programs <paramref name="count"/> bytes at <paramref name="address"/>, in ascending address order. The
        /// caller only programs erased bytes (or clears further bits); a power cut can stop it after any byte.
        /// </summary>
        /// <param name="address">Offset in the region.</param>
        /// <param name="data">The bytes to program.</param>
        /// <param name="offset">Where they start in <paramref name="data"/>.</param>
        /// <param name="count">How many.</param>
        void Program(int address, byte[] data, int offset, int count);

        /// <summary>Erases one block to 0xFF; a power cut can leave it partly erased.</summary>
        /// <param name="block">Block index, 0 to Size / EraseBlockSize - 1.</param>
        void Erase(int block);
    }
}
