using System;
using System.Collections.Generic;
using System.Numerics;
using System.Threading;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Signing;
using Native = Secp256k1Net.Secp256k1;

namespace EdgeOracle.Firmware.Core.Tests.Signing
{
    public sealed class PrecomputedSignerTests
    {
        private static readonly BigInteger HalfOrder = BigInteger.Parse("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", System.Globalization.NumberStyles.HexNumber);

        [Fact]
        public void TenThousandOnlineSignatures_RecoverToTheSignerWithLibsecp256k1()
        {
            const int Total = 10_000;
            Random random = new Random(4);
            byte[][] keys = { FixedBaseTableTests.RandomKey(random), FixedBaseTableTests.RandomKey(random), FixedBaseTableTests.RandomKey(random), FixedBaseTableTests.RandomKey(random) };
            PrecomputedSigner[] signers = new PrecomputedSigner[keys.Length];
            string[] expected = new string[keys.Length];
            for (int i = 0; i < keys.Length; i++)
            {
                signers[i] = new PrecomputedSigner(keys[i], new TestEntropy(i), (ulong)i + 1, 64);
                expected[i] = Hex.Encode(Secp256k1.GetPublicKey(keys[i]));
                Assert.Equal(expected[i], Hex.Encode(signers[i].GetPublicKey()));
            }

            byte[] digest = new byte[32];
            byte[] signature = new byte[65];
            HashSet<string> rs = new HashSet<string>();
            for (int n = 0; n < Total; n++)
            {
                PrecomputedSigner signer = signers[n % signers.Length];
                if (signer.Available == 0)
                {
                    signer.Fill();
                }

                random.NextBytes(digest);
                Assert.True(signer.TrySign(digest, signature, 0));
                BigInteger s = new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
                Assert.True(s <= HalfOrder, "high s at " + n);
                Assert.True(signature[64] == 27 || signature[64] == 28);
                Assert.True(rs.Add(Hex.Encode(signature.AsSpan(0, 32).ToArray())), "r repeated at " + n);

                byte[] recovered = Native.RecoverPublicKey(signature.AsSpan(0, 64), (byte)(signature[64] - 27), digest, false);
                Assert.Equal(expected[n % keys.Length], Hex.Encode(recovered.AsSpan(1).ToArray()));
            }
        }

        [Fact]
        public void OnlineSignatures_AlsoRecoverWithTheCoresOwnRecovery()
        {
            Random random = new Random(5);
            byte[] key = FixedBaseTableTests.RandomKey(random);
            PrecomputedSigner signer = new PrecomputedSigner(key, new TestEntropy(5), 1, 8);
            signer.Fill();
            byte[] digest = new byte[32];
            byte[] signature = new byte[65];
            byte[] publicKey = new byte[64];
            for (int i = 0; i < 8; i++)
            {
                random.NextBytes(digest);
                Assert.True(signer.TrySign(digest, signature, 0));
                Assert.True(Secp256k1.TryRecover(digest, signature, publicKey));
                Assert.Equal(signer.GetPublicKey(), publicKey);
            }
        }

        [Fact]
        public void IdleThreadPrecomputing_WhileAnotherSigns_GivesValidUniqueSignatures()
        {
            Random random = new Random(6);
            byte[] key = FixedBaseTableTests.RandomKey(random);
            PrecomputedSigner signer = new PrecomputedSigner(key, new TestEntropy(6), 1, 16);
            string expected = Hex.Encode(signer.GetPublicKey());
            using CancellationTokenSource stop = new CancellationTokenSource();
            Thread idle = new Thread(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    if (!signer.PrecomputeOne())
                    {
                        Thread.Yield();
                    }
                }
            });
            idle.Start();

            HashSet<string> rs = new HashSet<string>();
            byte[] digest = new byte[32];
            byte[] signature = new byte[65];
            try
            {
                for (int i = 0; i < 2000; i++)
                {
                    random.NextBytes(digest);
                    signer.Sign(digest, signature, 0);
                    Assert.True(rs.Add(Hex.Encode(signature.AsSpan(0, 32).ToArray())), "r repeated at " + i);
                    byte[] recovered = Native.RecoverPublicKey(signature.AsSpan(0, 64), (byte)(signature[64] - 27), digest, false);
                    Assert.Equal(expected, Hex.Encode(recovered.AsSpan(1).ToArray()));
                }
            }
            finally
            {
                stop.Cancel();
                idle.Join();
            }
        }

        [Fact]
        public void EachEntry_IsUsedOnce_AndAnEmptyPoolRefuses()
        {
            PrecomputedSigner signer = new PrecomputedSigner(Key(7), new TestEntropy(7), 1, 3);
            Assert.Equal(0, signer.Available);
            Assert.Equal(3, signer.Fill());
            Assert.False(signer.PrecomputeOne());
            byte[] digest = new byte[32];
            byte[] a = new byte[65];
            byte[] b = new byte[65];
            Assert.True(signer.TrySign(digest, a, 0));
            Assert.True(signer.TrySign(digest, b, 0));
            Assert.NotEqual(Hex.Encode(a), Hex.Encode(b));
            Assert.True(signer.TrySign(digest, b, 0));
            Assert.Equal(0, signer.Available);
            Assert.False(signer.TrySign(digest, b, 0));
        }

        [Fact]
        public void Sign_PrecomputesWhenThePoolIsEmpty()
        {
            PrecomputedSigner signer = new PrecomputedSigner(Key(8), new TestEntropy(8), 1, 2);
            byte[] digest = new byte[32];
            digest[31] = 1;
            byte[] signature = new byte[70];
            signer.Sign(digest, signature, 5);
            byte[] compact = signature.AsSpan(5, 65).ToArray();
            byte[] publicKey = new byte[64];
            Assert.True(Secp256k1.TryRecover(digest, compact, publicKey));
            Assert.Equal(signer.GetPublicKey(), publicKey);
        }

        [Fact]
        public void Nonces_DependOnEntropyAndBootSalt_AndRepeatOnlyWhenBothRepeat()
        {
            string same1 = FirstR(Key(9), new TestEntropy(1), 10);
            string same2 = FirstR(Key(9), new TestEntropy(1), 10);
            string otherEntropy = FirstR(Key(9), new TestEntropy(2), 10);
            string brokenA = FirstR(Key(9), TestEntropy.Broken, 10);
            string brokenB = FirstR(Key(9), TestEntropy.Broken, 11);
            Assert.Equal(same1, same2);
            Assert.NotEqual(same1, otherEntropy);
            Assert.NotEqual(same1, brokenA);

            // A failed RNG still gives a fresh nonce per boot, because the boot salt never repeats.
            Assert.NotEqual(brokenA, brokenB);
        }

        [Fact]
        public void Clear_WipesThePool_AndRefusesFurtherWork()
        {
            PrecomputedSigner signer = new PrecomputedSigner(Key(10), new TestEntropy(10), 1, 4);
            signer.Fill();
            signer.Clear();
            Assert.Equal(0, signer.Available);
            Assert.False(signer.PrecomputeOne());
            Assert.False(signer.TrySign(new byte[32], new byte[65], 0));
            Assert.Throws<InvalidOperationException>(() => signer.Sign(new byte[32], new byte[65], 0));
        }

        [Fact]
        public void Constructor_RefusesBadArguments()
        {
            Assert.Throws<ArgumentException>(() => new PrecomputedSigner(new byte[32], new TestEntropy(1), 1, 4));
            Assert.Throws<ArgumentException>(() => new PrecomputedSigner(Key(1), new TestEntropy(1), 1, 0));
            Assert.Throws<ArgumentNullException>(() => new PrecomputedSigner(Key(1), null!, 1, 4));
        }

        private static string FirstR(byte[] key, TestEntropy entropy, ulong salt)
        {
            PrecomputedSigner signer = new PrecomputedSigner(key, entropy, salt, 1);
            signer.Fill();
            byte[] signature = new byte[65];
            Assert.True(signer.TrySign(new byte[32], signature, 0));
            return Hex.Encode(signature.AsSpan(0, 32).ToArray());
        }

        private static byte[] Key(int seed)
        {
            return FixedBaseTableTests.RandomKey(new Random(seed));
        }
    }
}
