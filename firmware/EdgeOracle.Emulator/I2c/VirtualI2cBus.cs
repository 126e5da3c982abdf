using System;
using System.Collections.Concurrent;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Emulator.I2c
{
    /// <summary>
    /// A virtual I2C bus: simulated chips attached at 7-bit addresses, opened by the firmware through the core's
    /// <see cref="II2cDevice"/> port. A transfer to an empty address, or while <see cref="Faulted"/>, is NACKed, as a
    /// real bus with a loose wire would be.
    /// </summary>
    public sealed class VirtualI2cBus
    {
        private readonly ConcurrentDictionary<int, IVirtualI2cTarget> _targets = new();

        /// <summary>Gets or sets whether every transfer fails (SDA stuck, cable cut).</summary>
        public bool Faulted { get; set; }

        /// <summary>Gets how many transfers were NACKed.</summary>
        public int NackCount { get; private set; }

        /// <summary>Attaches <paramref name="target"/> at <paramref name="address"/>.</summary>
        /// <param name="address">The 7-bit address.</param>
        /// <param name="target">The chip.</param>
        public void Attach(int address, IVirtualI2cTarget target)
        {
            ArgumentNullException.ThrowIfNull(target);
            ArgumentOutOfRangeException.ThrowIfNegative(address);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(address, 0x7F);
            if (!_targets.TryAdd(address, target))
            {
                throw new InvalidOperationException($"Address 0x{address:x2} is taken.");
            }
        }

        /// <summary>Removes the chip at <paramref name="address"/> (it stops acknowledging).</summary>
        /// <param name="address">The 7-bit address.</param>
        public void Detach(int address) => _targets.TryRemove(address, out _);

        /// <summary>Opens the core port for the chip at <paramref name="address"/> (it need not be attached yet).</summary>
        /// <param name="address">The 7-bit address.</param>
        /// <returns>The port.</returns>
        public II2cDevice Open(int address) => new Device(this, address);

        private bool Transfer(int address, ReadOnlySpan<byte> write, Span<byte> read)
        {
            if (Faulted || !_targets.TryGetValue(address, out IVirtualI2cTarget? target)
                || (write.Length > 0 && !target.Write(write)) || (read.Length > 0 && !target.Read(read)))
            {
                NackCount++;
                return false;
            }

            return true;
        }

        private sealed class Device(VirtualI2cBus bus, int address) : II2cDevice
        {
            public bool TryWrite(byte[] buffer, int length) => bus.Transfer(address, buffer.AsSpan(0, length), []);

            public bool TryWriteRead(byte[] writeBuffer, int writeLength, byte[] readBuffer, int readLength) =>
                bus.Transfer(address, writeBuffer.AsSpan(0, writeLength), readBuffer.AsSpan(0, readLength));
        }
    }
}
