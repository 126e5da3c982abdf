using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Crypto;
using EdgeOracle.Protocol.Wire;
using Xunit;

namespace EdgeOracle.Protocol.Tests.Wire;

public class AcknowledgementTests
{
    [Fact]
    public void ToArray_Writes43Bytes_InTheSpecLayout()
    {
        var digest = Bytes32.Parse("0x" + string.Concat(System.Linq.Enumerable.Repeat("0b", 32)));
        var bytes = new Acknowledgement(MessageKind.PaymentIntent, 0x0102030405060708, ReasonCode.HashChainBroken, digest).ToArray();

        Assert.Equal(43, bytes.Length);
        Assert.Equal(0x01, bytes[0]);
        Assert.Equal(0x02, bytes[1]);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, bytes[2..10]);
        Assert.Equal(0x89, bytes[10]);
        Assert.All(bytes[11..], b => Assert.Equal(0x0b, b));
    }

    [Fact]
    public void TryRead_ReadsBackWhatWasWritten()
    {
        var ack = new Acknowledgement(MessageKind.Observation, 9, ReasonCode.Accepted, Keccak256.Hash([1, 2, 3]));

        Assert.True(Acknowledgement.TryRead(ack.ToArray(), out var read));
        Assert.Equal(ack, read);
        Assert.False(Acknowledgement.TryRead(new byte[42], out _));
    }
}
