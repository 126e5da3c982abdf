using System;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Tests.Protocol
{
    public sealed class AckTests
    {
        [Fact]
        public void Ack_RoundTrips_Through43Bytes()
        {
            byte[] digest = new byte[32];
            new Random(16).NextBytes(digest);
            Ack ack = new Ack(MessageKinds.PaymentIntent, 0x0102030405060708, ReasonCodes.HashChainBroken, digest);
            byte[] payload = ack.Encode();
            Assert.Equal(43, payload.Length);
            Assert.Equal(new byte[] { 1, 2, 1, 2, 3, 4, 5, 6, 7, 8, 0x89 }, payload.AsSpan(0, 11).ToArray());
            Assert.True(Ack.TryDecode(payload, out Ack back));
            Assert.Equal(MessageKinds.PaymentIntent, back.Kind);
            Assert.Equal(0x0102030405060708UL, back.Sequence);
            Assert.Equal(ReasonCodes.HashChainBroken, back.Reason);
            Assert.Equal(digest, back.Digest);
            Assert.False(back.IsSuccess);
        }

        [Theory]
        [InlineData(42, 1)]
        [InlineData(44, 1)]
        [InlineData(43, 2)]
        public void TryDecode_RefusesWrongSizeOrVersion_WithAMalformedSentinel(int size, byte version)
        {
            byte[] payload = new byte[size];
            payload[0] = version;
            Assert.False(Ack.TryDecode(payload, out Ack ack));
            Assert.Equal(ReasonCodes.Malformed, ack.Reason);
            Assert.False(ack.IsSuccess);
        }

        [Fact]
        public void Digest_Throws_WhenNot32Bytes()
        {
            Assert.Throws<ArgumentException>(() => new Ack { Digest = new byte[31] });
        }
    }
}
