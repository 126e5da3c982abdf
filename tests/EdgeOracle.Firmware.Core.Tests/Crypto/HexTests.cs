using System;
using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Firmware.Core.Tests.Crypto
{
    public sealed class HexTests
    {
        [Fact]
        public void Encode_WritesLowerCaseWithPrefix()
        {
            Assert.Equal("0x00ff10ab", Hex.Encode(new byte[] { 0x00, 0xFF, 0x10, 0xAB }));
            Assert.Equal("0x", Hex.Encode(new byte[0]));
        }

        [Theory]
        [InlineData("0x00ff10AB")]
        [InlineData("0X00FF10ab")]
        [InlineData("00ff10ab")]
        public void Decode_AcceptsEitherCaseWithOrWithoutPrefix(string text)
        {
            Assert.Equal(new byte[] { 0x00, 0xFF, 0x10, 0xAB }, Hex.Decode(text));
        }

        [Theory]
        [InlineData("0x123")]
        [InlineData("0xzz")]
        [InlineData("0x 1")]
        [InlineData("x0")]
        public void Decode_ThrowsArgumentException_OnBadInput(string text)
        {
            Assert.Throws<ArgumentException>(() => Hex.Decode(text));
        }

        [Fact]
        public void Decode_ThrowsArgumentException_OnNull()
        {
            Assert.Throws<ArgumentException>(() => Hex.Decode(null!));
        }

        [Fact]
        public void Decode_InvertsEncode_ForRandomBytes()
        {
            byte[] data = new byte[257];
            new Random(4).NextBytes(data);
            Assert.Equal(data, Hex.Decode(Hex.Encode(data)));
            Assert.Equal(Convert.ToHexStringLower(data), Hex.Encode(data).Substring(2));
        }
    }
}
