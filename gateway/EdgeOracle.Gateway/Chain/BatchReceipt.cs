using System;
using System.Collections.Generic;
using System.Text;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Crypto;

namespace EdgeOracle.Gateway.Chain;

/// <summary>What a mined call did with one of its items, read from the target contract's events in the receipt.</summary>
public enum ItemEffect
{
    /// <summary>The contract took the item (<c>PaymentSettled</c>, <c>ProductionRecorded</c>, the insurance's event).</summary>
    Taken,

    /// <summary>The contract skipped it because its effect is on chain already (settled sale, recorded meter sequence).</summary>
    AlreadyOnChain,

    /// <summary>The contract skipped it for another reason (<see cref="ItemResult.Detail"/>): permanent.</summary>
    Skipped,

    /// <summary>The receipt says nothing of it (a call without effect: no code at the address, a revert).</summary>
    Unknown,

    /// <summary>
    /// QuorumInsurance skipped it because its window is decided or past its deadline: on chain if the sensor counted
    /// for the window before (a repeat), lost otherwise; the relayer asks the contract's <c>windowState</c>.
    /// </summary>
    WindowClosed,
}

/// <summary>The fate of one item of a mined call.</summary>
/// <param name="Effect">What the contract did.</param>
/// <param name="Detail">The skip reason, by name.</param>
public readonly record struct ItemResult(ItemEffect Effect, string? Detail);

/// <summary>
/// Reads a receipt's events per item. PaymentHub names an item by its intent digest (<c>PaymentSettled(digest, …)</c>
/// or <c>PaymentSkipped(index, digest, reason)</c>); RevenueDistributor by its meter (<c>ProductionRecorded(meter, …)</c>
/// or <c>ProductionSkipped(index, meter, reason)</c>), which is unique in a batch (one row per device). Matching by
/// these keys rather than by position keeps the reading right when an adopted batch has fewer rows than it was sent with.
/// </summary>
public static class BatchReceipt
{
    /// <summary><c>PaymentSettled(bytes32,address,address,address,address,uint256,uint256,bytes32)</c>.</summary>
    public static readonly Bytes32 PaymentSettledTopic = Topic("PaymentSettled(bytes32,address,address,address,address,uint256,uint256,bytes32)");

    /// <summary><c>PaymentSkipped(uint256,bytes32,bytes4)</c>.</summary>
    public static readonly Bytes32 PaymentSkippedTopic = Topic("PaymentSkipped(uint256,bytes32,bytes4)");

    /// <summary><c>ProductionRecorded(address,uint64,uint64,int64,uint256)</c>.</summary>
    public static readonly Bytes32 ProductionRecordedTopic = Topic("ProductionRecorded(address,uint64,uint64,int64,uint256)");

    /// <summary><c>ProductionSkipped(uint256,address,uint8)</c>.</summary>
    public static readonly Bytes32 ProductionSkippedTopic = Topic("ProductionSkipped(uint256,address,uint8)");

    /// <summary><c>ObservationSkipped(uint256,address,uint8)</c> of QuorumInsurance.</summary>
    public static readonly Bytes32 ObservationSkippedTopic = Topic("ObservationSkipped(uint256,address,uint8)");

    /// <summary><c>WindowCollected(uint32,uint32,uint64,uint64,uint256)</c> of QuorumInsurance: the round counted readings of a window that stays open.</summary>
    public static readonly Bytes32 WindowCollectedTopic = Topic("WindowCollected(uint32,uint32,uint64,uint64,uint256)");

    /// <summary><c>WindowDecided(uint32,uint32,uint64,uint64,uint256,int64)</c> of QuorumInsurance.</summary>
    public static readonly Bytes32 WindowDecidedTopic = Topic("WindowDecided(uint32,uint32,uint64,uint64,uint256,int64)");

    private static readonly string[] RoundReasons =
    [
        "none",
        "bad signature (not the region's sensor at that index over this metric and window)",
        "not an active sensor in the registry",
        "not in the region",
        "the sensor already counted for this window",
        "the window is decided or past its deadline",
        "Stuck, OutOfRange or a reserved flag is set",
    ];

    private static readonly Dictionary<uint, string> PaymentErrors = Selectors(
        "PaymentHubAlreadySettled(bytes32)",
        "PaymentHubBadSignature(address)",
        "PaymentHubNotTerminal(address)",
        "PaymentHubMerchantMismatch(address,address)",
        "PaymentHubIntentExpired(uint64)",
        "PaymentHubZeroAmount()",
        "PaymentHubAmountTooLarge(uint256)",
        "PaymentHubAuthorizationFailed()");

    private static readonly string[] ProductionReasons =
    [
        "none",
        "not an energy reading (metric, negative value or flags)",
        "not a meter of this RevenueDistributor",
        "replayed sequence or overlapping window",
        "bad signature",
        "not an active sensor in the registry",
    ];

    /// <summary>The result of each of <paramref name="call"/>'s items, in call order.</summary>
    public static ItemResult[] Read(RelayCall call, ChainReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(receipt);
        var results = new ItemResult[call.Items.Count];
        if (!receipt.Succeeded)
        {
            return Fill(results, new ItemResult(ItemEffect.Unknown, null));
        }

        if (call.Target == RelayTarget.Quorum)
        {
            return ReadRound(call, receipt, results);
        }

        var (taken, skipped) = call.Target is RelayTarget.PaymentHub or RelayTarget.CrossBorder
            ? (PaymentSettledTopic, PaymentSkippedTopic)
            : (ProductionRecordedTopic, ProductionSkippedTopic);
        var byKey = new Dictionary<Bytes32, ItemResult>();
        foreach (var log in receipt.Logs)
        {
            if (!string.Equals(log.Address, call.Contract, StringComparison.OrdinalIgnoreCase) || log.Topics.Count < 2)
            {
                continue;
            }

            var topic = log.Topics[0];
            if (topic == taken)
            {
                byKey[log.Topics[1]] = new ItemResult(ItemEffect.Taken, null);
            }
            else if (topic == skipped && log.Data.Length >= 64)
            {
                byKey[log.Topics[1]] = call.Target is RelayTarget.PaymentHub or RelayTarget.CrossBorder ? PaymentSkip(log.Data) : ProductionSkip(log.Data);
            }
        }

        for (var i = 0; i < results.Length; i++)
        {
            results[i] = byKey.TryGetValue(call.Items[i].EventKey, out var result) ? result : new ItemResult(ItemEffect.Unknown, null);
        }

        return results;
    }

    /// <summary>
    /// A round names only the items it skips (<c>ObservationSkipped(index, device, reason)</c>, by device); the others
    /// counted, which the round's <c>WindowCollected</c> or <c>WindowDecided</c> confirms.
    /// </summary>
    private static ItemResult[] ReadRound(RelayCall call, ChainReceipt receipt, ItemResult[] results)
    {
        var skips = new Dictionary<Bytes32, ItemResult>();
        var counted = false;
        foreach (var log in receipt.Logs)
        {
            if (!string.Equals(log.Address, call.Contract, StringComparison.OrdinalIgnoreCase) || log.Topics.Count < 1)
            {
                continue;
            }

            var topic = log.Topics[0];
            if (topic == ObservationSkippedTopic && log.Topics.Count >= 2 && log.Data.Length >= 64)
            {
                skips[log.Topics[1]] = RoundSkip(log.Data[63]);
            }
            else if (topic == WindowCollectedTopic || topic == WindowDecidedTopic)
            {
                counted = true;
            }
        }

        for (var i = 0; i < results.Length; i++)
        {
            results[i] = skips.TryGetValue(call.Items[i].EventKey, out var skip) ? skip
                : counted ? new ItemResult(ItemEffect.Taken, null)
                : new ItemResult(ItemEffect.Unknown, null);
        }

        return results;
    }

    private static ItemResult RoundSkip(byte reason)
    {
        var text = reason < RoundReasons.Length ? RoundReasons[reason] : "reason " + reason;
        return reason switch
        {
            4 => new ItemResult(ItemEffect.AlreadyOnChain, "ObservationSkipped: " + text),
            5 => new ItemResult(ItemEffect.WindowClosed, "ObservationSkipped: " + text),
            _ => new ItemResult(ItemEffect.Skipped, "ObservationSkipped: " + text),
        };
    }

    // data = index (word) ‖ reason (bytes4, left-aligned in its word).
    private static ItemResult PaymentSkip(byte[] data)
    {
        var selector = (uint)(data[32] << 24 | data[33] << 16 | data[34] << 8 | data[35]);
        var name = PaymentErrors.TryGetValue(selector, out var known) ? known : $"0x{selector:x8}";
        return selector == AlreadySettled
            ? new ItemResult(ItemEffect.AlreadyOnChain, "PaymentHubAlreadySettled: the sale is settled on chain")
            : new ItemResult(ItemEffect.Skipped, "PaymentSkipped: " + name);
    }

    // data = index (word) ‖ reason (uint8 in its word).
    private static ItemResult ProductionSkip(byte[] data)
    {
        var reason = data[63];
        var text = reason < ProductionReasons.Length ? ProductionReasons[reason] : "reason " + reason;
        return reason == 3
            ? new ItemResult(ItemEffect.AlreadyOnChain, "ProductionSkipped: the meter's recorded sequence is at or past this reading (" + text + ")")
            : new ItemResult(ItemEffect.Skipped, "ProductionSkipped: " + text);
    }

    private static readonly uint AlreadySettled = SelectorOf("PaymentHubAlreadySettled(bytes32)");

    private static ItemResult[] Fill(ItemResult[] results, ItemResult value)
    {
        Array.Fill(results, value);
        return results;
    }

    private static Bytes32 Topic(string signature) => Keccak256.Hash(Encoding.ASCII.GetBytes(signature));

    private static uint SelectorOf(string signature) => Topic(signature).First4;

    private static Dictionary<uint, string> Selectors(params string[] signatures)
    {
        var map = new Dictionary<uint, string>();
        foreach (var signature in signatures)
        {
            map[SelectorOf(signature)] = signature[..signature.IndexOf('(', StringComparison.Ordinal)];
        }

        return map;
    }
}
