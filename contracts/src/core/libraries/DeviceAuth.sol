// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDeviceRegistry} from "../interfaces/IDeviceRegistry.sol";

/// @title DeviceAuth
/// @notice The one check every consumer of device messages makes (ARCHITECTURE.md, trust model): the message's
/// EIP-712 digest is signed by its device, and the registry holds that device as active in the role the message
/// needs. It returns why a message fails instead of reverting, because each contract answers in its own terms: the
/// spine contracts revert with their own errors (the gateway decodes them by name), the batch consumers skip the item
/// and emit the reason. The signature and the registry halves are also exposed apart, for callers that read the
/// registry once per device per batch.
/// @dev Signatures are 65 bytes r ‖ s ‖ v (PROTOCOL.md §3), checked as OpenZeppelin's ECDSA.tryRecoverCalldata
/// checks them: any other length, an s in the upper half of the curve order (the malleated twin, EIP-2) or a v other than
/// 27 or 28 (the precompile answers nothing) recovers no signer.
library DeviceAuth {
    /// @notice Why a device message was refused, in the order the checks run.
    enum Failure {
        /// The message passed.
        None,
        /// The signature is malformed, high-s, or not the device's.
        BadSignature,
        /// The device is unknown or revoked (from `verifyActive`, also a device active in another role).
        NotActive,
        /// The device is active in another role than the one asked for (`verify` and `checkRole` tell it apart).
        WrongRole
    }

    /// @dev Highest s of a canonical secp256k1 signature (n / 2), as OpenZeppelin's ECDSA.
    uint256 private constant _HALF_N = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @notice The signer of `digest`, or zero when the signature is not a canonical 65-byte secp256k1 signature.
    /// @param digest The EIP-712 digest the device signed.
    /// @param signature r ‖ s ‖ v in calldata.
    /// @return signer The recovered address, zero if none.
    function recover(bytes32 digest, bytes calldata signature) internal view returns (address signer) {
        assembly ("memory-safe") {
            let o := signature.offset
            let s := calldataload(add(o, 0x20))
            if and(eq(signature.length, 65), iszero(gt(s, _HALF_N))) {
                // ecrecover(digest, v, r, s) in free memory, which is left unallocated (scratch).
                let ptr := mload(0x40)
                mstore(ptr, digest)
                mstore(add(ptr, 0x20), byte(0, calldataload(add(o, 0x40)))) // v
                mstore(add(ptr, 0x40), calldataload(o)) // r
                mstore(add(ptr, 0x60), s)
                // The precompile writes nothing for a signature it refuses: clear the word it would write. The call
                // itself fails only for want of gas, and then leaves under 1/64 of the ~3,000 it took, too little for
                // any caller to finish its transaction, so ignoring that failure cannot let a message through.
                mstore(0x00, 0)
                pop(staticcall(gas(), 0x01, ptr, 0x80, 0x00, 0x20))
                signer := mload(0x00)
            }
        }
    }

    /// @notice Whether `signature` over `digest` is `device`'s. A failed recovery never matches, even a zero device.
    /// @param digest The EIP-712 digest the device signed.
    /// @param signature r ‖ s ‖ v in calldata.
    /// @param device The device the message names.
    /// @return True if `device` signed `digest`.
    function isSignedBy(bytes32 digest, bytes calldata signature, address device) internal view returns (bool) {
        address signer = recover(digest, signature);
        return signer == device && signer != address(0);
    }

    /// @notice The registry half, telling an unknown or revoked device from one active in another role.
    /// @param registry The deployment's device registry.
    /// @param device The device.
    /// @param role The role the message needs (DeviceRoles).
    /// @return failure None, NotActive or WrongRole.
    /// @return owner The device's registered owner (zero if never registered).
    /// @return actualRole The device's registered role.
    function checkRole(IDeviceRegistry registry, address device, uint8 role)
        internal
        view
        returns (Failure failure, address owner, uint8 actualRole)
    {
        bool active;
        (owner, actualRole, active) = registry.deviceInfo(device);
        if (!active) failure = Failure.NotActive;
        else if (actualRole != role) failure = Failure.WrongRole;
    }

    /// @notice The registry half as one yes or no (the registry's `isActive`: one word back instead of three).
    /// @param registry The deployment's device registry.
    /// @param device The device.
    /// @param role The role the message needs (DeviceRoles).
    /// @return active True if the device is registered, not revoked, and in `role`.
    function isActive(IDeviceRegistry registry, address device, uint8 role) internal view returns (bool active) {
        bytes4 selector = IDeviceRegistry.isActive.selector;
        // The call a Solidity `registry.isActive(device, role)` makes, written out: on the rounds' per-item path the
        // high-level call cost 209 gas more per item (a round of 10 after a revocation: 163,397 against 161,305).
        // It reverts where that call reverts: the registry reverted (its data bubbles up), or it returned less than
        // a word or a word that is not a bool. Callers pass clean values, as Solidity keeps them.
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, selector)
            mstore(add(ptr, 0x04), device)
            mstore(add(ptr, 0x24), role)
            // Yul evaluates arguments right to left: the call runs before returndatasize is read.
            let ok := and(gt(returndatasize(), 0x1f), staticcall(gas(), registry, ptr, 0x44, 0x00, 0x20))
            if iszero(ok) {
                returndatacopy(ptr, 0x00, returndatasize())
                revert(ptr, returndatasize())
            }
            active := mload(0x00)
            if gt(active, 1) { revert(0x00, 0x00) }
        }
    }

    /// @notice The whole check, signature first: for callers that report each cause apart and need the owner.
    /// @param registry The deployment's device registry.
    /// @param digest The EIP-712 digest the device signed.
    /// @param signature r ‖ s ‖ v in calldata.
    /// @param device The device the message names.
    /// @param role The role the message needs (DeviceRoles).
    /// @return failure None, BadSignature, NotActive or WrongRole.
    /// @return owner The device's registered owner (zero when the signature failed: the registry is not read).
    /// @return actualRole The device's registered role (zero when the signature failed).
    function verify(IDeviceRegistry registry, bytes32 digest, bytes calldata signature, address device, uint8 role)
        internal
        view
        returns (Failure failure, address owner, uint8 actualRole)
    {
        // isSignedBy and checkRole written out rather than called: each internal call level costs gas on every
        // message (135 gas per message, measured when this called them).
        address signer = recover(digest, signature);
        if (signer != device || signer == address(0)) return (Failure.BadSignature, address(0), 0);
        bool active;
        (owner, actualRole, active) = registry.deviceInfo(device);
        if (!active) failure = Failure.NotActive;
        else if (actualRole != role) failure = Failure.WrongRole;
    }

    /// @notice The whole check, signature first, with the registry's yes-or-no `isActive`.
    /// @param registry The deployment's device registry.
    /// @param digest The EIP-712 digest the device signed.
    /// @param signature r ‖ s ‖ v in calldata.
    /// @param device The device the message names.
    /// @param role The role the message needs (DeviceRoles).
    /// @return None, BadSignature or NotActive.
    function verifyActive(IDeviceRegistry registry, bytes32 digest, bytes calldata signature, address device, uint8 role)
        internal
        view
        returns (Failure)
    {
        address signer = recover(digest, signature);
        if (signer != device || signer == address(0)) return Failure.BadSignature;
        if (!isActive(registry, device, role)) return Failure.NotActive;
        return Failure.None;
    }
}
