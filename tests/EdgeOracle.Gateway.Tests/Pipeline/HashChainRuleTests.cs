using EdgeOracle.Gateway.Pipeline;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Crypto;
using EdgeOracle.Gateway.Storage;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Pipeline;

public class HashChainRuleTests
{
    private static readonly Bytes32 HeadDigest = Keccak256.Hash([1]);
    private static readonly DeviceHead Head = new(5, HeadDigest);

    [Fact]
    public void Classify_LetsAFirstMessageStart_OnlyFromZeros()
    {
        Assert.Equal(HashChainPosition.Extends, HashChainRule.Classify(null, 1, Bytes32.Zero));
        Assert.Equal(HashChainPosition.Extends, HashChainRule.Classify(null, 77, Bytes32.Zero));
        Assert.Equal(HashChainPosition.Broken, HashChainRule.Classify(null, 1, HeadDigest));
    }

    [Fact]
    public void Classify_NeedsAHigherSequence_AndALinkToTheHead()
    {
        Assert.Equal(HashChainPosition.Extends, HashChainRule.Classify(Head, 6, HeadDigest));
        Assert.Equal(HashChainPosition.Extends, HashChainRule.Classify(Head, ulong.MaxValue, HeadDigest));
        Assert.Equal(HashChainPosition.Broken, HashChainRule.Classify(Head, 6, Bytes32.Zero));
        Assert.Equal(HashChainPosition.NotAbove, HashChainRule.Classify(Head, 5, HeadDigest));
        Assert.Equal(HashChainPosition.NotAbove, HashChainRule.Classify(Head, 1, Bytes32.Zero));
    }

    [Fact]
    public void ForNotAbove_IsDuplicate_OnlyForTheStoredDigest()
    {
        Assert.Equal(ReasonCode.Duplicate, HashChainRule.ForNotAbove(HeadDigest, HeadDigest));
        Assert.Equal(ReasonCode.SequenceReplayed, HashChainRule.ForNotAbove(Bytes32.Zero, HeadDigest));
        Assert.Equal(ReasonCode.SequenceReplayed, HashChainRule.ForNotAbove(null, HeadDigest));
    }
}
