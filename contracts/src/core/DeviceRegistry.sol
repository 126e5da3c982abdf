// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {IDeviceRegistry} from "./interfaces/IDeviceRegistry.sol";
import {DeviceRoles} from "./libraries/DeviceRoles.sol";

/// @title DeviceRegistry
/// @notice Device owners register their devices' addresses with a role; consumers check that a message's signer is
/// active in the right role. This contract is the EdgeOracle EIP-712 domain's verifyingContract.
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
    function registerDevice(address device, uint8 role) external {
        if (device == address(0)) revert DeviceRegistryZeroDevice();
        if (role != DeviceRoles.SENSOR && role != DeviceRoles.TERMINAL) revert DeviceRegistryInvalidRole(role);
        if (_devices[device].active) revert DeviceRegistryAlreadyActive(device);

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
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @inheritdoc IDeviceRegistry
    function hashTypedData(bytes32 structHash) external view returns (bytes32) {
        return _hashTypedDataV4(structHash);
    }
}
