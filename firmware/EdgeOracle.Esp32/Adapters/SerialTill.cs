#if NANOFRAMEWORK_1_0
using System.IO.Ports;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Terminal;
using nanoFramework.Hardware.Esp32;

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>
    /// The till's serial line (UART, pins from the POS pin map's <c>till</c> section): bytes read are fed to the core's
    /// <see cref="TillLink"/>, which starts sales and answers; its answers are written back here.
    /// </summary>
    internal sealed class SerialTill : ILineOutput
    {
        private readonly SerialPort _port;
        private readonly byte[] _buffer = new byte[64];

        public SerialTill(string portName, int rxGpio, int txGpio, int baud)
        {
            Configuration.SetPinFunction(rxGpio, portName == "COM2" ? DeviceFunction.COM2_RX : DeviceFunction.COM3_RX);
            Configuration.SetPinFunction(txGpio, portName == "COM2" ? DeviceFunction.COM2_TX : DeviceFunction.COM3_TX);
            _port = new SerialPort(portName, baud, Parity.None, 8, StopBits.One);
            _port.Open();
        }

        /// <summary>Reads whatever the till sent since the last call into <paramref name="link"/>; never blocks.</summary>
        public void Pump(TillLink link)
        {
            int available = _port.BytesToRead;
            while (available > 0)
            {
                int n = _port.Read(_buffer, 0, available < _buffer.Length ? available : _buffer.Length);
                link.Feed(_buffer, 0, n);
                available -= n;
            }
        }

        public void WriteLine(string line)
        {
            _port.Write(line + "\n");
        }
    }
}
#endif
