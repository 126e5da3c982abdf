// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IRiskPool
/// @notice An ERC-4626 vault of underwriters' stablecoin. Its insurer locks capital behind each policy sold; locked
/// capital cannot be withdrawn, and is either paid out to a claimant or released when the policy expires.
interface IRiskPool {
    /// @notice Emitted when `amount` more capital was locked behind policies (total now `locked`).
    event CapitalLocked(uint256 amount, uint256 locked);

    /// @notice Emitted when `amount` of locked capital was released without a claim (total now `locked`).
    event CapitalReleased(uint256 amount, uint256 locked);

    /// @notice Emitted when `amount` of locked capital was paid to `to` (total locked now `locked`).
    event ClaimPaid(address indexed to, uint256 amount, uint256 locked);

    /// @notice Emitted when the owner set the insurer allowed to lock and pay capital.
    event InsurerSet(address indexed insurer);

    /// @notice Thrown when someone other than the insurer locks, releases or pays capital.
    error RiskPoolNotInsurer(address caller);

    /// @notice Thrown when locking `amount` would exceed the free capital `free`.
    error RiskPoolInsufficientCapital(uint256 amount, uint256 free);

    /// @notice Thrown when releasing or paying `amount` exceeds the locked capital `locked`.
    error RiskPoolExceedsLocked(uint256 amount, uint256 locked);

    /// @notice Sets the insurer contract. Owner only.
    /// @param insurer The insurer.
    function setInsurer(address insurer) external;

    /// @notice Locks `amount` of free capital behind a new policy. Insurer only.
    /// @param amount The sum insured.
    function lockCapital(uint256 amount) external;

    /// @notice Releases `amount` of locked capital (a policy expired or paid less). Insurer only.
    /// @param amount The amount.
    function releaseCapital(uint256 amount) external;

    /// @notice Pays `amount` of locked capital to `to`. Insurer only.
    /// @param to The claimant.
    /// @param amount The amount.
    function payClaim(address to, uint256 amount) external;

    /// @notice Capital locked behind active policies.
    /// @return The amount.
    function lockedCapital() external view returns (uint256);

    /// @notice Capital free to back new policies or be withdrawn.
    /// @return totalAssets minus locked capital.
    function freeCapital() external view returns (uint256);

    /// @notice The insurer allowed to lock and pay capital.
    /// @return The insurer.
    function insurer() external view returns (address);
}
