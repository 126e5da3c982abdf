using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Storage;

namespace EdgeOracle.Gateway.Pipeline;

/// <summary>Where a message stands against its device's hash chain (PROTOCOL.md §5).</summary>
public enum HashChainPosition
{
    /// <summary>Sequence above the head and prevHash = the head's digest (zeros for a first message): it extends the chain.</summary>
    Extends,

    /// <summary>Sequence not above the head: a duplicate if it is the stored message, otherwise a replay.</summary>
    NotAbove,

    /// <summary>Sequence above the head but prevHash does not point at the head.</summary>
    Broken,
}

/// <summary>The sequence and hash-chain rule, free of storage so that it can be reasoned about (and tested) alone.</summary>
public static class HashChainRule
{
    /// <summary>Classifies a message with <paramref name="sequence"/> and <paramref name="prevHash"/> against <paramref name="head"/>.</summary>
    public static HashChainPosition Classify(DeviceHead? head, ulong sequence, Bytes32 prevHash)
    {
        if (head is not { } last)
        {
            return prevHash.IsZero ? HashChainPosition.Extends : HashChainPosition.Broken;
        }

        if (sequence <= last.Sequence)
        {
            return HashChainPosition.NotAbove;
        }

        return prevHash == last.Digest ? HashChainPosition.Extends : HashChainPosition.Broken;
    }

    /// <summary>The answer to a message that is not above the head, given the digest stored at its sequence (if any).</summary>
    public static ReasonCode ForNotAbove(Bytes32? storedDigest, Bytes32 digest) =>
        storedDigest == digest ? ReasonCode.Duplicate : ReasonCode.SequenceReplayed;
}
