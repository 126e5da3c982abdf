// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

import {IMerkleAnchor} from "./interfaces/IMerkleAnchor.sol";
import {DeviceAuth} from "./libraries/DeviceAuth.sol";

/// @title MerkleAnchor
/// @notice Keeps the Merkle roots that gateways anchor over the readings they stored. Anyone may anchor; an anchor
/// names its submitter, and a root is anchored once (the first anchor stands).
contract MerkleAnchor is IMerkleAnchor {
    mapping(bytes32 root => Anchor) private _anchors;

    /// @inheritdoc IMerkleAnchor
    function anchor(bytes32 root, uint64 count) external {
        if (root == bytes32(0) || count == 0) revert MerkleAnchorEmptyTree(root, count);
        if (_anchors[root].submitter != address(0)) revert MerkleAnchorAlreadyAnchored(root);

        // Block numbers stay far below 2^64 for any chain's lifetime.
        // forge-lint: disable-next-line(unsafe-typecast)
        _anchors[root] = Anchor({submitter: msg.sender, count: count, blockNumber: uint64(block.number)});
        emit RootAnchored(root, msg.sender, count);
    }

    /// @inheritdoc IMerkleAnchor
    function anchorOf(bytes32 root) external view returns (Anchor memory) {
        return _anchors[root];
    }

    /// @inheritdoc IMerkleAnchor
    function verify(bytes32 leaf, bytes32[] calldata proof) external view returns (bool) {
        return _anchors[MerkleProof.processProofCalldata(proof, leaf)].submitter != address(0);
    }

    /// @inheritdoc IMerkleAnchor
    function verifyReading(bytes32 digest, bytes32[] calldata proof, bytes calldata signature)
        external
        view
        returns (bytes32 root, Anchor memory anchored, address signer)
    {
        root = MerkleProof.processProofCalldata(proof, digest);
        anchored = _anchors[root];
        signer = DeviceAuth.recover(digest, signature);
    }
}
