// Reference surface (hand-written, public signatures only): see ../README.md.
using System;

namespace System.Device.I2c
{
    /// <summary>The bus clock.</summary>
    public enum I2cBusSpeed
    {
        /// <summary>100 kHz.</summary>
        StandardMode = 0,

        /// <summary>400 kHz.</summary>
        FastMode = 1,
    }

    /// <summary>How a transfer ended.</summary>
    public enum I2cTransferStatus
    {
        /// <summary>An error the driver could not classify.</summary>
        UnknownError = 0,

        /// <summary>Every byte was transferred.</summary>
        FullTransfer = 1,
    }

    /// <summary>The outcome of a transfer.</summary>
    public struct I2cTransferResult
    {
        /// <summary>How the transfer ended.</summary>
        public I2cTransferStatus Status => throw new NotImplementedException();
    }

    /// <summary>Which bus and address a device is on.</summary>
    public sealed class I2cConnectionSettings
    {
        /// <summary>A device at <paramref name="deviceAddress"/> on bus <paramref name="busId"/>, 400 kHz.</summary>
        public I2cConnectionSettings(int busId, int deviceAddress) => throw new NotImplementedException();

        /// <summary>A device at <paramref name="deviceAddress"/> on bus <paramref name="busId"/>.</summary>
        public I2cConnectionSettings(int busId, int deviceAddress, I2cBusSpeed busSpeed) => throw new NotImplementedException();
    }

    /// <summary>A device on an I2C bus.</summary>
    public class I2cDevice : IDisposable
    {
        /// <summary>Opens the device (as <see cref="Create"/>).</summary>
        public I2cDevice(I2cConnectionSettings settings) => throw new NotImplementedException();

        /// <summary>Opens the device.</summary>
        public static I2cDevice Create(I2cConnectionSettings settings) => throw new NotImplementedException();

        /// <summary>Writes <paramref name="buffer"/>.</summary>
        public I2cTransferResult Write(SpanByte buffer) => throw new NotImplementedException();

        /// <summary>Writes, then reads with a repeated start.</summary>
        public I2cTransferResult WriteRead(SpanByte writeBuffer, SpanByte readBuffer) => throw new NotImplementedException();

        /// <summary>Releases the device.</summary>
        public void Dispose() => throw new NotImplementedException();
    }
}
