// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Observation} from "../../core/libraries/EdgeMessages.sol";
import {IRegistryDomain} from "../../core/interfaces/IRegistryDomain.sol";

/// @title IRevenueDistributor
/// @notice Pays stablecoin revenue to the asset token's holders pro rata, pull-based (dividend per share with
/// per-account corrections, so transfers neither create nor destroy claims). Revenue comes from an offtaker paying
/// a tariff on device-signed energy observations (metric 6, Wh), or from direct deposits.
interface IRevenueDistributor is IRegistryDomain {
    /// @notice Emitted when `amount` was deposited for holders by `from`.
    event RevenueDeposited(address indexed from, uint256 amount);

    /// @notice Emitted when `holder` claimed `amount`.
    event RevenueClaimed(address indexed holder, uint256 amount);

    /// @notice Emitted when a meter's production observation was accepted: `wattHours` earned `revenue`.
    event ProductionRecorded(address indexed meter, uint64 indexed sequence, uint64 windowEnd, int64 wattHours, uint256 revenue);

    /// @notice Emitted when production item `index` was skipped for `reason` (see submitProduction).
    event ProductionSkipped(uint256 index, address indexed meter, uint8 reason);

    /// @notice Emitted when the owner set the tariff and offtaker.
    event TariffSet(uint256 tariffPerKWh, address offtaker);

    /// @notice Emitted when the owner added or removed a meter.
    event MeterSet(address indexed meter, bool enabled);

    /// @notice Thrown when the caller is not the asset token.
    error RevenueDistributorNotToken(address caller);

    /// @notice Thrown when a deposit is zero or no shares exist to receive it.
    error RevenueDistributorNothingToDistribute();

    /// @notice Thrown when production arrays differ in length or are empty.
    error RevenueDistributorBadBatch();

    /// @notice Deposits `amount` of the stablecoin for the current holders (transferFrom; approve first).
    /// @param amount The amount.
    function depositRevenue(uint256 amount) external;

    /// @notice Pays the caller's claimable revenue.
    /// @return amount The amount paid.
    function claim() external returns (uint256 amount);

    /// @notice Records signed energy observations of the asset's meters and bills the offtaker tariff × energy.
    /// Bad items are skipped with ProductionSkipped (1 metric/flags, 2 not a meter, 3 replayed sequence or
    /// overlapping window, 4 bad signature, 5 not an active meter (role METER) in the registry).
    /// @param observations The observations (metric 6, Wh).
    /// @param signatures Their signatures.
    /// @return revenue What the offtaker paid for them.
    function submitProduction(Observation[] calldata observations, bytes[] calldata signatures)
        external
        returns (uint256 revenue);

    /// @notice Sets the tariff (stablecoin minor units per kWh) and the offtaker who pays it. Owner only.
    /// @param tariffPerKWh The tariff.
    /// @param offtaker The payer (approves this contract).
    function setTariff(uint256 tariffPerKWh, address offtaker) external;

    /// @notice Adds or removes a meter of this asset. Owner only.
    /// @param meter The device.
    /// @param enabled Whether its observations count.
    function setMeter(address meter, bool enabled) external;

    /// @notice Called by the asset token before every balance change. Token only.
    /// @param from Sender (zero on mint).
    /// @param to Receiver (zero on burn).
    /// @param amount Amount.
    function onBalanceChange(address from, address to, uint256 amount) external;

    /// @notice Revenue `holder` can claim now.
    /// @param holder The holder.
    /// @return The amount.
    function claimable(address holder) external view returns (uint256);

    /// @notice Total revenue deposited.
    /// @return The amount.
    function totalDeposited() external view returns (uint256);

    /// @notice Total revenue claimed.
    /// @return The amount.
    function totalClaimed() external view returns (uint256);
}
