using System.Collections.Generic;
using EdgeOracle.Protocol;

namespace EdgeOracle.Gateway.Anchoring;

/// <summary>State of an anchor batch.</summary>
public enum AnchorStatus
{
    /// <summary>The tree is fixed; its root is not on chain yet.</summary>
    Pending = 0,

    /// <summary>A transaction was sent; its receipt is awaited.</summary>
    Submitted = 1,

    /// <summary>The root is on chain (mined with status 1, or found anchored already).</summary>
    Anchored = 2,
}

/// <summary>One tree of readings and where its root is.</summary>
public sealed record AnchorBatch(long Id, Bytes32 Root, int Count, AnchorStatus Status, string? TransactionHash, long? BlockNumber);

/// <summary>A reading's place in an anchored tree: what <c>GET /api/proofs/{device}/{sequence}</c> answers.</summary>
/// <param name="Device">The reading's device.</param>
/// <param name="Sequence">Its sequence.</param>
/// <param name="Leaf">The leaf: the reading's EIP-712 digest.</param>
/// <param name="LeafIndex">Its position in the tree.</param>
/// <param name="Proof">Siblings from the leaf up (for <c>MerkleAnchor.verify(leaf, proof)</c>).</param>
/// <param name="Root">The tree's root.</param>
/// <param name="Count">Leaves in the tree.</param>
/// <param name="Status">Whether the root is on chain yet.</param>
/// <param name="TransactionHash">The anchoring transaction, once sent.</param>
/// <param name="BlockNumber">Its block, once anchored.</param>
/// <param name="Contract">The MerkleAnchor contract.</param>
public sealed record ReadingProof(
    string Device,
    ulong Sequence,
    string Leaf,
    int LeafIndex,
    IReadOnlyList<string> Proof,
    string Root,
    int Count,
    AnchorStatus Status,
    string? TransactionHash,
    long? BlockNumber,
    string Contract);
