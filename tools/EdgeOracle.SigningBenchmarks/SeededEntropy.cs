using System;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.SigningBenchmarks
{
    /// <summary>Seeded, allocation-free entropy, so runs are repeatable.</summary>
    internal sealed class SeededEntropy : IEntropySource
    {
        private readonly Random random;

        public SeededEntropy(int seed)
        {
            random = new Random(seed);
        }

        public void GetBytes(byte[] buffer, int offset, int count)
        {
            random.NextBytes(buffer.AsSpan(offset, count));
        }
    }
}
