using System;
using System.Security.Cryptography;
using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Firmware.Core.Tests.Crypto
{
    public sealed class Sha256Tests
    {
        [Fact]
        public void Hash_EqualsDotNet_ForEveryLengthFrom0To300()
        {
            Random random = new Random(2);
            for (int length = 0; length <= 300; length++)
            {
                byte[] data = new byte[length];
                random.NextBytes(data);
                Assert.Equal(SHA256.HashData(data), EdgeOracle.Firmware.Core.Crypto.Sha256.Hash(data));
            }
        }

        [Fact]
        public void Hmac_EqualsDotNet_ForShortBlockSizedAndLongKeys()
        {
            Random random = new Random(3);
            int[] keyLengths = { 0, 1, 32, 63, 64, 65, 100, 200 };
            foreach (int keyLength in keyLengths)
            {
                for (int length = 0; length <= 150; length += 7)
                {
                    byte[] key = new byte[keyLength];
                    byte[] data = new byte[length];
                    random.NextBytes(key);
                    random.NextBytes(data);
                    Assert.Equal(HMACSHA256.HashData(key, data), HmacSha256.Compute(key, data));
                }
            }
        }

        [Fact]
        public void Hmac_MatchesRfc4231TestCase2()
        {
            byte[] mac = HmacSha256.Compute("Jefe"u8.ToArray(), "what do ya want for nothing?"u8.ToArray());
            Assert.Equal("0x5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Hex.Encode(mac));
        }
    }
}
