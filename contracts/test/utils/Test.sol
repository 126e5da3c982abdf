// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "./Vm.sol";

/// @title Test
/// @notice A small base for forge tests: the cheatcode handle, assertions and `bound`.
abstract contract Test {
    /// @dev The cheatcode contract's fixed address.
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev secp256k1 group order; private keys are 1 .. N - 1.
    uint256 internal constant SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;

    function assertTrue(bool condition, string memory why) internal pure {
        vm.assertTrue(condition, why);
    }

    function assertFalse(bool condition, string memory why) internal pure {
        vm.assertFalse(condition, why);
    }

    function assertEq(bool left, bool right, string memory why) internal pure {
        vm.assertEq(left, right, why);
    }

    function assertEq(uint256 left, uint256 right, string memory why) internal pure {
        vm.assertEq(left, right, why);
    }

    function assertEq(int256 left, int256 right, string memory why) internal pure {
        vm.assertEq(left, right, why);
    }

    function assertEq(address left, address right, string memory why) internal pure {
        vm.assertEq(left, right, why);
    }

    function assertEq(bytes32 left, bytes32 right, string memory why) internal pure {
        vm.assertEq(left, right, why);
    }

    function assertEq(string memory left, string memory right, string memory why) internal pure {
        vm.assertEq(left, right, why);
    }

    function assertEq(bytes memory left, bytes memory right, string memory why) internal pure {
        vm.assertEq(left, right, why);
    }

    /// @dev Maps any `x` into [min, max] (inclusive) without rejecting fuzz inputs; values already inside are kept.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        // size + 1 cannot overflow: the full-range case returned above.
        return min + x % (size + 1);
    }

    /// @dev A valid secp256k1 private key derived from any fuzz input.
    function boundKey(uint256 x) internal pure returns (uint256) {
        return bound(x, 1, SECP256K1_N - 1);
    }

    /// @dev The 65-byte r ‖ s ‖ v signature of `digest` by `privateKey`, as devices send it (PROTOCOL.md §4).
    function signDigest(uint256 privateKey, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(privateKey, digest);
        return abi.encodePacked(r, s, v);
    }
}
