// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IMerkleAnchor
/// @notice Roots of Merkle trees over device readings, anchored by a gateway's relayer, so that anyone holding a
/// reading, its signature and its proof can show on chain that the gateway had stored it by a given block.
/// Leaves are the readings' EIP-712 digests; a parent is keccak256 of its two children in ascending order
/// (OpenZeppelin's `MerkleProof` with commutative hashing), so a proof is the list of siblings alone.
interface IMerkleAnchor {
    /// @notice One anchored root.
    /// @param submitter Who anchored it (consumers trust the roots of the gateways they know).
    /// @param count How many leaves the tree has.
    /// @param blockNumber The block it was anchored in.
    struct Anchor {
        address submitter;
        uint64 count;
        uint64 blockNumber;
    }

    /// @notice Emitted when a root was anchored.
    event RootAnchored(bytes32 indexed root, address indexed submitter, uint64 count);

    /// @notice Thrown when the root is zero or the tree is empty.
    error MerkleAnchorEmptyTree(bytes32 root, uint64 count);

    /// @notice Thrown when the root was anchored before (a resent anchor; the first one stands).
    error MerkleAnchorAlreadyAnchored(bytes32 root);

    /// @notice Anchors a root.
    /// @param root The tree's root.
    /// @param count How many leaves it has (at least one).
    function anchor(bytes32 root, uint64 count) external;

    /// @notice The record of `root` (submitter zero when never anchored).
    /// @param root The root.
    /// @return The anchor.
    function anchorOf(bytes32 root) external view returns (Anchor memory);

    /// @notice Whether `leaf` with `proof` leads to an anchored root.
    /// @param leaf The reading's digest.
    /// @param proof The siblings from the leaf up.
    /// @return True when the computed root was anchored.
    function verify(bytes32 leaf, bytes32[] calldata proof) external view returns (bool);

    /// @notice Checks a reading in one call: the anchor its proof leads to and the signer of its digest.
    /// @param digest The reading's EIP-712 digest (e.g. `QuorumInsurance.observationDigest(obs)`).
    /// @param proof The siblings from the leaf up.
    /// @param signature The device's 65-byte r ‖ s ‖ v signature of `digest`.
    /// @return root The computed root.
    /// @return anchored Its anchor (submitter zero when not anchored).
    /// @return signer The address that signed `digest` (zero when the signature is invalid).
    function verifyReading(bytes32 digest, bytes32[] calldata proof, bytes calldata signature)
        external
        view
        returns (bytes32 root, Anchor memory anchored, address signer);
}
