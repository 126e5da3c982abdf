using System;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Firmware.Core.Tests.Signing
{
    /// <summary>An entropy source from a seeded <see cref="Random"/> (or all zeros, a failed RNG), so tests are repeatable.</summary>
    internal sealed class TestEntropy : IEntropySource
    {
        private readonly Random? random;

        public TestEntropy(int seed)
        {
            random = new Random(seed);
        }

        private TestEntropy()
        {
        }

        /// <summary>A source that returns only zeros, like a broken hardware RNG.</summary>
        public static TestEntropy Broken => new TestEntropy();

        public void GetBytes(byte[] buffer, int offset, int count)
        {
            if (random == null)
            {
                Array.Clear(buffer, offset, count);
            }
            else
            {
                random.NextBytes(buffer.AsSpan(offset, count));
            }
        }
    }
}
