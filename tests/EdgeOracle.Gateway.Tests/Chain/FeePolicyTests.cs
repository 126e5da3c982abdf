using System.Numerics;
using EdgeOracle.Gateway.Chain;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Chain;

public sealed class FeePolicyTests
{
    private static readonly BigInteger Gwei = FeePolicy.WeiPerGwei;

    [Fact]
    public void Initial_PaysTwiceTheNextBaseFeePlusTheTip()
    {
        var fees = FeePolicy.Initial(new FeeSuggestion(10 * Gwei, 2 * Gwei), 100 * Gwei);

        Assert.Equal(new ChainFees(22 * Gwei, 2 * Gwei), fees);
    }

    [Fact]
    public void Initial_StopsAtTheCap_AndKeepsTheTipWithinIt()
    {
        Assert.Equal(new ChainFees(15 * Gwei, 2 * Gwei), FeePolicy.Initial(new FeeSuggestion(10 * Gwei, 2 * Gwei), 15 * Gwei));
        Assert.Equal(new ChainFees(1 * Gwei, 1 * Gwei), FeePolicy.Initial(new FeeSuggestion(10 * Gwei, 2 * Gwei), 1 * Gwei));
    }

    [Fact]
    public void TryBump_RaisesBothFeesByAtLeastAnEighth()
    {
        var current = new ChainFees(22 * Gwei, 2 * Gwei);

        Assert.True(FeePolicy.TryBump(current, new FeeSuggestion(1 * Gwei, 1 * Gwei), 100 * Gwei, out var bumped));

        Assert.Equal(new ChainFees(24_750_000_000, 2_250_000_000), bumped);
    }

    [Fact]
    public void TryBump_GoesToTheNodesSuggestion_WhenThatIsHigher()
    {
        var current = new ChainFees(22 * Gwei, 2 * Gwei);

        Assert.True(FeePolicy.TryBump(current, new FeeSuggestion(30 * Gwei, 3 * Gwei), 100 * Gwei, out var bumped));

        Assert.Equal(new ChainFees(63 * Gwei, 3 * Gwei), bumped);
    }

    [Fact]
    public void TryBump_RaisesEvenAZeroTip_ByAtLeastOneWei()
    {
        Assert.True(FeePolicy.TryBump(new ChainFees(7, 0), new FeeSuggestion(0, 0), Gwei, out var bumped));

        Assert.Equal(new ChainFees(8, 1), bumped);
    }

    [Fact]
    public void TryBump_Refuses_WhenTheCapLeavesNoRoomForAValidReplacement()
    {
        var current = new ChainFees(95 * Gwei, 2 * Gwei);

        Assert.True(FeePolicy.TryBump(new ChainFees(80 * Gwei, 2 * Gwei), new FeeSuggestion(1, 1), 100 * Gwei, out var capped));
        Assert.False(FeePolicy.TryBump(current, new FeeSuggestion(1, 1), 100 * Gwei, out _));
        Assert.Equal(new ChainFees(90 * Gwei, 2_250_000_000), capped);
    }
}
