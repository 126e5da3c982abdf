#if NANOFRAMEWORK_1_0
using System; // SpanByte
using System.Device.I2c;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>The core's I2C port over nanoFramework's <c>System.Device.I2c.I2cDevice</c>.</summary>
    internal sealed class NanoI2cDevice : II2cDevice
    {
        private readonly I2cDevice _device;

        public NanoI2cDevice(int busId, int address)
        {
            _device = I2cDevice.Create(new I2cConnectionSettings(busId, address, I2cBusSpeed.StandardMode));
        }

        public bool TryWrite(byte[] buffer, int length)
        {
            I2cTransferResult result = _device.Write(new SpanByte(buffer, 0, length));
            return result.Status == I2cTransferStatus.FullTransfer;
        }

        public bool TryWriteRead(byte[] writeBuffer, int writeLength, byte[] readBuffer, int readLength)
        {
            I2cTransferResult result = _device.WriteRead(new SpanByte(writeBuffer, 0, writeLength), new SpanByte(readBuffer, 0, readLength));
            return result.Status == I2cTransferStatus.FullTransfer;
        }
    }
}
#endif
