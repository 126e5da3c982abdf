using System;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Signing;

namespace EdgeOracle.Firmware.Core.Tests.Signing
{
    public sealed class FixedBaseTableTests
    {
        private static readonly string[] EdgeKeys =
        {
            "0000000000000000000000000000000000000000000000000000000000000001",
            "0000000000000000000000000000000000000000000000000000000000000002",
            "000000000000000000000000000000000000000000000000000000000000000f",
            "0000000000000000000000000000000000000000000000000000000000000010",
            "8000000000000000000000000000000000000000000000000000000000000000",
            "fffffffffffffffffffffffffffffffe00000000000000000000000000000000",
            "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140",
            "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd036413f",
        };

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(4)]
        [InlineData(8)]
        [InlineData(16)]
        public void GetPublicKey_MatchesTheWindowLadder_ForEveryInterleave(int interleave)
        {
            FixedBaseTable table = new FixedBaseTable(interleave);
            Assert.Equal(64 / interleave * 15 * 64, table.TableBytes);
            Random random = new Random(interleave);
            byte[] actual = new byte[64];
            for (int i = 0; i < EdgeKeys.Length + 50; i++)
            {
                byte[] key = i < EdgeKeys.Length ? Hex.Decode(EdgeKeys[i]) : RandomKey(random);
                table.GetPublicKey(key, actual, 0);
                Assert.Equal(Hex.Encode(Secp256k1.GetPublicKey(key)), Hex.Encode(actual));
            }
        }

        [Fact]
        public void GetPublicKey_RefusesZeroAndOrder()
        {
            byte[] output = new byte[64];
            Assert.Throws<ArgumentException>(() => FixedBaseTable.Default.GetPublicKey(new byte[32], output, 0));
            Assert.Throws<ArgumentException>(() => FixedBaseTable.Default.GetPublicKey(Hex.Decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"), output, 0));
        }

        [Fact]
        public void Constructor_RefusesAnInterleaveThatDoesNotDivide64()
        {
            Assert.Throws<ArgumentException>(() => new FixedBaseTable(3));
        }

        internal static byte[] RandomKey(Random random)
        {
            byte[] key = new byte[32];
            do
            {
                random.NextBytes(key);
            }
            while (!Secp256k1.IsValidPrivateKey(key));

            return key;
        }
    }
}
