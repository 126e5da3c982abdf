using System;

namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>
    /// Keccak-256 as Ethereum uses it: the original Keccak submission with padding byte 0x01,
    /// not NIST SHA3-256 (which pads with 0x06).
    /// </summary>
    /// <remarks>
    /// The whole sponge runs in 25 local lanes, so hashing allocates nothing but the result of
    /// <see cref="Hash(byte[])"/>, is safe to call from several threads, and needs no state object.
    /// </remarks>
    public static class Keccak256
    {
        /// <summary>Size of a Keccak-256 hash in bytes.</summary>
        public const int HashSize = 32;

        // Rate of Keccak-256: 1600 - 2 * 256 bits = 136 bytes = 17 lanes.
        private const int Rate = 136;

        private static readonly ulong[] RoundConstants =
        {
            0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808aUL, 0x8000000080008000UL,
            0x000000000000808bUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
            0x000000000000008aUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000aUL,
            0x000000008000808bUL, 0x800000000000008bUL, 0x8000000000008089UL, 0x8000000000008003UL,
            0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800aUL, 0x800000008000000aUL,
            0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
        };

        /// <summary>Hashes <paramref name="data"/> and returns the 32-byte Keccak-256 digest.</summary>
        /// <param name="data">The bytes to hash.</param>
        /// <returns>A new 32-byte array.</returns>
        public static byte[] Hash(byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            byte[] output = new byte[HashSize];
            Hash(data, 0, data.Length, output, 0);
            return output;
        }

        /// <summary>
        /// Hashes <paramref name="length"/> bytes of <paramref name="data"/> starting at <paramref name="offset"/>
        /// and writes the 32-byte digest to <paramref name="output"/> at <paramref name="outputOffset"/>.
        /// Allocates nothing.
        /// </summary>
        /// <param name="data">The buffer that holds the input.</param>
        /// <param name="offset">Where the input starts.</param>
        /// <param name="length">How many bytes to hash.</param>
        /// <param name="output">Receives the digest.</param>
        /// <param name="outputOffset">Where in <paramref name="output"/> the digest goes.</param>
        public static void Hash(byte[] data, int offset, int length, byte[] output, int outputOffset)
        {
            HashArguments.Check(data, offset, length, output, outputOffset, HashSize);

            ulong a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0, a9 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0, a14 = 0, a15 = 0, a16 = 0, a17 = 0, a18 = 0, a19 = 0, a20 = 0, a21 = 0, a22 = 0, a23 = 0, a24 = 0;
            int position = offset;
            int remaining = length;
            bool padded = false;
            while (!padded)
            {
                // A block shorter than the rate is the last one and carries the padding; an input that
                // is a whole number of blocks long is followed by a block of padding alone.
                padded = remaining < Rate;
                a0 ^= Lane(data, position, remaining, 0);
                a1 ^= Lane(data, position, remaining, 1);
                a2 ^= Lane(data, position, remaining, 2);
                a3 ^= Lane(data, position, remaining, 3);
                a4 ^= Lane(data, position, remaining, 4);
                a5 ^= Lane(data, position, remaining, 5);
                a6 ^= Lane(data, position, remaining, 6);
                a7 ^= Lane(data, position, remaining, 7);
                a8 ^= Lane(data, position, remaining, 8);
                a9 ^= Lane(data, position, remaining, 9);
                a10 ^= Lane(data, position, remaining, 10);
                a11 ^= Lane(data, position, remaining, 11);
                a12 ^= Lane(data, position, remaining, 12);
                a13 ^= Lane(data, position, remaining, 13);
                a14 ^= Lane(data, position, remaining, 14);
                a15 ^= Lane(data, position, remaining, 15);
                a16 ^= Lane(data, position, remaining, 16);

                ulong t;
                for (int round = 0; round < 24; round++)
                {
                    ulong c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20;
                    ulong c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
                    ulong c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22;
                    ulong c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
                    ulong c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
                    ulong d0 = c4 ^ ((c1 << 1) | (c1 >> 63));
                    ulong d1 = c0 ^ ((c2 << 1) | (c2 >> 63));
                    ulong d2 = c1 ^ ((c3 << 1) | (c3 >> 63));
                    ulong d3 = c2 ^ ((c4 << 1) | (c4 >> 63));
                    ulong d4 = c3 ^ ((c0 << 1) | (c0 >> 63));
                    ulong b0 = a0 ^ d0;
                    t = a1 ^ d1; ulong b10 = (t << 1) | (t >> 63);
                    t = a2 ^ d2; ulong b20 = (t << 62) | (t >> 2);
                    t = a3 ^ d3; ulong b5 = (t << 28) | (t >> 36);
                    t = a4 ^ d4; ulong b15 = (t << 27) | (t >> 37);
                    t = a5 ^ d0; ulong b16 = (t << 36) | (t >> 28);
                    t = a6 ^ d1; ulong b1 = (t << 44) | (t >> 20);
                    t = a7 ^ d2; ulong b11 = (t << 6) | (t >> 58);
                    t = a8 ^ d3; ulong b21 = (t << 55) | (t >> 9);
                    t = a9 ^ d4; ulong b6 = (t << 20) | (t >> 44);
                    t = a10 ^ d0; ulong b7 = (t << 3) | (t >> 61);
                    t = a11 ^ d1; ulong b17 = (t << 10) | (t >> 54);
                    t = a12 ^ d2; ulong b2 = (t << 43) | (t >> 21);
                    t = a13 ^ d3; ulong b12 = (t << 25) | (t >> 39);
                    t = a14 ^ d4; ulong b22 = (t << 39) | (t >> 25);
                    t = a15 ^ d0; ulong b23 = (t << 41) | (t >> 23);
                    t = a16 ^ d1; ulong b8 = (t << 45) | (t >> 19);
                    t = a17 ^ d2; ulong b18 = (t << 15) | (t >> 49);
                    t = a18 ^ d3; ulong b3 = (t << 21) | (t >> 43);
                    t = a19 ^ d4; ulong b13 = (t << 8) | (t >> 56);
                    t = a20 ^ d0; ulong b14 = (t << 18) | (t >> 46);
                    t = a21 ^ d1; ulong b24 = (t << 2) | (t >> 62);
                    t = a22 ^ d2; ulong b9 = (t << 61) | (t >> 3);
                    t = a23 ^ d3; ulong b19 = (t << 56) | (t >> 8);
                    t = a24 ^ d4; ulong b4 = (t << 14) | (t >> 50);
                    a0 = b0 ^ (~b1 & b2);
                    a1 = b1 ^ (~b2 & b3);
                    a2 = b2 ^ (~b3 & b4);
                    a3 = b3 ^ (~b4 & b0);
                    a4 = b4 ^ (~b0 & b1);
                    a5 = b5 ^ (~b6 & b7);
                    a6 = b6 ^ (~b7 & b8);
                    a7 = b7 ^ (~b8 & b9);
                    a8 = b8 ^ (~b9 & b5);
                    a9 = b9 ^ (~b5 & b6);
                    a10 = b10 ^ (~b11 & b12);
                    a11 = b11 ^ (~b12 & b13);
                    a12 = b12 ^ (~b13 & b14);
                    a13 = b13 ^ (~b14 & b10);
                    a14 = b14 ^ (~b10 & b11);
                    a15 = b15 ^ (~b16 & b17);
                    a16 = b16 ^ (~b17 & b18);
                    a17 = b17 ^ (~b18 & b19);
                    a18 = b18 ^ (~b19 & b15);
                    a19 = b19 ^ (~b15 & b16);
                    a20 = b20 ^ (~b21 & b22);
                    a21 = b21 ^ (~b22 & b23);
                    a22 = b22 ^ (~b23 & b24);
                    a23 = b23 ^ (~b24 & b20);
                    a24 = b24 ^ (~b20 & b21);
                    a0 ^= RoundConstants[round];
                }

                position += Rate;
                remaining -= Rate;
            }

            StoreLane(a0, output, outputOffset);
            StoreLane(a1, output, outputOffset + 8);
            StoreLane(a2, output, outputOffset + 16);
            StoreLane(a3, output, outputOffset + 24);
        }

        // Reads lane `lane` of the block at `position`; for the last (short) block it supplies the
        // Keccak pad10*1 bytes: 0x01 right after the data and 0x80 in the block's last byte.
        private static ulong Lane(byte[] data, int position, int remaining, int lane)
        {
            int start = lane * 8;
            ulong value = 0;
            for (int i = 7; i >= 0; i--)
            {
                int index = start + i;
                uint b;
                if (index < remaining)
                {
                    b = data[position + index];
                }
                else
                {
                    b = index == remaining ? 0x01u : 0u;
                    if (index == Rate - 1 && remaining < Rate)
                    {
                        b |= 0x80u;
                    }
                }

                value = (value << 8) | b;
            }

            return value;
        }

        private static void StoreLane(ulong lane, byte[] output, int offset)
        {
            for (int i = 0; i < 8; i++)
            {
                output[offset + i] = (byte)(lane >> (8 * i));
            }
        }
    }
}
