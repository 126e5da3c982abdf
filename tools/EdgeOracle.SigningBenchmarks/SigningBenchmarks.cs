using System;
using BenchmarkDotNet.Attributes;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Signing;

namespace EdgeOracle.SigningBenchmarks
{
    /// <summary>
    /// Full signature, the offline and online phases of the split, and recovery, on .NET (RyuJIT). The online
    /// benchmark drains a pool filled before each iteration, so it times only s = k^-1 (z + r d).
    /// </summary>
    [MemoryDiagnoser]
    public class SigningBenchmarks
    {
        private const int Pool = 4096;

        private readonly byte[] key = new byte[32];
        private readonly byte[] digest = new byte[32];
        private readonly byte[] signature = new byte[65];
        private readonly byte[] publicKey = new byte[64];
        private PrecomputedSigner online = null!;
        private PrecomputedSigner offline = null!;

        [GlobalSetup]
        public void Setup()
        {
            Random random = new Random(1);
            do
            {
                random.NextBytes(key);
            }
            while (!Secp256k1.IsValidPrivateKey(key));

            random.NextBytes(digest);
            online = new PrecomputedSigner(key, new SeededEntropy(2), 1, Pool);
            offline = new PrecomputedSigner(key, new SeededEntropy(3), 2, 1);
            Secp256k1.Sign(digest, key, signature, 0);
        }

        [IterationSetup(Target = nameof(OnlineSign))]
        public void FillPool()
        {
            online.Fill();
        }

        /// <summary>The plain signature: RFC 6979 nonce, 4-bit window k·G, inversion mod n.</summary>
        [Benchmark(Baseline = true)]
        public void FullSign()
        {
            Secp256k1.Sign(digest, key, signature, 0);
        }

        /// <summary>One offline entry (hedged nonce, table k·G, k^-1) and its online use.</summary>
        [Benchmark]
        public bool OfflinePlusOnlineSign()
        {
            offline.PrecomputeOne();
            return offline.TrySign(digest, signature, 0);
        }

        /// <summary>The online phase alone.</summary>
        [Benchmark(OperationsPerInvoke = Pool)]
        [InvocationCount(1)]
        public bool OnlineSign()
        {
            bool all = true;
            for (int i = 0; i < Pool; i++)
            {
                all &= online.TrySign(digest, signature, 0);
            }

            return all;
        }

        /// <summary>Public key recovery, what the gateway does per message.</summary>
        [Benchmark]
        public bool Recover()
        {
            return Secp256k1.TryRecover(digest, signature, 0, publicKey, 0);
        }
    }
}
