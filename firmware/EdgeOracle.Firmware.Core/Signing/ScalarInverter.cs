using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Firmware.Core.Signing
{
    /// <summary>
    /// Inversion modulo the group order n by the binary extended Euclidean algorithm (Hankerson, Menezes and
    /// Vanstone, "Guide to Elliptic Curve Cryptography", algorithm 2.22): only shifts, additions and
    /// subtractions of 256-bit numbers, about 2·256 steps, instead of the 336 multiplications mod n of Fermat's
    /// a^(n-2). The offline phase inverts one nonce per pool entry, so this is its second largest cost after k·G.
    /// Not constant-time. Holds its temporaries; not thread-safe.
    /// </summary>
    internal sealed class ScalarInverter
    {
        private readonly uint[] u = new uint[8];
        private readonly uint[] v = new uint[8];
        private readonly uint[] x1 = new uint[8];
        private readonly uint[] x2 = new uint[8];

        /// <summary>r = a^-1 mod n for a in [1, n - 1]; r may alias a.</summary>
        public void Invert(uint[] r, uint[] a)
        {
            // Invariants: x1·a ≡ u and x2·a ≡ v (mod n), with x1 and x2 in [0, n).
            Limbs.Copy(u, a);
            Limbs.Copy(v, ScalarMath.N);
            Limbs.Set(x1, 1);
            Limbs.Set(x2, 0);
            while (!IsOne(u) && !IsOne(v))
            {
                while ((u[0] & 1) == 0)
                {
                    ShiftRight(u, 0);
                    Halve(x1);
                }

                while ((v[0] & 1) == 0)
                {
                    ShiftRight(v, 0);
                    Halve(x2);
                }

                if (Limbs.Compare(u, v) >= 0)
                {
                    Limbs.Subtract(u, u, v);
                    SubtractMod(x1, x2);
                }
                else
                {
                    Limbs.Subtract(v, v, u);
                    SubtractMod(x2, x1);
                }
            }

            Limbs.Copy(r, IsOne(u) ? x1 : x2);
            Limbs.Set(u, 0);
            Limbs.Set(v, 0);
            Limbs.Set(x1, 0);
            Limbs.Set(x2, 0);
        }

        private static bool IsOne(uint[] a)
        {
            uint bits = a[0] ^ 1;
            for (int i = 1; i < 8; i++)
            {
                bits |= a[i];
            }

            return bits == 0;
        }

        // x = x / 2 mod n: (x + n) / 2 when x is odd, which is below n as x < n; the sum's 257th bit shifts in.
        private static void Halve(uint[] x)
        {
            uint top = 0;
            if ((x[0] & 1) != 0)
            {
                top = Limbs.Add(x, x, ScalarMath.N);
            }

            ShiftRight(x, top);
        }

        // a = a - b mod n for a, b in [0, n).
        private static void SubtractMod(uint[] a, uint[] b)
        {
            if (Limbs.Subtract(a, a, b) != 0)
            {
                Limbs.Add(a, a, ScalarMath.N);
            }
        }

        private static void ShiftRight(uint[] x, uint topBit)
        {
            for (int i = 0; i < 7; i++)
            {
                x[i] = (x[i] >> 1) | (x[i + 1] << 31);
            }

            x[7] = (x[7] >> 1) | (topBit << 31);
        }
    }
}
