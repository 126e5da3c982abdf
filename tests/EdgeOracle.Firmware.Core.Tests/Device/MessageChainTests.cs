using System;
using EdgeOracle.Firmware.Core.Device;

namespace EdgeOracle.Firmware.Core.Tests.Device
{
    public sealed class MessageChainTests
    {
        [Fact]
        public void NewChain_StartsAtZeroWithAZeroDigest()
        {
            MessageChain chain = new MessageChain();
            Assert.Equal(0UL, chain.LastSequence);
            Assert.Equal(new byte[32], chain.LastDigest);
        }

        [Fact]
        public void Advance_AcceptsGaps_ButNeverARepeatOrAStepBack()
        {
            MessageChain chain = new MessageChain();
            chain.Advance(5, new byte[32]);
            chain.Advance(100, new byte[32]);
            Assert.Equal(100UL, chain.LastSequence);
            Assert.Throws<ArgumentException>(() => chain.Advance(100, new byte[32]));
            Assert.Throws<ArgumentException>(() => chain.Advance(99, new byte[32]));
        }

        [Fact]
        public void LastDigest_IsACopy_SoCallersCannotBreakTheChain()
        {
            byte[] digest = new byte[32];
            digest[0] = 7;
            MessageChain chain = new MessageChain(3, digest);
            digest[0] = 8;
            chain.LastDigest[0] = 9;
            Assert.Equal(7, chain.LastDigest[0]);
        }

        [Fact]
        public void Advance_Throws_ForADigestThatIsNot32Bytes()
        {
            Assert.Throws<ArgumentException>(() => new MessageChain().Advance(1, new byte[31]));
        }
    }
}
