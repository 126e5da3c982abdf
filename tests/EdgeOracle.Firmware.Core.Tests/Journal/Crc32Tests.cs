using System.Text;
using EdgeOracle.Firmware.Core.Journal;

namespace EdgeOracle.Firmware.Core.Tests.Journal
{
    public sealed class Crc32Tests
    {
        [Theory]
        [InlineData("", 0x00000000u)]
        [InlineData("a", 0xE8B7BE43u)]
        [InlineData("123456789", 0xCBF43926u)]
        [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
        public void Compute_MatchesTheIeeeCheckValues(string text, uint expected)
        {
            byte[] data = Encoding.ASCII.GetBytes(text);
            Assert.Equal(expected, Crc32.Compute(data, 0, data.Length));
        }

        [Fact]
        public void Update_InPieces_EqualsOneShot_AtAnOffset()
        {
            byte[] data = Encoding.ASCII.GetBytes("xx123456789");
            uint state = Crc32.Update(Crc32.Initial, data, 2, 4);
            state = Crc32.Update(state, data, 6, 5);
            Assert.Equal(0xCBF43926u, Crc32.Finish(state));
        }

        [Fact]
        public void Compute_ChangesWhenAnyBitFlips()
        {
            byte[] data = Encoding.ASCII.GetBytes("journal record body");
            uint original = Crc32.Compute(data, 0, data.Length);
            for (int bit = 0; bit < data.Length * 8; bit++)
            {
                data[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.NotEqual(original, Crc32.Compute(data, 0, data.Length));
                data[bit / 8] ^= (byte)(1 << (bit % 8));
            }
        }
    }
}
