using System.Numerics;

namespace EdgeOracle.Gateway.Chain;

/// <summary>
/// EIP-1559 fees for the relayer's transactions: the node's tip, and a fee cap of twice the next base fee plus the tip
/// (room for six full blocks of base-fee rises), never above the configured cap. A stuck transaction is replaced with
/// both fees raised by at least an eighth (12.5 %, more than the 10 % nodes require of a replacement), or to what the
/// node suggests now if that is more, up to the cap.
/// </summary>
public static class FeePolicy
{
    /// <summary>Wei in a gwei.</summary>
    public static readonly BigInteger WeiPerGwei = 1_000_000_000;

    /// <summary>Fees for a first send.</summary>
    public static ChainFees Initial(FeeSuggestion suggestion, BigInteger cap)
    {
        var maxFee = BigInteger.Min(2 * suggestion.NextBaseFee + suggestion.PriorityFee, cap);
        return new ChainFees(maxFee, BigInteger.Min(suggestion.PriorityFee, maxFee));
    }

    /// <summary>The least a replacement of a transaction with <paramref name="fees"/> must pay: each fee plus an eighth (at least 1 wei).</summary>
    public static ChainFees MinimumReplacement(ChainFees fees) =>
        new(Raise(fees.MaxFeePerGas), Raise(fees.MaxPriorityFeePerGas));

    /// <summary>
    /// Fees for replacing a transaction that pays <paramref name="current"/>: the minimum replacement or the current
    /// suggestion, whichever is more, capped. False when the cap leaves no room for a valid replacement.
    /// </summary>
    public static bool TryBump(ChainFees current, FeeSuggestion suggestion, BigInteger cap, out ChainFees bumped)
    {
        var minimum = MinimumReplacement(current);
        var tip = BigInteger.Max(minimum.MaxPriorityFeePerGas, suggestion.PriorityFee);
        var maxFee = BigInteger.Min(BigInteger.Max(minimum.MaxFeePerGas, 2 * suggestion.NextBaseFee + tip), cap);
        tip = BigInteger.Min(tip, maxFee);
        bumped = new ChainFees(maxFee, tip);
        return maxFee >= minimum.MaxFeePerGas && tip >= minimum.MaxPriorityFeePerGas;
    }

    /// <summary>The larger of each fee: a re-signed transaction never offers less than one the node may still hold.</summary>
    public static ChainFees AtLeast(ChainFees fees, ChainFees floor) =>
        new(BigInteger.Max(fees.MaxFeePerGas, floor.MaxFeePerGas), BigInteger.Max(fees.MaxPriorityFeePerGas, floor.MaxPriorityFeePerGas));

    private static BigInteger Raise(BigInteger fee) => fee + BigInteger.Max(BigInteger.One, (fee + 7) / 8);
}
