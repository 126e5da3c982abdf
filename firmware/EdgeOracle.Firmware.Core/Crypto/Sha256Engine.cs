using System;

namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>
    /// Incremental SHA-256 (FIPS 180-4) over preallocated buffers, so that RFC 6979 nonce generation can run
    /// without allocating. One instance is not thread-safe; the static <see cref="Sha256"/> makes its own.
    /// </summary>
    internal sealed class Sha256Engine
    {
        private static readonly uint[] K =
        {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        };

        private readonly uint[] state = new uint[8];
        private readonly uint[] schedule = new uint[64];
        private readonly byte[] block = new byte[64];
        private int blockLength;
        private ulong totalLength;

        /// <summary>Creates an engine ready to hash.</summary>
        public Sha256Engine()
        {
            Reset();
        }

        /// <summary>Starts a new hash.</summary>
        public void Reset()
        {
            state[0] = 0x6a09e667;
            state[1] = 0xbb67ae85;
            state[2] = 0x3c6ef372;
            state[3] = 0xa54ff53a;
            state[4] = 0x510e527f;
            state[5] = 0x9b05688c;
            state[6] = 0x1f83d9ab;
            state[7] = 0x5be0cd19;
            blockLength = 0;
            totalLength = 0;
        }

        /// <summary>Adds one byte to the hash.</summary>
        public void Update(byte value)
        {
            block[blockLength++] = value;
            totalLength++;
            if (blockLength == 64)
            {
                Compress();
            }
        }

        /// <summary>Adds <paramref name="length"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public void Update(byte[] data, int offset, int length)
        {
            for (int i = 0; i < length; i++)
            {
                block[blockLength++] = data[offset + i];
                if (blockLength == 64)
                {
                    Compress();
                }
            }

            totalLength += (ulong)length;
        }

        /// <summary>Pads, writes the 32-byte digest to <paramref name="output"/> and resets the engine.</summary>
        public void Finish(byte[] output, int offset)
        {
            ulong bits = totalLength * 8;
            block[blockLength++] = 0x80;
            if (blockLength > 56)
            {
                while (blockLength < 64)
                {
                    block[blockLength++] = 0;
                }

                Compress();
            }

            while (blockLength < 56)
            {
                block[blockLength++] = 0;
            }

            for (int i = 0; i < 8; i++)
            {
                block[56 + i] = (byte)(bits >> (56 - (8 * i)));
            }

            Compress();
            for (int i = 0; i < 8; i++)
            {
                uint word = state[i];
                output[offset + (4 * i)] = (byte)(word >> 24);
                output[offset + (4 * i) + 1] = (byte)(word >> 16);
                output[offset + (4 * i) + 2] = (byte)(word >> 8);
                output[offset + (4 * i) + 3] = (byte)word;
            }

            Reset();
        }

        private void Compress()
        {
            uint[] w = schedule;
            for (int i = 0; i < 16; i++)
            {
                w[i] = ((uint)block[4 * i] << 24) | ((uint)block[(4 * i) + 1] << 16) | ((uint)block[(4 * i) + 2] << 8) | block[(4 * i) + 3];
            }

            for (int i = 16; i < 64; i++)
            {
                uint x = w[i - 15];
                uint y = w[i - 2];
                uint s0 = Rotr(x, 7) ^ Rotr(x, 18) ^ (x >> 3);
                uint s1 = Rotr(y, 17) ^ Rotr(y, 19) ^ (y >> 10);
                w[i] = w[i - 16] + s0 + w[i - 7] + s1;
            }

            uint a = state[0], b = state[1], c = state[2], d = state[3];
            uint e = state[4], f = state[5], g = state[6], h = state[7];
            for (int i = 0; i < 64; i++)
            {
                uint t1 = h + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
                uint t2 = (Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }

            state[0] += a;
            state[1] += b;
            state[2] += c;
            state[3] += d;
            state[4] += e;
            state[5] += f;
            state[6] += g;
            state[7] += h;
            blockLength = 0;
        }

        private static uint Rotr(uint x, int n)
        {
            return (x >> n) | (x << (32 - n));
        }
    }
}
