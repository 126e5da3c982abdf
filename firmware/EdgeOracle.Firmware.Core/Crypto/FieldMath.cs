using System;

namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>
    /// Arithmetic in the secp256k1 base field, modulo p = 2^256 - 2^32 - 977. An element is a uint[8] of
    /// 32-bit limbs, least significant first, always fully reduced (0 &lt;= x &lt; p). Every operation writes
    /// into a caller-supplied array and allocates nothing, so signing can run without garbage.
    /// </summary>
    /// <remarks>
    /// <see cref="MultiplyCount"/> counts multiplications and squarings, the cost that dominates elliptic-curve
    /// work, so benchmarks and tests can measure an algorithm rather than a machine.
    /// </remarks>
    public static partial class FieldMath
    {
        /// <summary>Number of limbs in a field element.</summary>
        public const int LimbCount = 8;

        // p, least significant limb first.
        private static readonly uint[] P =
        {
            0xFFFFFC2F, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF,
        };

        private static long multiplyCount;

        /// <summary>
        /// Field multiplications plus squarings performed since the process started (or the count was reset).
        /// Not synchronized: read it around single-threaded work.
        /// </summary>
        public static long MultiplyCount
        {
            get { return multiplyCount; }
            set { multiplyCount = value; }
        }

        /// <summary>r = a + b mod p. <paramref name="r"/> may alias either input.</summary>
        /// <param name="r">Receives the sum.</param>
        /// <param name="a">A reduced element.</param>
        /// <param name="b">A reduced element.</param>
        public static void Add(uint[] r, uint[] a, uint[] b)
        {
            uint carry = Limbs.Add(r, a, b);
            if (carry != 0)
            {
                // a + b overflowed 2^256: subtracting p is adding 2^256 - p = 2^32 + 977 and dropping the carry.
                AddTwoPow256MinusP(r);
            }
            else
            {
                Normalize(r);
            }
        }

        /// <summary>r = a - b mod p. <paramref name="r"/> may alias either input.</summary>
        /// <param name="r">Receives the difference.</param>
        /// <param name="a">A reduced element.</param>
        /// <param name="b">A reduced element.</param>
        public static void Subtract(uint[] r, uint[] a, uint[] b)
        {
            if (Limbs.Subtract(r, a, b) != 0)
            {
                // Borrowed 2^256: adding p back is subtracting 2^32 + 977 without the borrow.
                long d = (long)r[0] - 977;
                r[0] = (uint)d;
                d = (d >> 32) + r[1] - 1;
                r[1] = (uint)d;
                for (int i = 2; i < LimbCount && d < 0; i++)
                {
                    d = (d >> 32) + r[i];
                    r[i] = (uint)d;
                }
            }
        }

        /// <summary>r = -a mod p. <paramref name="r"/> may alias <paramref name="a"/>.</summary>
        /// <param name="r">Receives the negation.</param>
        /// <param name="a">A reduced element.</param>
        public static void Negate(uint[] r, uint[] a)
        {
            if (Limbs.IsZero(a))
            {
                Limbs.Set(r, 0);
                return;
            }

            Limbs.Subtract(r, P, a);
        }

        /// <summary>r = a * small mod p, for the small constants of the point formulas.</summary>
        /// <param name="r">Receives the product; may alias <paramref name="a"/>.</param>
        /// <param name="a">A reduced element.</param>
        /// <param name="small">A factor below 2^20.</param>
        public static void MultiplySmall(uint[] r, uint[] a, uint small)
        {
            ulong carry = 0;
            for (int i = 0; i < LimbCount; i++)
            {
                carry += (ulong)a[i] * small;
                r[i] = (uint)carry;
                carry >>= 32;
            }

            // carry * 2^256 = carry * (2^32 + 977) mod p; carry < 2^20 so this fits after one pass.
            ulong d = (ulong)r[0] + (carry * 977);
            r[0] = (uint)d;
            d = (d >> 32) + r[1] + carry;
            r[1] = (uint)d;
            for (int i = 2; i < LimbCount; i++)
            {
                d = (d >> 32) + r[i];
                r[i] = (uint)d;
            }

            if ((d >> 32) != 0)
            {
                AddTwoPow256MinusP(r);
            }
            else
            {
                Normalize(r);
            }
        }

        /// <summary>Reads a big-endian 32-byte value; returns false (and leaves garbage in r) when it is not below p.</summary>
        /// <param name="source">The bytes.</param>
        /// <param name="offset">Where the 32 bytes start.</param>
        /// <param name="r">Receives the element.</param>
        /// <returns>True when the value is a canonical field element.</returns>
        public static bool TryRead(byte[] source, int offset, uint[] r)
        {
            Limbs.FromBigEndian(source, offset, r);
            return Limbs.Compare(r, P) < 0;
        }

        /// <summary>Writes a field element as 32 big-endian bytes.</summary>
        /// <param name="a">A reduced element.</param>
        /// <param name="output">Receives the bytes.</param>
        /// <param name="offset">Where they go.</param>
        public static void Write(uint[] a, byte[] output, int offset)
        {
            Limbs.ToBigEndian(a, output, offset);
        }

        /// <summary>True when <paramref name="a"/> is zero.</summary>
        /// <param name="a">A reduced element.</param>
        /// <returns>Whether every limb is zero.</returns>
        public static bool IsZero(uint[] a)
        {
            return Limbs.IsZero(a);
        }

        /// <summary>True when the two reduced elements are equal.</summary>
        /// <param name="a">A reduced element.</param>
        /// <param name="b">A reduced element.</param>
        /// <returns>Whether they are equal.</returns>
        public static bool AreEqual(uint[] a, uint[] b)
        {
            return Limbs.Compare(a, b) == 0;
        }

        /// <summary>Creates a new zero element.</summary>
        /// <returns>A new uint[8].</returns>
        public static uint[] Create()
        {
            return new uint[LimbCount];
        }

        /// <summary>Throws unless <paramref name="a"/> is a uint[8].</summary>
        internal static void Check(uint[] a, string name)
        {
            if (a == null || a.Length != LimbCount)
            {
                throw new ArgumentException("field element must be uint[8]", name);
            }
        }

        // Subtracts p once when r >= p. Only r in [p, 2^256) needs it, and such values have the top six
        // limbs all ones, which makes the test cheap.
        private static void Normalize(uint[] r)
        {
            if ((r[7] & r[6] & r[5] & r[4] & r[3] & r[2]) != 0xFFFFFFFF)
            {
                return;
            }

            if (r[1] > 0xFFFFFFFE || (r[1] == 0xFFFFFFFE && r[0] >= 0xFFFFFC2F))
            {
                AddTwoPow256MinusP(r);
            }
        }

        // r = r + 2^32 + 977 mod 2^256, which equals r - p whenever the true value was in [p, 2p).
        private static void AddTwoPow256MinusP(uint[] r)
        {
            ulong d = (ulong)r[0] + 977;
            r[0] = (uint)d;
            d = (d >> 32) + r[1] + 1;
            r[1] = (uint)d;
            for (int i = 2; i < LimbCount; i++)
            {
                d = (d >> 32) + r[i];
                r[i] = (uint)d;
            }
        }
    }
}
