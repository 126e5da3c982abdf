using System;
using System.Numerics;
using EdgeOracle.Firmware.Core.Crypto;
using NBitcoin.Secp256k1;
using CoreSecp256k1 = EdgeOracle.Firmware.Core.Crypto.Secp256k1;

namespace EdgeOracle.Firmware.Core.Tests.Crypto
{
    public sealed class Secp256k1Tests
    {
        private const string OrderHex = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

        private static readonly BigInteger Order = BigInteger.Parse("0" + OrderHex, System.Globalization.NumberStyles.HexNumber);

        [Theory]
        // Widely published secp256k1 / SHA-256 RFC 6979 vectors (python-ecdsa, bitcoinjs, Trezor), low-s form.
        [InlineData("0000000000000000000000000000000000000000000000000000000000000001", "Satoshi Nakamoto", "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d82442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5")]
        [InlineData("0000000000000000000000000000000000000000000000000000000000000001", "All those moments will be lost in time, like tears in rain. Time to die...", "8600dbd41e348fe5c9465ab92d23e3db8b98b873beecd930736488696438cb6b547fe64427496db33bf66019dacbf0039c04199abb0122918601db38a72cfc21")]
        [InlineData("f8b8af8ce3c7cca5e300d33939540c10d45ce001b8f252bfbc57ba0342904181", "Alan Turing", "7063ae83e7f62bbb171798131b4a0564b956930092b33b07b395615d9ec7e15c58dfcc1e00a35e1572f366ffe34ba0fc47db1e7189759b9fb233c5b05ab388ea")]
        public void Sign_MatchesPublishedRfc6979Vectors(string key, string message, string expectedRs)
        {
            byte[] digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(message));
            byte[] signature = CoreSecp256k1.Sign(digest, Hex.Decode(key));
            Assert.Equal("0x" + expectedRs, Hex.Encode(signature.AsSpan(0, 64).ToArray()));
        }

        [Fact]
        public void Sign_EqualsNBitcoinRfc6979_ForRandomKeys()
        {
            Random random = new Random(6);
            for (int i = 0; i < 100; i++)
            {
                byte[] key = RandomKey(random);
                byte[] digest = new byte[32];
                random.NextBytes(digest);
                Assert.True(ECPrivKey.TryCreate(key, out ECPrivKey? nbitcoinKey));
                Assert.True(nbitcoinKey!.TrySignRecoverable(digest, out SecpRecoverableECDSASignature? expected));
                byte[] compact = new byte[64];
                expected!.WriteToSpanCompact(compact, out int recoveryId);
                byte[] actual = CoreSecp256k1.Sign(digest, key);
                Assert.Equal(compact, actual.AsSpan(0, 64).ToArray());
                Assert.Equal(27 + recoveryId, actual[64]);
            }
        }

        [Fact]
        public void Sign_IsDeterministic()
        {
            byte[] key = Keccak256.Hash(new byte[] { 1 });
            byte[] digest = Keccak256.Hash(new byte[] { 2 });
            Assert.Equal(CoreSecp256k1.Sign(digest, key), CoreSecp256k1.Sign(digest, key));
        }

        [Fact]
        public void IsValidPrivateKey_AcceptsOneToOrderMinusOne_Only()
        {
            Assert.True(CoreSecp256k1.IsValidPrivateKey(Scalar(1)));
            Assert.True(CoreSecp256k1.IsValidPrivateKey(Scalar(Order - 1)));
            Assert.False(CoreSecp256k1.IsValidPrivateKey(Scalar(0)));
            Assert.False(CoreSecp256k1.IsValidPrivateKey(Scalar(Order)));
            Assert.False(CoreSecp256k1.IsValidPrivateKey(Scalar(Order + 1)));
            Assert.False(CoreSecp256k1.IsValidPrivateKey(new byte[31]));
            Assert.False(CoreSecp256k1.IsValidPrivateKey(null!));
        }

        [Fact]
        public void GetPublicKey_OfOrderMinusOne_IsTheNegatedGenerator()
        {
            byte[] g = CoreSecp256k1.GetPublicKey(Scalar(1));
            byte[] minusG = CoreSecp256k1.GetPublicKey(Scalar(Order - 1));
            Assert.Equal(g.AsSpan(0, 32).ToArray(), minusG.AsSpan(0, 32).ToArray());
            BigInteger p = BigInteger.Pow(2, 256) - BigInteger.Pow(2, 32) - 977;
            BigInteger y = new BigInteger(g.AsSpan(32), true, true);
            Assert.Equal(p - y, new BigInteger(minusG.AsSpan(32), true, true));
        }

        [Fact]
        public void Sign_Throws_ForInvalidKeyOrDigest()
        {
            Assert.Throws<ArgumentException>(() => CoreSecp256k1.Sign(new byte[32], Scalar(0)));
            Assert.Throws<ArgumentException>(() => CoreSecp256k1.Sign(new byte[31], Scalar(1)));
        }

        [Fact]
        public void TryRecover_RefusesHighS_EvenThoughTheCurveAcceptsIt()
        {
            byte[] key = Scalar(12345);
            byte[] digest = Keccak256.Hash(new byte[] { 3 });
            byte[] sig = CoreSecp256k1.Sign(digest, key);
            BigInteger s = new BigInteger(sig.AsSpan(32, 32), true, true);
            byte[] high = (byte[])sig.Clone();
            Scalar(Order - s).CopyTo(high, 32);
            high[64] = (byte)(sig[64] == 27 ? 28 : 27);
            byte[] recovered = new byte[64];
            Assert.False(CoreSecp256k1.TryRecover(digest, high, recovered));

            // libsecp256k1 recovers the same key from it, so the refusal is policy (EIP-2), not a failure to compute.
            byte[] native = Secp256k1Net.Secp256k1.RecoverPublicKey(high.AsSpan(0, 64), (byte)(high[64] - 27), digest, false);
            Assert.Equal(CoreSecp256k1.GetPublicKey(key), native.AsSpan(1).ToArray());
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(26)]
        [InlineData(29)]
        public void TryRecover_RefusesVOtherThan27Or28(byte v)
        {
            byte[] digest = Keccak256.Hash(new byte[] { 4 });
            byte[] sig = CoreSecp256k1.Sign(digest, Scalar(99));
            sig[64] = v;
            Assert.False(CoreSecp256k1.TryRecover(digest, sig, new byte[64]));
        }

        [Fact]
        public void TryRecover_RefusesZeroOrOutOfRangeR()
        {
            byte[] digest = Keccak256.Hash(new byte[] { 5 });
            byte[] sig = CoreSecp256k1.Sign(digest, Scalar(7));
            byte[] zero = (byte[])sig.Clone();
            Array.Clear(zero, 0, 32);
            Assert.False(CoreSecp256k1.TryRecover(digest, zero, new byte[64]));
            byte[] overflow = (byte[])sig.Clone();
            Scalar(Order).CopyTo(overflow, 0);
            Assert.False(CoreSecp256k1.TryRecover(digest, overflow, new byte[64]));
        }

        [Fact]
        public void TryRecover_ReturnsSomeoneElse_WhenTheDigestChanged()
        {
            byte[] key = Scalar(424242);
            byte[] digest = Keccak256.Hash(new byte[] { 6 });
            byte[] sig = CoreSecp256k1.Sign(digest, key);
            digest[0] ^= 1;
            byte[] recovered = new byte[64];
            if (CoreSecp256k1.TryRecover(digest, sig, recovered))
            {
                Assert.NotEqual(CoreSecp256k1.GetPublicKey(key), recovered);
            }
        }

        [Fact]
        public void TryRecover_ReadsTheSignatureInPlace_AtAnOffset()
        {
            byte[] key = Scalar(31337);
            byte[] digest = Keccak256.Hash(new byte[] { 7 });
            byte[] buffer = new byte[100];
            CoreSecp256k1.Sign(digest, key, buffer, 20);
            byte[] output = new byte[70];
            Assert.True(CoreSecp256k1.TryRecover(digest, buffer, 20, output, 3));
            Assert.Equal(CoreSecp256k1.GetPublicKey(key), output.AsSpan(3, 64).ToArray());
        }

        [Fact]
        public void SignAndRecover_AllocateNothing_OnceWarmedUp()
        {
            byte[] key = Scalar(5555);
            byte[] digest = Keccak256.Hash(new byte[] { 8 });
            byte[] signature = new byte[65];
            byte[] publicKey = new byte[64];
            CoreSecp256k1.Sign(digest, key, signature, 0);
            CoreSecp256k1.TryRecover(digest, signature, 0, publicKey, 0);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                CoreSecp256k1.Sign(digest, key, signature, 0);
                Assert.True(CoreSecp256k1.TryRecover(digest, signature, 0, publicKey, 0));
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        internal static byte[] RandomKey(Random random)
        {
            byte[] key = new byte[32];
            do
            {
                random.NextBytes(key);
            }
            while (!CoreSecp256k1.IsValidPrivateKey(key));
            return key;
        }

        internal static byte[] Scalar(BigInteger value)
        {
            byte[] result = new byte[32];
            byte[] bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
            bytes.CopyTo(result, 32 - bytes.Length);
            return result;
        }
    }
}
