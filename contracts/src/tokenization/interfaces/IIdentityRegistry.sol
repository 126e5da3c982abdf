// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IIdentityRegistry
/// @notice ERC-3643-style registry of verified holders and their ISO 3166-1 numeric country codes, kept by agents.
interface IIdentityRegistry {
    /// @notice Emitted when `holder` was verified with `country`.
    event IdentityRegistered(address indexed holder, uint16 country);

    /// @notice Emitted when `holder`'s verification was removed.
    event IdentityRemoved(address indexed holder);

    /// @notice Emitted when the owner granted or revoked an agent.
    event AgentSet(address indexed agent, bool enabled);

    /// @notice Thrown when the caller is not an agent.
    error IdentityRegistryNotAgent(address caller);

    /// @notice Thrown when the holder is zero or the country code is zero.
    error IdentityRegistryBadIdentity(address holder, uint16 country);

    /// @notice Grants or revokes an agent. Owner only.
    /// @param agent The agent.
    /// @param enabled Whether it may register identities.
    function setAgent(address agent, bool enabled) external;

    /// @notice Verifies `holder` with `country` (or updates the country). Agent only.
    /// @param holder The holder.
    /// @param country ISO 3166-1 numeric code, non-zero.
    function registerIdentity(address holder, uint16 country) external;

    /// @notice Removes `holder`'s verification. Agent only.
    /// @param holder The holder.
    function removeIdentity(address holder) external;

    /// @notice Whether `holder` is verified.
    /// @param holder The holder.
    /// @return True if verified.
    function isVerified(address holder) external view returns (bool);

    /// @notice `holder`'s country code (0 if not verified).
    /// @param holder The holder.
    /// @return The code.
    function countryOf(address holder) external view returns (uint16);

    /// @notice Whether `account` is an agent.
    /// @param account The account.
    /// @return True if an agent.
    function isAgent(address account) external view returns (bool);
}
