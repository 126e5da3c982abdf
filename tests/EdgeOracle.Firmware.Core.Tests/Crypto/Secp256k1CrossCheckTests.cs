using System;
using System.Numerics;
using EdgeOracle.Firmware.Core.Crypto;
using Nethereum.Signer;
using Native = Secp256k1Net.Secp256k1;

namespace EdgeOracle.Firmware.Core.Tests.Crypto
{
    /// <summary>The core's keys and signatures, checked against Nethereum (BouncyCastle) and libsecp256k1 (Secp256k1.Net).</summary>
    public sealed class Secp256k1CrossCheckTests : IClassFixture<RandomSignatures>
    {
        private static readonly BigInteger HalfOrder = BigInteger.Parse("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", System.Globalization.NumberStyles.HexNumber);

        private readonly RandomSignatures samples;

        public Secp256k1CrossCheckTests(RandomSignatures samples)
        {
            this.samples = samples;
        }

        [Fact]
        public void Signatures_AreLowSWithVOf27Or28()
        {
            for (int i = 0; i < RandomSignatures.Count; i++)
            {
                byte[] sig = samples.Signatures[i];
                BigInteger s = new BigInteger(sig.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
                Assert.True(s <= HalfOrder, "high s at sample " + i);
                Assert.True(sig[64] == 27 || sig[64] == 28, "v = " + sig[64]);
            }
        }

        [Fact]
        public void NethereumRecover_ReturnsCoreAddress_ForCoreSignatures()
        {
            for (int i = 0; i < RandomSignatures.Count; i++)
            {
                byte[] sig = samples.Signatures[i];
                EthECDSASignature signature = EthECDSASignatureFactory.FromComponents(sig.AsSpan(0, 32).ToArray(), sig.AsSpan(32, 32).ToArray(), sig[64]);
                string recovered = EthECKey.RecoverFromSignature(signature, samples.Digests[i]).GetPublicAddress();
                Assert.Equal(Hex.Encode(samples.Addresses[i]), recovered.ToLowerInvariant());
            }
        }

        [Fact]
        public void NethereumAddress_EqualsCoreAddress_ForTheSameKey()
        {
            for (int i = 0; i < RandomSignatures.Count; i++)
            {
                string expected = new EthECKey(samples.Keys[i], true).GetPublicAddress();
                Assert.Equal(expected.ToLowerInvariant(), Hex.Encode(samples.Addresses[i]));
            }
        }

        [Fact]
        public void LibsecpRecover_ReturnsCorePublicKey_ForCoreSignatures()
        {
            for (int i = 0; i < RandomSignatures.Count; i++)
            {
                byte[] sig = samples.Signatures[i];
                byte[] recovered = Native.RecoverPublicKey(sig.AsSpan(0, 64), (byte)(sig[64] - 27), samples.Digests[i], false);
                Assert.Equal(0x04, recovered[0]);
                Assert.Equal(samples.PublicKeys[i], recovered.AsSpan(1).ToArray());
            }
        }

        [Fact]
        public void LibsecpSign_ProducesTheSameBytes_BecauseBothUseRfc6979WithLowS()
        {
            for (int i = 0; i < RandomSignatures.Count; i++)
            {
                var (compact, recoveryId) = Native.SignRecoverable(samples.Digests[i], samples.Keys[i]);
                Assert.Equal(compact, samples.Signatures[i].AsSpan(0, 64).ToArray());
                Assert.Equal(27 + recoveryId, samples.Signatures[i][64]);
            }
        }

        [Fact]
        public void LibsecpPublicKey_EqualsCorePublicKey()
        {
            for (int i = 0; i < RandomSignatures.Count; i++)
            {
                byte[] expected = Native.CreatePublicKey(samples.Keys[i], false);
                Assert.Equal(expected.AsSpan(1).ToArray(), samples.PublicKeys[i]);
            }
        }

        [Fact]
        public void TryRecover_ReturnsSigner_ForCoreSignatures()
        {
            byte[] recovered = new byte[64];
            for (int i = 0; i < RandomSignatures.Count; i++)
            {
                Assert.True(Secp256k1.TryRecover(samples.Digests[i], samples.Signatures[i], recovered));
                Assert.Equal(samples.PublicKeys[i], recovered);
            }
        }

        [Fact]
        public void TryRecover_ReturnsSigner_ForLibsecpSignatures()
        {
            Random random = new Random(5);
            byte[] recovered = new byte[64];
            for (int i = 0; i < 200; i++)
            {
                byte[] digest = new byte[32];
                random.NextBytes(digest);
                var (compact, recoveryId) = Native.SignRecoverable(digest, samples.Keys[i]);
                byte[] sig = new byte[65];
                compact.CopyTo(sig, 0);
                sig[64] = (byte)(27 + recoveryId);
                Assert.True(Secp256k1.TryRecover(digest, sig, recovered));
                Assert.Equal(samples.PublicKeys[i], recovered);
            }
        }
    }
}
