using EdgeOracle.Gateway.Pipeline;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Crypto;
using EdgeOracle.Gateway.Storage;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Pipeline;

public class ChainRuleTests
{
    private static readonly Bytes32 HeadDigest = Keccak256.Hash([1]);
    private static readonly DeviceHead Head = new(5, HeadDigest);

    [Fact]
    public void Classify_LetsAFirstMessageStart_OnlyFromZeros()
    {
        Assert.Equal(ChainPosition.Extends, ChainRule.Classify(null, 1, Bytes32.Zero));
        Assert.Equal(ChainPosition.Extends, ChainRule.Classify(null, 77, Bytes32.Zero));
        Assert.Equal(ChainPosition.Broken, ChainRule.Classify(null, 1, HeadDigest));
    }

    [Fact]
    public void Classify_NeedsAHigherSequence_AndALinkToTheHead()
    {
        Assert.Equal(ChainPosition.Extends, ChainRule.Classify(Head, 6, HeadDigest));
        Assert.Equal(ChainPosition.Extends, ChainRule.Classify(Head, ulong.MaxValue, HeadDigest));
        Assert.Equal(ChainPosition.Broken, ChainRule.Classify(Head, 6, Bytes32.Zero));
        Assert.Equal(ChainPosition.NotAbove, ChainRule.Classify(Head, 5, HeadDigest));
        Assert.Equal(ChainPosition.NotAbove, ChainRule.Classify(Head, 1, Bytes32.Zero));
    }

    [Fact]
    public void ForNotAbove_IsDuplicate_OnlyForTheStoredDigest()
    {
        Assert.Equal(ReasonCode.Duplicate, ChainRule.ForNotAbove(HeadDigest, HeadDigest));
        Assert.Equal(ReasonCode.SequenceReplayed, ChainRule.ForNotAbove(Bytes32.Zero, HeadDigest));
        Assert.Equal(ReasonCode.SequenceReplayed, ChainRule.ForNotAbove(null, HeadDigest));
    }
}
