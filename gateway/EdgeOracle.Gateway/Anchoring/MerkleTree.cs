using System;
using System.Collections.Generic;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Crypto;

namespace EdgeOracle.Gateway.Anchoring;

/// <summary>
/// The Merkle tree that <c>MerkleAnchor</c> verifies: leaves in arrival order, a parent is keccak256 of its two children
/// in ascending byte order (OpenZeppelin <c>MerkleProof</c> with commutative hashing), and the last node of an odd level
/// moves up unchanged (so its proof has no sibling at that level).
/// </summary>
public static class MerkleTree
{
    /// <summary>The root of <paramref name="leaves"/> (at least one).</summary>
    public static Bytes32 Root(IReadOnlyList<Bytes32> leaves)
    {
        ArgumentOutOfRangeException.ThrowIfZero(leaves.Count);
        var level = new List<Bytes32>(leaves);
        while (level.Count > 1)
        {
            level = Up(level);
        }

        return level[0];
    }

    /// <summary>The siblings from leaf <paramref name="index"/> up to the root.</summary>
    public static IReadOnlyList<Bytes32> Proof(IReadOnlyList<Bytes32> leaves, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, leaves.Count);
        var proof = new List<Bytes32>();
        var level = new List<Bytes32>(leaves);
        while (level.Count > 1)
        {
            var sibling = index ^ 1;
            if (sibling < level.Count)
            {
                proof.Add(level[sibling]);
            }

            level = Up(level);
            index /= 2;
        }

        return proof;
    }

    /// <summary>The root that <paramref name="leaf"/> and <paramref name="proof"/> lead to (as <c>MerkleProof.processProof</c>).</summary>
    public static Bytes32 Process(Bytes32 leaf, IEnumerable<Bytes32> proof)
    {
        var node = leaf;
        foreach (var sibling in proof)
        {
            node = Parent(node, sibling);
        }

        return node;
    }

    /// <summary>keccak256 of the two nodes in ascending order.</summary>
    public static Bytes32 Parent(Bytes32 a, Bytes32 b)
    {
        Span<byte> pair = stackalloc byte[64];
        var (low, high) = Compare(a, b) <= 0 ? (a, b) : (b, a);
        low.CopyTo(pair[..32]);
        high.CopyTo(pair[32..]);
        return Keccak256.Hash(pair);
    }

    private static List<Bytes32> Up(List<Bytes32> level)
    {
        var next = new List<Bytes32>((level.Count + 1) / 2);
        for (var i = 0; i < level.Count; i += 2)
        {
            next.Add(i + 1 < level.Count ? Parent(level[i], level[i + 1]) : level[i]);
        }

        return next;
    }

    private static int Compare(Bytes32 a, Bytes32 b)
    {
        Span<byte> x = stackalloc byte[32];
        Span<byte> y = stackalloc byte[32];
        a.CopyTo(x);
        b.CopyTo(y);
        return x.SequenceCompareTo(y);
    }
}
