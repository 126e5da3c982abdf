using System;
using System.Numerics;
using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Firmware.Core.Tests.Crypto
{
    /// <summary>Not run in parallel with other tests: the multiplication counter is process-wide.</summary>
    [CollectionDefinition(nameof(FieldMathTests), DisableParallelization = true)]
    public sealed class FieldMathCounterCollection
    {
    }

    [Collection(nameof(FieldMathTests))]
    public sealed class FieldMathTests
    {
        private static readonly BigInteger P = BigInteger.Pow(2, 256) - BigInteger.Pow(2, 32) - 977;

        [Fact]
        public void MultiplySquareAddSubtract_EqualBigIntegerModP_ForRandomAndEdgeValues()
        {
            Random random = new Random(8);
            BigInteger[] edges = { 0, 1, 2, P - 1, P - 2, BigInteger.Pow(2, 255), BigInteger.Pow(2, 32) + 977, P - BigInteger.Pow(2, 128) };
            for (int i = 0; i < 2000; i++)
            {
                BigInteger a = i < edges.Length * edges.Length ? edges[i % edges.Length] : RandomElement(random);
                BigInteger b = i < edges.Length * edges.Length ? edges[i / edges.Length] : RandomElement(random);
                uint[] x = ToLimbs(a);
                uint[] y = ToLimbs(b);
                uint[] r = new uint[8];
                FieldMath.Multiply(r, x, y);
                Assert.Equal(a * b % P, FromLimbs(r));
                FieldMath.Square(r, x);
                Assert.Equal(a * a % P, FromLimbs(r));
                FieldMath.Add(r, x, y);
                Assert.Equal((a + b) % P, FromLimbs(r));
                FieldMath.Subtract(r, x, y);
                Assert.Equal(((a - b) % P + P) % P, FromLimbs(r));
                FieldMath.Negate(r, x);
                Assert.Equal((P - a) % P, FromLimbs(r));
                FieldMath.MultiplySmall(r, x, 8);
                Assert.Equal(a * 8 % P, FromLimbs(r));
            }
        }

        [Fact]
        public void Multiply_AcceptsTheResultAliasingAnInput()
        {
            BigInteger a = RandomElement(new Random(9));
            uint[] x = ToLimbs(a);
            FieldMath.Multiply(x, x, x);
            Assert.Equal(a * a % P, FromLimbs(x));
        }

        [Fact]
        public void MultiplyCount_CountsEachMultiplicationAndSquaring()
        {
            uint[] x = ToLimbs(5);
            long before = FieldMath.MultiplyCount;
            FieldMath.Multiply(x, x, x);
            FieldMath.Square(x, x);
            FieldMath.Add(x, x, x);
            Assert.Equal(2, FieldMath.MultiplyCount - before);
        }

        [Fact]
        public void TryRead_RefusesValuesNotBelowP()
        {
            byte[] bytes = P.ToByteArray(true, true);
            Assert.False(FieldMath.TryRead(bytes, 0, new uint[8]));
            bytes = (P - 1).ToByteArray(true, true);
            uint[] r = new uint[8];
            Assert.True(FieldMath.TryRead(bytes, 0, r));
            byte[] back = new byte[32];
            FieldMath.Write(r, back, 0);
            Assert.Equal(bytes, back);
        }

        private static BigInteger RandomElement(Random random)
        {
            byte[] bytes = new byte[32];
            random.NextBytes(bytes);
            return new BigInteger(bytes, true, true) % P;
        }

        private static uint[] ToLimbs(BigInteger value)
        {
            uint[] limbs = new uint[8];
            for (int i = 0; i < 8; i++)
            {
                limbs[i] = (uint)(value & uint.MaxValue);
                value >>= 32;
            }

            return limbs;
        }

        private static BigInteger FromLimbs(uint[] limbs)
        {
            BigInteger value = 0;
            for (int i = 7; i >= 0; i--)
            {
                value = (value << 32) + limbs[i];
            }

            return value;
        }
    }
}
