namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>
    /// Helpers for 256-bit numbers held as eight 32-bit limbs, least significant first, shared by the
    /// field (mod p) and scalar (mod n) arithmetic. Bytes outside are big-endian, as Ethereum writes them.
    /// </summary>
    internal static class Limbs
    {
        /// <summary>Number of limbs in a 256-bit value.</summary>
        public const int Count = 8;

        /// <summary>Reads 32 big-endian bytes at <paramref name="offset"/> into <paramref name="r"/>.</summary>
        public static void FromBigEndian(byte[] source, int offset, uint[] r)
        {
            for (int i = 0; i < Count; i++)
            {
                int at = offset + ((Count - 1 - i) * 4);
                r[i] = ((uint)source[at] << 24) | ((uint)source[at + 1] << 16) | ((uint)source[at + 2] << 8) | source[at + 3];
            }
        }

        /// <summary>Writes <paramref name="a"/> as 32 big-endian bytes at <paramref name="offset"/>.</summary>
        public static void ToBigEndian(uint[] a, byte[] output, int offset)
        {
            for (int i = 0; i < Count; i++)
            {
                int at = offset + ((Count - 1 - i) * 4);
                uint word = a[i];
                output[at] = (byte)(word >> 24);
                output[at + 1] = (byte)(word >> 16);
                output[at + 2] = (byte)(word >> 8);
                output[at + 3] = (byte)word;
            }
        }

        /// <summary>Returns -1, 0 or 1 as <paramref name="a"/> is below, equal to or above <paramref name="b"/>.</summary>
        public static int Compare(uint[] a, uint[] b)
        {
            for (int i = Count - 1; i >= 0; i--)
            {
                if (a[i] != b[i])
                {
                    return a[i] < b[i] ? -1 : 1;
                }
            }

            return 0;
        }

        /// <summary>True when every limb is zero.</summary>
        public static bool IsZero(uint[] a)
        {
            uint bits = 0;
            for (int i = 0; i < Count; i++)
            {
                bits |= a[i];
            }

            return bits == 0;
        }

        /// <summary>Copies <paramref name="a"/> into <paramref name="r"/>.</summary>
        public static void Copy(uint[] r, uint[] a)
        {
            for (int i = 0; i < Count; i++)
            {
                r[i] = a[i];
            }
        }

        /// <summary>Sets <paramref name="r"/> to the small value <paramref name="value"/>.</summary>
        public static void Set(uint[] r, uint value)
        {
            r[0] = value;
            for (int i = 1; i < Count; i++)
            {
                r[i] = 0;
            }
        }

        /// <summary>r = a - b mod 2^256; returns the borrow (0 or 1).</summary>
        public static uint Subtract(uint[] r, uint[] a, uint[] b)
        {
            long borrow = 0;
            for (int i = 0; i < Count; i++)
            {
                long d = (long)a[i] - b[i] + borrow;
                r[i] = (uint)d;
                borrow = d >> 32;
            }

            return (uint)(-borrow);
        }

        /// <summary>r = a + b mod 2^256; returns the carry (0 or 1).</summary>
        public static uint Add(uint[] r, uint[] a, uint[] b)
        {
            ulong carry = 0;
            for (int i = 0; i < Count; i++)
            {
                carry += (ulong)a[i] + b[i];
                r[i] = (uint)carry;
                carry >>= 32;
            }

            return (uint)carry;
        }
    }
}
