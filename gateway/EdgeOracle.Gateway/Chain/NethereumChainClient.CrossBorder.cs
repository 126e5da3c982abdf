using System;
using System.Globalization;
using System.Numerics;

namespace EdgeOracle.Gateway.Chain;

// What a reverted settleCrossBorder estimate means: already settled (on chain), a swap the customer's max-in or the
// TWAP guard refuses (permanent, by name and amounts), a TWAP that is not old enough yet (transient), or another
// PaymentHub, pair or token error by name.
public sealed partial class NethereumChainClient
{
    private static readonly string AlreadySettledSelector = Selector("PaymentHubAlreadySettled(bytes32)");
    private static readonly string SlippageInSelector = Selector("ConstantProductPairSlippageIn(uint256,uint256)");
    private static readonly string AboveTwapSelector = Selector("PaymentHubSwapAboveTwap(uint256,uint256)");
    private static readonly string NoPairSelector = Selector("PaymentHubNoPair(address,address)");
    private static readonly string TwapUnavailableSelector = Selector("ConstantProductPairTwapUnavailable(uint32)");

    private static readonly string[] CrossBorderErrors =
    [
        "PaymentHubBadSignature(address)", "PaymentHubNotTerminal(address)", "PaymentHubMerchantMismatch(address,address)",
        "PaymentHubIntentExpired(uint64)", "PaymentHubZeroAmount()", "PaymentHubAmountTooLarge(uint256)",
        "ConstantProductPairExpired(uint256)", "ConstantProductPairInsufficientAmount()", "ConstantProductPairSlippageLiquidity()",
        "TestStablecoinAuthorizationNotYetValid(uint256)", "TestStablecoinAuthorizationExpired(uint256)",
        "TestStablecoinAuthorizationAlreadyUsed(address,bytes32)", "TestStablecoinInvalidSignature()",
    ];

    private static Estimate? CrossBorderRevert(RelayCall call, string revertData)
    {
        if (call.Function is not SettleCrossBorderFunction sale)
        {
            return null;
        }

        var data = revertData.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? revertData[2..] : revertData;
        if (data.StartsWith(AlreadySettledSelector, StringComparison.OrdinalIgnoreCase))
        {
            return Estimate.AlreadyOnChain("PaymentHubAlreadySettled: the sale is settled on chain");
        }

        if (data.StartsWith(SlippageInSelector, StringComparison.OrdinalIgnoreCase))
        {
            return Estimate.Reverted(
                $"ConstantProductPairSlippageIn: the swap needs {Word(data, 0)} of pay token {sale.Auth.PayToken}, more than the customer's max-in {Word(data, 1)}");
        }

        if (data.StartsWith(AboveTwapSelector, StringComparison.OrdinalIgnoreCase))
        {
            return Estimate.Reverted(
                $"PaymentHubSwapAboveTwap: the swap needs {Word(data, 0)} of pay token {sale.Auth.PayToken}, above the pair's TWAP bound {Word(data, 1)} (spot moved away from the average)");
        }

        if (data.StartsWith(NoPairSelector, StringComparison.OrdinalIgnoreCase))
        {
            return Estimate.Reverted($"PaymentHubNoPair: the hub has no pair from {sale.Auth.PayToken} to {sale.Intent.Token}");
        }

        if (data.StartsWith(TwapUnavailableSelector, StringComparison.OrdinalIgnoreCase))
        {
            return Estimate.Transient($"ConstantProductPairTwapUnavailable: the pair has no price history over the hub's FX window ({Word(data, 0)} s) yet");
        }

        foreach (var error in CrossBorderErrors)
        {
            if (data.StartsWith(Selector(error), StringComparison.OrdinalIgnoreCase))
            {
                return Estimate.Reverted(error[..error.IndexOf('(', StringComparison.Ordinal)] + " (settleCrossBorder)");
            }
        }

        return null;
    }

    // The argument word at `index` after the 4-byte selector, as a decimal number.
    private static string Word(string data, int index)
    {
        var start = 8 + (index * 64);
        return data.Length < start + 64
            ? "?"
            : BigInteger.Parse("0" + data.Substring(start, 64), NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
    }
}
