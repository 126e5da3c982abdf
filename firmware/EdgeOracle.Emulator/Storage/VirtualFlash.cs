using System;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Emulator.Storage
{
    /// <summary>
    /// NOR flash in RAM with the semantics the journal must survive: erase sets a block to 0xFF, programming can
    /// only clear bits (an attempt to set one throws, as it would silently corrupt data on a real chip), and
    /// the power can be cut at a chosen step. Every programmed byte is one step and every block erase is one step.
    /// </summary>
    /// <remarks>
    /// A cut during programming leaves the bytes before the cut programmed, the byte at the cut half programmed
    /// (only its high nibble's zero bits cleared, a torn cell), and the rest untouched. A cut during an erase leaves
    /// the first half of the block erased and the second half as it was. After a cut every operation throws
    /// until <see cref="PowerOn"/>, so no code can write after it lost power.
    /// </remarks>
    public sealed class VirtualFlash : IFlashStorage
    {
        private readonly byte[] cells;
        private readonly int blockSize;
        private readonly long[] eraseCounts;
        private long steps;
        private long cutAt = -1;
        private bool powered = true;

        /// <summary>Creates an erased flash of <paramref name="blockCount"/> blocks of <paramref name="blockSize"/> bytes.</summary>
        /// <param name="blockSize">Erase block size in bytes.</param>
        /// <param name="blockCount">Number of blocks.</param>
        public VirtualFlash(int blockSize, int blockCount)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(blockCount, 1);
            this.blockSize = blockSize;
            cells = new byte[blockSize * blockCount];
            Array.Fill(cells, (byte)0xFF);
            eraseCounts = new long[blockCount];
        }

        /// <inheritdoc/>
        public int Size => cells.Length;

        /// <inheritdoc/>
        public int EraseBlockSize => blockSize;

        /// <summary>Gets the steps (programmed bytes and erases) since creation or the last <see cref="ArmPowerCut"/>.</summary>
        public long Steps => steps;

        /// <summary>Gets whether the power is on (false after a cut until <see cref="PowerOn"/>).</summary>
        public bool IsPowered => powered;

        /// <summary>Gets how often <paramref name="block"/> was erased (wear).</summary>
        /// <param name="block">The block index.</param>
        /// <returns>Its erase count.</returns>
        public long EraseCount(int block) => eraseCounts[block];

        /// <summary>Cuts the power at step <paramref name="step"/> counted from now (0 = the very next byte or erase); resets <see cref="Steps"/>.</summary>
        /// <param name="step">The step at which to cut; negative disarms.</param>
        public void ArmPowerCut(long step)
        {
            steps = 0;
            cutAt = step;
        }

        /// <summary>Restores power and disarms the cut; the cells keep whatever the cut left.</summary>
        public void PowerOn()
        {
            powered = true;
            cutAt = -1;
        }

        /// <summary>Copies the cells, for restoring the same state before another cut.</summary>
        /// <returns>A copy of every byte.</returns>
        public byte[] Snapshot() => (byte[])cells.Clone();

        /// <summary>Puts back a <see cref="Snapshot"/>, powers on and disarms.</summary>
        /// <param name="snapshot">The bytes from <see cref="Snapshot"/>.</param>
        public void Restore(byte[] snapshot)
        {
            ArgumentNullException.ThrowIfNull(snapshot);
            Buffer.BlockCopy(snapshot, 0, cells, 0, cells.Length);
            PowerOn();
        }

        /// <summary>Writes the cells to <paramref name="path"/>, so an emulated device keeps its journal across runs.</summary>
        /// <param name="path">The image file to write.</param>
        public void SaveTo(string path) => System.IO.File.WriteAllBytes(path, cells);

        /// <summary>Loads an image written by <see cref="SaveTo"/>; it must have this flash's size.</summary>
        /// <param name="path">The image file.</param>
        /// <exception cref="ArgumentException">The image has another size.</exception>
        public void LoadFrom(string path)
        {
            byte[] image = System.IO.File.ReadAllBytes(path);
            if (image.Length != cells.Length)
            {
                throw new ArgumentException("image is " + image.Length + " bytes, the flash " + cells.Length, nameof(path));
            }

            Restore(image);
        }

        /// <inheritdoc/>
        public void Read(int address, byte[] buffer, int offset, int count)
        {
            CheckPower();
            CheckRange(address, count);
            Buffer.BlockCopy(cells, address, buffer, offset, count);
        }

        /// <inheritdoc/>
        public void Program(int address, byte[] data, int offset, int count)
        {
            CheckPower();
            CheckRange(address, count);
            for (int i = 0; i < count; i++)
            {
                byte value = data[offset + i];
                byte old = cells[address + i];
                if ((old & value) != value)
                {
                    throw new InvalidOperationException("programming 0x" + value.ToString("X2") + " over 0x" + old.ToString("X2") + " at " + (address + i) + " would need an erase");
                }

                if (Step())
                {
                    cells[address + i] = (byte)(old & (value | 0x0F));
                    throw new PowerCutException(steps - 1);
                }

                cells[address + i] = value;
            }
        }

        /// <inheritdoc/>
        public void Erase(int block)
        {
            CheckPower();
            ArgumentOutOfRangeException.ThrowIfNegative(block);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(block, eraseCounts.Length);
            eraseCounts[block]++;
            if (Step())
            {
                Array.Fill(cells, (byte)0xFF, block * blockSize, blockSize / 2);
                throw new PowerCutException(steps - 1);
            }

            Array.Fill(cells, (byte)0xFF, block * blockSize, blockSize);
        }

        // Counts one step; true (and power off) when it is the armed one.
        private bool Step()
        {
            bool cut = steps == cutAt;
            steps++;
            if (cut)
            {
                powered = false;
            }

            return cut;
        }

        private void CheckPower()
        {
            if (!powered)
            {
                throw new InvalidOperationException("the flash has no power");
            }
        }

        private void CheckRange(int address, int count)
        {
            if (address < 0 || count < 0 || address > cells.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(address), "range " + address + "+" + count + " outside the flash");
            }
        }
    }
}
