namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>
    /// Inversion and square roots in the base field by exponentiation (Fermat), along the addition chain that
    /// libsecp256k1 uses: runs of ones in p - 2 and (p + 1) / 4 are built as x^(2^k - 1) powers, which costs
    /// about 255 squarings and 15 multiplications instead of about 500 operations for plain square-and-multiply.
    /// Holds its temporaries so it allocates nothing; not thread-safe.
    /// </summary>
    internal sealed class FieldInverter
    {
        private readonly uint[] x2 = new uint[8];
        private readonly uint[] x3 = new uint[8];
        private readonly uint[] x6 = new uint[8];
        private readonly uint[] x9 = new uint[8];
        private readonly uint[] x11 = new uint[8];
        private readonly uint[] x22 = new uint[8];
        private readonly uint[] x44 = new uint[8];
        private readonly uint[] x88 = new uint[8];
        private readonly uint[] x176 = new uint[8];
        private readonly uint[] x220 = new uint[8];
        private readonly uint[] x223 = new uint[8];
        private readonly uint[] t = new uint[8];
        private readonly uint[] input = new uint[8];

        /// <summary>r = a^-1 mod p (a^(p-2)); zero maps to zero. <paramref name="r"/> may alias <paramref name="a"/>.</summary>
        public void Invert(uint[] r, uint[] a)
        {
            Limbs.Copy(input, a);
            BuildRuns(input);

            // p - 2 = [223 ones] 0 [22 ones] 0000 1 0 11 0 1.
            SquareTimes(t, x223, 23);
            FieldMath.Multiply(t, t, x22);
            SquareTimes(t, t, 5);
            FieldMath.Multiply(t, t, input);
            SquareTimes(t, t, 3);
            FieldMath.Multiply(t, t, x2);
            SquareTimes(t, t, 2);
            FieldMath.Multiply(r, t, input);
        }

        /// <summary>
        /// Sets r to a square root of a ((p + 1) / 4 works because p = 3 mod 4) and returns whether a is a square.
        /// <paramref name="r"/> may alias <paramref name="a"/>.
        /// </summary>
        public bool TrySqrt(uint[] r, uint[] a)
        {
            Limbs.Copy(input, a);
            BuildRuns(input);

            // (p + 1) / 4 = [223 ones] 0 [22 ones] 0000 11 00.
            SquareTimes(t, x223, 23);
            FieldMath.Multiply(t, t, x22);
            SquareTimes(t, t, 6);
            FieldMath.Multiply(t, t, x2);
            SquareTimes(r, t, 2);

            FieldMath.Square(t, r);
            return FieldMath.AreEqual(t, input);
        }

        // x_k = a^(2^k - 1) for the run lengths the two exponents need.
        private void BuildRuns(uint[] a)
        {
            FieldMath.Square(x2, a);
            FieldMath.Multiply(x2, x2, a);
            FieldMath.Square(x3, x2);
            FieldMath.Multiply(x3, x3, a);
            SquareTimes(x6, x3, 3);
            FieldMath.Multiply(x6, x6, x3);
            SquareTimes(x9, x6, 3);
            FieldMath.Multiply(x9, x9, x3);
            SquareTimes(x11, x9, 2);
            FieldMath.Multiply(x11, x11, x2);
            SquareTimes(x22, x11, 11);
            FieldMath.Multiply(x22, x22, x11);
            SquareTimes(x44, x22, 22);
            FieldMath.Multiply(x44, x44, x22);
            SquareTimes(x88, x44, 44);
            FieldMath.Multiply(x88, x88, x44);
            SquareTimes(x176, x88, 88);
            FieldMath.Multiply(x176, x176, x88);
            SquareTimes(x220, x176, 44);
            FieldMath.Multiply(x220, x220, x44);
            SquareTimes(x223, x220, 3);
            FieldMath.Multiply(x223, x223, x3);
        }

        private static void SquareTimes(uint[] r, uint[] a, int times)
        {
            FieldMath.Square(r, a);
            for (int i = 1; i < times; i++)
            {
                FieldMath.Square(r, r);
            }
        }
    }
}
