// Reference surface (hand-written, public signatures only): see ../README.md.
using System;

namespace System.IO.Ports
{
    /// <summary>Parity bit.</summary>
    public enum Parity
    {
        /// <summary>No parity bit.</summary>
        None = 0,
    }

    /// <summary>Stop bits.</summary>
    public enum StopBits
    {
        /// <summary>One stop bit.</summary>
        One = 1,
    }

    /// <summary>A UART.</summary>
    public sealed class SerialPort : IDisposable
    {
        /// <summary>The UART <paramref name="portName"/> ("COM2", ...), not yet open.</summary>
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One) => throw new NotImplementedException();

        /// <summary>Bytes received and not yet read.</summary>
        public int BytesToRead => throw new NotImplementedException();

        /// <summary>Opens the port.</summary>
        public void Open() => throw new NotImplementedException();

        /// <summary>Reads up to <paramref name="count"/> bytes; returns how many were read.</summary>
        public int Read(byte[] buffer, int offset, int count) => throw new NotImplementedException();

        /// <summary>Writes <paramref name="text"/> as UTF-8.</summary>
        public void Write(string text) => throw new NotImplementedException();

        /// <summary>Closes the port.</summary>
        public void Dispose() => throw new NotImplementedException();
    }
}
