// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IDeviceRegistry} from "./interfaces/IDeviceRegistry.sol";
import {IRegistryDomain} from "./interfaces/IRegistryDomain.sol";
import {EdgeMessages} from "./libraries/EdgeMessages.sol";

/// @title RegistryDomain
/// @notice Base of the contracts that consume device messages: it holds the registry and computes the registry's
/// domain separator locally (cached per chain id), which saves an external call on every message.
abstract contract RegistryDomain is IRegistryDomain {
    IDeviceRegistry private immutable _registry;
    uint256 private immutable _cachedChainId;
    bytes32 private immutable _cachedDomainSeparator;

    /// @param registry_ The DeviceRegistry of this deployment; its own domainSeparator() must agree with ours.
    constructor(address registry_) {
        _registry = IDeviceRegistry(registry_);
        _cachedChainId = block.chainid;
        _cachedDomainSeparator = EdgeMessages.domainSeparator(registry_, block.chainid);
        bytes32 actual = IDeviceRegistry(registry_).domainSeparator();
        if (actual != _cachedDomainSeparator) revert RegistryDomainMismatch(_cachedDomainSeparator, actual);
    }

    /// @inheritdoc IRegistryDomain
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IRegistryDomain
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparator();
    }

    /// @dev The registry as a typed handle.
    function _deviceRegistry() internal view returns (IDeviceRegistry) {
        return _registry;
    }

    /// @dev The EdgeOracle domain separator, rebuilt only if the chain id changed since deployment (a fork).
    function _domainSeparator() internal view returns (bytes32) {
        if (block.chainid == _cachedChainId) return _cachedDomainSeparator;
        return EdgeMessages.domainSeparator(address(_registry), block.chainid);
    }
}
