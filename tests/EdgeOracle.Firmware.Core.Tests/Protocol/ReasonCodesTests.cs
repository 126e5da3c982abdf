using System.Collections.Generic;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Tests.Protocol
{
    public sealed class ReasonCodesTests
    {
        // PROTOCOL.md §7, row by row.
        public static IEnumerable<object[]> SpecTable => new[]
        {
            new object[] { (byte)0x00, "Accepted", true }, new object[] { (byte)0x01, "Duplicate", true },
            new object[] { (byte)0x80, "Malformed", false }, new object[] { (byte)0x81, "Truncated", false },
            new object[] { (byte)0x82, "Oversized", false }, new object[] { (byte)0x83, "WrongDomain", false },
            new object[] { (byte)0x84, "BadSignature", false }, new object[] { (byte)0x85, "UnknownDevice", false },
            new object[] { (byte)0x86, "WrongRole", false }, new object[] { (byte)0x87, "TopicMismatch", false },
            new object[] { (byte)0x88, "SequenceReplayed", false }, new object[] { (byte)0x89, "HashChainBroken", false },
            new object[] { (byte)0x8A, "Expired", false }, new object[] { (byte)0x8B, "BadAuthorization", false },
            new object[] { (byte)0x8C, "RateLimited", false }, new object[] { (byte)0x8D, "NotAuthorized", false },
            new object[] { (byte)0xA0, "Unavailable", false },
        };

        [Theory]
        [MemberData(nameof(SpecTable))]
        public void Name_AndClass_MatchTheSpecTable(byte code, string name, bool success)
        {
            Assert.Equal(name, ReasonCodes.Name(code));
            Assert.Equal(success, ReasonCodes.IsSuccess(code));
            Assert.Equal(code, (byte)typeof(ReasonCodes).GetField(name)!.GetValue(null)!);
        }

        [Fact]
        public void Name_OfAnUndefinedCode_SaysUnknownWithItsHex()
        {
            Assert.Equal("Unknown(0x7f)", ReasonCodes.Name(0x7F));
            Assert.True(ReasonCodes.IsSuccess(0x7F));
            Assert.False(ReasonCodes.IsSuccess(0xFF));
        }
    }
}
