// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IRegistryDomain
/// @notice A contract that verifies device messages signed under a DeviceRegistry's EdgeOracle EIP-712 domain.
interface IRegistryDomain {
    /// @notice Thrown at deployment when the registry's domain separator is not the one computed for its address.
    error RegistryDomainMismatch(bytes32 expected, bytes32 actual);

    /// @notice The registry whose domain and devices this contract trusts.
    /// @return The registry's address.
    function registry() external view returns (address);

    /// @notice The EdgeOracle domain separator on this chain (the registry's, computed locally).
    /// @return The separator.
    function domainSeparator() external view returns (bytes32);
}
