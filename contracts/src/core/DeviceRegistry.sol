// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {IDeviceRegistry} from "./interfaces/IDeviceRegistry.sol";
import {DeviceRoles} from "./libraries/DeviceRoles.sol";
import {EdgeMessages} from "./libraries/EdgeMessages.sol";

/// @title DeviceRegistry
/// @notice Device owners register their devices' addresses with a role; consumers check that a message's signer is
/// active in the right role. This contract is the EdgeOracle EIP-712 domain's verifyingContract.
/// @dev A registration carries the device key's EIP-712 signature over DeviceRegistration(device, owner, role), so
/// nobody registers a key they do not hold, and a front-runner who copies a merchant's proof cannot use it (it names
/// the merchant as owner). Once registered, a device belongs to its owner: after a revocation only that owner may
/// register it again, so a thief of a revoked (compromised) key cannot bring it back under his own name.
contract DeviceRegistry is IDeviceRegistry, EIP712 {
    struct Device {
        address owner;
        uint8 role;
        bool active;
    }

    mapping(address device => Device) private _devices;

    /// @dev Number of revocations so far (see revocationEpoch).
    uint64 private _revocationEpoch;

    constructor() EIP712("EdgeOracle", "1") {}

    /// @inheritdoc IDeviceRegistry
    function registerDevice(address device, uint8 role, bytes calldata proof) external {
        if (device == address(0)) revert DeviceRegistryZeroDevice();
        if (role != DeviceRoles.SENSOR && role != DeviceRoles.TERMINAL && role != DeviceRoles.METER) {
            revert DeviceRegistryInvalidRole(role);
        }
        Device storage entry = _devices[device];
        if (entry.active) revert DeviceRegistryAlreadyActive(device);
        if (entry.owner != address(0) && entry.owner != msg.sender) revert DeviceRegistryNotOwner(device, msg.sender);
        bytes32 digest = _hashTypedDataV4(EdgeMessages.hashRegistration(device, msg.sender, role));
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, proof);
        if (err != ECDSA.RecoverError.NoError || signer != device) revert DeviceRegistryBadProof(device);

        _devices[device] = Device({owner: msg.sender, role: role, active: true});
        emit DeviceRegistered(device, msg.sender, role);
    }

    /// @inheritdoc IDeviceRegistry
    function revokeDevice(address device) external {
        Device storage entry = _devices[device];
        if (!entry.active) revert DeviceRegistryNotActive(device);
        if (entry.owner != msg.sender) revert DeviceRegistryNotOwner(device, msg.sender);

        entry.active = false;
        // 2^64 revocations would cost more gas than any chain will ever process.
        unchecked {
            ++_revocationEpoch;
        }
        emit DeviceRevoked(device, msg.sender);
    }

    /// @inheritdoc IDeviceRegistry
    function deviceInfo(address device) external view returns (address owner, uint8 role, bool active) {
        Device storage entry = _devices[device];
        return (entry.owner, entry.role, entry.active);
    }

    /// @inheritdoc IDeviceRegistry
    function isActive(address device, uint8 role) external view returns (bool) {
        Device storage entry = _devices[device];
        return entry.active && entry.role == role;
    }

    /// @inheritdoc IDeviceRegistry
    function revocationEpoch() external view returns (uint64) {
        return _revocationEpoch;
    }

    /// @inheritdoc IDeviceRegistry
    function registrationDigest(address device, address owner, uint8 role) external view returns (bytes32) {
        return _hashTypedDataV4(EdgeMessages.hashRegistration(device, owner, role));
    }

    /// @inheritdoc IDeviceRegistry
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @inheritdoc IDeviceRegistry
    function hashTypedData(bytes32 structHash) external view returns (bytes32) {
        return _hashTypedDataV4(structHash);
    }
}
