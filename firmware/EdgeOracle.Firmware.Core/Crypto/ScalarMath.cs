namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>
    /// Arithmetic modulo the group order n of secp256k1, on uint[8] limbs (least significant first). Signing
    /// and recovery need only a handful of these per call, so clarity wins over speed here: products are
    /// reduced by folding the high half with 2^256 = c (mod n), c = 2^256 - n being 129 bits long.
    /// Holds its scratch buffers so it allocates nothing; not thread-safe.
    /// </summary>
    internal sealed class ScalarMath
    {
        /// <summary>The group order n.</summary>
        public static readonly uint[] N =
        {
            0xD0364141, 0xBFD25E8C, 0xAF48A03B, 0xBAAEDCE6, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF,
        };

        /// <summary>n / 2 rounded down: signatures with s above it are "high-s" and rejected (EIP-2).</summary>
        public static readonly uint[] HalfN =
        {
            0x681B20A0, 0xDFE92F46, 0x57A4501D, 0x5D576E73, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0x7FFFFFFF,
        };

        // c = 2^256 - n.
        private static readonly uint[] C = { 0x2FC9BEBF, 0x402DA173, 0x50B75FC4, 0x45512319, 0x1 };

        private static long multiplyCount;

        private readonly uint[] wide = new uint[17];
        private readonly uint[] folded = new uint[17];
        private readonly uint[] powers = new uint[16 * 8];
        private readonly uint[] accumulator = new uint[8];
        private readonly uint[] power = new uint[8];

        /// <summary>True when 0 &lt; a &lt; n.</summary>
        public static bool IsValid(uint[] a)
        {
            return !Limbs.IsZero(a) && Limbs.Compare(a, N) < 0;
        }

        /// <summary>True when a &gt; n / 2.</summary>
        public static bool IsHigh(uint[] a)
        {
            return Limbs.Compare(a, HalfN) > 0;
        }

        /// <summary>Reduces any 256-bit value (e.g. a message hash) into [0, n): one subtraction suffices as 2n &gt; 2^256.</summary>
        public static void ReduceOnce(uint[] a)
        {
            if (Limbs.Compare(a, N) >= 0)
            {
                Limbs.Subtract(a, a, N);
            }
        }

        /// <summary>r = a + b mod n; r may alias either input.</summary>
        public static void Add(uint[] r, uint[] a, uint[] b)
        {
            uint carry = Limbs.Add(r, a, b);
            if (carry != 0 || Limbs.Compare(r, N) >= 0)
            {
                Limbs.Subtract(r, r, N);
            }
        }

        /// <summary>r = -a mod n; r may alias a.</summary>
        public static void Negate(uint[] r, uint[] a)
        {
            if (Limbs.IsZero(a))
            {
                Limbs.Set(r, 0);
                return;
            }

            Limbs.Subtract(r, N, a);
        }

        /// <summary>
        /// Multiplications (and squarings) modulo n since the process started or the count was reset; read
        /// through <see cref="OperationCounts.ScalarMultiplications"/>. Not synchronized.
        /// </summary>
        public static long MultiplyCount
        {
            get { return multiplyCount; }
            set { multiplyCount = value; }
        }

        /// <summary>r = a * b mod n; r may alias either input. Counts one scalar multiplication.</summary>
        public void Multiply(uint[] r, uint[] a, uint[] b)
        {
            multiplyCount++;
            for (int i = 0; i < wide.Length; i++)
            {
                wide[i] = 0;
            }

            for (int i = 0; i < 8; i++)
            {
                ulong carry = 0;
                uint ai = a[i];
                for (int j = 0; j < 8; j++)
                {
                    carry += ((ulong)ai * b[j]) + wide[i + j];
                    wide[i + j] = (uint)carry;
                    carry >>= 32;
                }

                wide[i + 8] = (uint)carry;
            }

            Reduce(r);
        }

        /// <summary>r = a^-1 mod n (a^(n-2), Fermat) with a fixed 4-bit window; a must be non-zero.</summary>
        public void Invert(uint[] r, uint[] a)
        {
            // powers[k] = a^k for k = 0..15.
            Limbs.Set(power, 1);
            for (int k = 0; k < 16; k++)
            {
                Store(k, power);
                Multiply(power, power, a);
            }

            Limbs.Set(accumulator, 1);
            for (int nibble = 63; nibble >= 0; nibble--)
            {
                for (int s = 0; s < 4; s++)
                {
                    Multiply(accumulator, accumulator, accumulator);
                }

                // n - 2 differs from n only in its lowest limb (0xD0364141 - 2 borrows nothing).
                uint limb = N[nibble / 8];
                if (nibble / 8 == 0)
                {
                    limb -= 2;
                }

                int window = (int)((limb >> ((nibble % 8) * 4)) & 0xF);
                Load(window, power);
                Multiply(accumulator, accumulator, power);
            }

            Limbs.Copy(r, accumulator);
        }

        private void Store(int index, uint[] value)
        {
            for (int i = 0; i < 8; i++)
            {
                powers[(index * 8) + i] = value[i];
            }
        }

        private void Load(int index, uint[] value)
        {
            for (int i = 0; i < 8; i++)
            {
                value[i] = powers[(index * 8) + i];
            }
        }

        // Folds wide (up to 17 limbs) into [0, n): while anything sits above 2^256, replace high * 2^256
        // by high * c. Each fold shrinks the value by ~127 bits, so three folds and a subtraction at most.
        private void Reduce(uint[] r)
        {
            while (true)
            {
                int top = 16;
                while (top >= 8 && wide[top] == 0)
                {
                    top--;
                }

                if (top < 8)
                {
                    break;
                }

                for (int i = 0; i < folded.Length; i++)
                {
                    folded[i] = i < 8 ? wide[i] : 0;
                }

                for (int i = 8; i <= top; i++)
                {
                    ulong carry = 0;
                    uint hi = wide[i];
                    int k = i - 8;
                    for (int j = 0; j < C.Length; j++)
                    {
                        carry += ((ulong)hi * C[j]) + folded[k + j];
                        folded[k + j] = (uint)carry;
                        carry >>= 32;
                    }

                    for (int m = k + C.Length; carry != 0; m++)
                    {
                        carry += folded[m];
                        folded[m] = (uint)carry;
                        carry >>= 32;
                    }
                }

                for (int i = 0; i < wide.Length; i++)
                {
                    wide[i] = folded[i];
                }
            }

            for (int i = 0; i < 8; i++)
            {
                r[i] = wide[i];
            }

            ReduceOnce(r);
        }
    }
}
