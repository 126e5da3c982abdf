// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IDeviceRegistry
/// @notice Who owns which device and in which role. The registry's address is the `verifyingContract` of the
/// EdgeOracle EIP-712 domain (PROTOCOL.md §2), so it also answers the domain separator and typed-data digests.
interface IDeviceRegistry {
    /// @notice Emitted when `owner` registered `device` in `role`.
    event DeviceRegistered(address indexed device, address indexed owner, uint8 role);

    /// @notice Emitted when `owner` revoked `device`; messages it signs are refused from then on.
    event DeviceRevoked(address indexed device, address indexed owner);

    /// @notice Thrown when the device address is the zero address.
    error DeviceRegistryZeroDevice();

    /// @notice Thrown when `role` is not Sensor (1), Terminal (2) or Meter (3).
    error DeviceRegistryInvalidRole(uint8 role);

    /// @notice Thrown when `device` is already registered and active.
    error DeviceRegistryAlreadyActive(address device);

    /// @notice Thrown when `device` is not registered or was revoked.
    error DeviceRegistryNotActive(address device);

    /// @notice Thrown when `caller` is not the owner of `device`: on revokeDevice, or on registerDevice of a revoked
    /// device, which only its previous owner may register again.
    error DeviceRegistryNotOwner(address device, address caller);

    /// @notice Thrown when `proof` is not the device key's signature over DeviceRegistration(device, caller, role)
    /// on this deployment's domain (malformed, high s, another key, owner, role, registry or chain).
    error DeviceRegistryBadProof(address device);

    /// @notice Registers `device` with `role`; the caller becomes its owner. `proof` is the device key's EIP-712
    /// signature (r ‖ s ‖ v, low s) over `DeviceRegistration(address device,address owner,uint8 role)` with
    /// owner = the caller, on this registry's domain (PROTOCOL.md §8), so only the key's holder can agree to it and
    /// only for the owner it names.
    /// @dev An active device may not be registered again; a revoked one only by its previous owner (with a proof
    /// for the new role).
    /// @param device The device's address (from its secp256k1 public key).
    /// @param role 1 = Sensor, 2 = Terminal, 3 = Meter.
    /// @param proof The device's 65-byte signature of registrationDigest(device, msg.sender, role).
    function registerDevice(address device, uint8 role, bytes calldata proof) external;

    /// @notice Revokes `device`. Only its owner may.
    /// @param device The device to revoke.
    function revokeDevice(address device) external;

    /// @notice The registration of `device`; all zero if it was never registered.
    /// @param device The device to look up.
    /// @return owner Who registered it (kept after revocation).
    /// @return role Its role code (kept after revocation).
    /// @return active Whether it is registered and not revoked.
    function deviceInfo(address device) external view returns (address owner, uint8 role, bool active);

    /// @notice Whether `device` is registered, not revoked, and has `role`.
    /// @param device The device to check.
    /// @param role The role it must have.
    /// @return True when all three hold.
    function isActive(address device, uint8 role) external view returns (bool);

    /// @notice How many revocations there have been: it moves on every revokeDevice, the only change that can turn
    /// isActive(device, role) from true to false (a device's role is fixed while it is active). A consumer that saw
    /// a device active at epoch E may therefore trust that answer until the epoch moves, instead of asking again for
    /// every message (QuorumInsurance reads it once per round).
    /// @return The number of revocations so far.
    function revocationEpoch() external view returns (uint64);

    /// @notice The digest a device signs to agree to be registered by `owner` in `role` (its registration proof).
    /// @param device The device.
    /// @param owner Who will register it.
    /// @param role The role.
    /// @return The EIP-712 digest of DeviceRegistration(device, owner, role) on this domain.
    function registrationDigest(address device, address owner, uint8 role) external view returns (bytes32);

    /// @notice The EdgeOracle EIP-712 domain separator of this deployment (this registry on this chain).
    /// @return The domain separator.
    function domainSeparator() external view returns (bytes32);

    /// @notice The EIP-712 digest of `structHash` under this deployment's domain.
    /// @param structHash The struct hash of a signed message.
    /// @return The digest a device signs.
    function hashTypedData(bytes32 structHash) external view returns (bytes32);
}
