// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title SignedPrice
/// @notice The message PriceOracle's feed signer signs, spelled out here independently of the oracle's code.
library SignedPrice {
    /// @dev The EIP-191 personal-sign digest of abi.encode(oracle, chain id, asset, price, timestamp).
    function digest(address oracle, address asset, uint256 price, uint64 timestamp) internal view returns (bytes32) {
        return keccak256(
            abi.encodePacked(
                "\x19Ethereum Signed Message:\n32",
                keccak256(abi.encode(oracle, block.chainid, asset, price, timestamp))
            )
        );
    }
}
