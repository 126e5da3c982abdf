// Reference surface (hand-written, public signatures only): see ../README.md.
using System;

namespace System.Device.Spi
{
    /// <summary>Clock polarity and phase.</summary>
    public enum SpiMode
    {
        /// <summary>CPOL 0, CPHA 0.</summary>
        Mode0 = 0,
    }

    /// <summary>Bit order on the wire.</summary>
    public enum DataFlow
    {
        /// <summary>Most significant bit first.</summary>
        MsbFirst = 0,

        /// <summary>Least significant bit first.</summary>
        LsbFirst = 1,
    }

    /// <summary>Bus, chip select and timing of a device.</summary>
    public sealed class SpiConnectionSettings
    {
        /// <summary>A device on <paramref name="busId"/>; <paramref name="chipSelectLine"/> -1 means the caller drives chip select.</summary>
        public SpiConnectionSettings(int busId, int chipSelectLine = -1) => throw new NotImplementedException();

        /// <summary>Clock polarity and phase.</summary>
        public SpiMode Mode
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        /// <summary>Clock in Hz.</summary>
        public int ClockFrequency
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        /// <summary>Bit order.</summary>
        public DataFlow DataFlow
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }
    }

    /// <summary>A device on an SPI bus.</summary>
    public class SpiDevice : IDisposable
    {
        /// <summary>Opens the device (as <see cref="Create"/>).</summary>
        public SpiDevice(SpiConnectionSettings settings) => throw new NotImplementedException();

        /// <summary>Opens the device.</summary>
        public static SpiDevice Create(SpiConnectionSettings settings) => throw new NotImplementedException();

        /// <summary>Releases the device.</summary>
        public void Dispose() => throw new NotImplementedException();
    }
}
