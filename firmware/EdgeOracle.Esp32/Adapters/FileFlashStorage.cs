#if NANOFRAMEWORK_1_0
using System;
using System.IO;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>
    /// The journal's flash port on the LittleFS drive: one pre-sized file whose bytes behave like NOR flash, the model
    /// the journal is written and power-cut-tested against (Firmware.Core/Journal, Emulator/Storage/VirtualFlash):
    /// an erase sets a whole block to 0xFF, programming can only clear bits. LittleFS itself is copy-on-write, so a
    /// power cut during a write leaves the file's old or new contents; the journal's record CRCs cover the rest.
    /// </summary>
    internal sealed class FileFlashStorage : IFlashStorage
    {
        private readonly string _path;
        private readonly int _size;
        private readonly int _blockSize;
        private readonly byte[] _scratch;

        /// <summary>Opens (or on first boot creates, erased) a flash file of <paramref name="size"/> bytes.</summary>
        public FileFlashStorage(string path, int size, int eraseBlockSize)
        {
            if (size <= 0 || eraseBlockSize <= 0 || size % eraseBlockSize != 0)
            {
                throw new ArgumentException("size must be a positive multiple of eraseBlockSize");
            }

            _path = path;
            _size = size;
            _blockSize = eraseBlockSize;
            _scratch = new byte[eraseBlockSize];
            if (!File.Exists(path) || new FileInfo(path).Length != size)
            {
                Files.EnsureRoot();
                using (FileStream stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite))
                {
                    Fill(_scratch, 0xFF);
                    for (int written = 0; written < size; written += eraseBlockSize)
                    {
                        stream.Write(_scratch, 0, eraseBlockSize);
                    }
                }
            }
        }

        public int Size
        {
            get { return _size; }
        }

        public int EraseBlockSize
        {
            get { return _blockSize; }
        }

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            Check(address, count);
            using (FileStream stream = new FileStream(_path, FileMode.Open, FileAccess.Read))
            {
                stream.Seek(address, SeekOrigin.Begin);
                int done = 0;
                while (done < count)
                {
                    int n = stream.Read(buffer, offset + done, count - done);
                    if (n <= 0)
                    {
                        throw new IOException("flash file shorter than expected");
                    }

                    done += n;
                }
            }
        }

        public void Program(int address, byte[] data, int offset, int count)
        {
            Check(address, count);
            using (FileStream stream = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite))
            {
                // NOR semantics: the new byte is old AND new, so the journal's assumptions hold on a file too.
                int done = 0;
                while (done < count)
                {
                    int chunk = count - done < _scratch.Length ? count - done : _scratch.Length;
                    stream.Seek(address + done, SeekOrigin.Begin);
                    int read = stream.Read(_scratch, 0, chunk);
                    if (read != chunk)
                    {
                        throw new IOException("flash file shorter than expected");
                    }

                    for (int i = 0; i < chunk; i++)
                    {
                        _scratch[i] = (byte)(_scratch[i] & data[offset + done + i]);
                    }

                    stream.Seek(address + done, SeekOrigin.Begin);
                    stream.Write(_scratch, 0, chunk);
                    done += chunk;
                }

                stream.Flush();
            }
        }

        public void Erase(int block)
        {
            if (block < 0 || block >= _size / _blockSize)
            {
                throw new ArgumentOutOfRangeException("block");
            }

            Fill(_scratch, 0xFF);
            using (FileStream stream = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite))
            {
                stream.Seek((long)block * _blockSize, SeekOrigin.Begin);
                stream.Write(_scratch, 0, _blockSize);
                stream.Flush();
            }
        }

        private void Check(int address, int count)
        {
            if (address < 0 || count < 0 || address + count > _size)
            {
                throw new ArgumentOutOfRangeException("address");
            }
        }

        private static void Fill(byte[] buffer, byte value)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = value;
            }
        }
    }
}
#endif
