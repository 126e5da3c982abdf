// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IRiskPool
/// @notice An ERC-4626 vault of underwriters' stablecoin. Its insurer locks capital behind each policy sold; locked
/// capital cannot be withdrawn, and is either paid out to a claimant or released when the policy expires. Premiums
/// are earned linearly over their policy's coverage (unearned premium is not part of totalAssets), and shares leave
/// in two steps: requestRedeem, then after redeemDelay redeem or withdraw at the lower of the price at the request
/// and the price then (ERC-7540-like: previewRedeem and previewWithdraw revert).
interface IRiskPool {
    /// @notice Emitted when `amount` more capital was locked behind policies (total now `locked`).
    event CapitalLocked(uint256 amount, uint256 locked);

    /// @notice Emitted when `amount` of locked capital was released without a claim (total now `locked`).
    event CapitalReleased(uint256 amount, uint256 locked);

    /// @notice Emitted when `amount` of locked capital was paid to `to` (total locked now `locked`).
    event ClaimPaid(address indexed to, uint256 amount, uint256 locked);

    /// @notice Emitted when the owner set the insurer allowed to lock and pay capital.
    event InsurerSet(address indexed insurer);

    /// @notice Emitted when `amount` of premium was scheduled to be earned linearly from `earnFrom` to `earnUntil`.
    event PremiumScheduled(uint256 amount, uint64 earnFrom, uint64 earnUntil);

    /// @notice Emitted when `owner` put `shares` (worth `assets` now) in the pool's escrow, redeemable from
    /// `unlocksAt` (a request added to an earlier one restarts its delay).
    event RedeemRequested(address indexed owner, uint256 shares, uint256 assets, uint64 unlocksAt);

    /// @notice Emitted when the owner set the delay between a redemption request and its redemption.
    event RedeemDelaySet(uint32 delay);

    /// @notice Thrown when someone other than the insurer locks, releases or pays capital.
    error RiskPoolNotInsurer(address caller);

    /// @notice Thrown when locking `amount` would exceed the free capital `free`.
    error RiskPoolInsufficientCapital(uint256 amount, uint256 free);

    /// @notice Thrown when releasing or paying `amount` exceeds the locked capital `locked`.
    error RiskPoolExceedsLocked(uint256 amount, uint256 locked);

    /// @notice Thrown when a premium's coverage ends no later than it starts, or has ended.
    error RiskPoolBadPremiumPeriod(uint64 start, uint64 end);

    /// @notice Thrown when a redemption request is for zero shares.
    error RiskPoolZeroShares();

    /// @notice Thrown when the redemption delay is set above MAX_REDEEM_DELAY.
    error RiskPoolBadDelay(uint32 delay);

    /// @notice Thrown by previewRedeem and previewWithdraw: what a redemption pays depends on its owner's request.
    error RiskPoolAsyncRedemption();

    /// @notice Sets the insurer contract. Owner only.
    /// @param insurer The insurer.
    function setInsurer(address insurer) external;

    /// @notice Locks `amount` of free capital behind a new policy. Insurer only.
    /// @param amount The sum insured.
    function lockCapital(uint256 amount) external;

    /// @notice Releases `amount` of locked capital (a policy expired or paid less). Insurer only.
    /// @param amount The amount.
    function releaseCapital(uint256 amount) external;

    /// @notice Schedules a premium the insurer has just transferred to the pool: it is earned linearly from `start`
    /// to `end`, both rounded up to a whole day (UTC), over at least one day; until earned it is not part of
    /// totalAssets, so a deposit made around a sale takes no share of it. Insurer only.
    /// @param amount The premium.
    /// @param start Coverage start.
    /// @param end Coverage end.
    function earnPremium(uint256 amount, uint64 start, uint64 end) external;

    /// @notice Puts `shares` of the caller in the pool's escrow for redemption after redeemDelay. They bear claims and
    /// count in totalSupply meanwhile, but the redemption pays at most what they were worth at the request. Final.
    /// @param shares The shares.
    /// @return assets What they are worth now, the most they will redeem for.
    /// @return unlocksAt When the caller's whole request becomes redeemable.
    function requestRedeem(uint256 shares) external returns (uint256 assets, uint64 unlocksAt);

    /// @notice Sets the delay between a redemption request and its redemption. Owner only; at most MAX_REDEEM_DELAY.
    /// It must stay at least every product's window length plus twice its staleness (QuorumInsurance checks this when
    /// a product is created), so that every window under way at a request is decided before the shares can leave.
    /// @param delay Seconds.
    function setRedeemDelay(uint32 delay) external;

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

    /// @notice Premium received but not yet earned (not part of totalAssets).
    /// @return The amount, rounded down.
    function unearnedPremium() external view returns (uint256);

    /// @notice Seconds between a redemption request and its redemption.
    /// @return The delay.
    function redeemDelay() external view returns (uint32);

    /// @notice An owner's redemption request.
    /// @param owner The owner.
    /// @return shares Shares in escrow for the owner.
    /// @return assets What they were worth at the requests, the most they redeem for.
    /// @return unlocksAt When they become redeemable.
    function pendingRedeem(address owner) external view returns (uint256 shares, uint256 assets, uint64 unlocksAt);
}
