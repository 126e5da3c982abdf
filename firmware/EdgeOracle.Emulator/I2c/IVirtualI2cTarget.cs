using System;

namespace EdgeOracle.Emulator.I2c
{
    /// <summary>A simulated chip on a <see cref="VirtualI2cBus"/>: it sees the bytes of each write and fills each read.</summary>
    public interface IVirtualI2cTarget
    {
        /// <summary>Handles a write transaction (for register chips: register address, then data).</summary>
        /// <param name="data">The bytes the controller wrote.</param>
        /// <returns><c>false</c> to NACK.</returns>
        bool Write(ReadOnlySpan<byte> data);

        /// <summary>Handles a read transaction (for register chips: from the register pointer, auto-incrementing).</summary>
        /// <param name="buffer">Receives the bytes.</param>
        /// <returns><c>false</c> to NACK.</returns>
        bool Read(Span<byte> buffer);
    }
}
