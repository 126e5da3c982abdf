// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ILendingMarket
/// @notice One base asset (the stablecoin), Compound III style: suppliers earn interest, borrowers post collateral
/// (asset tokens, risk-pool shares) with per-asset factors and caps; a kinked utilization model accrues per second;
/// undercollateralized accounts are absorbed by the protocol (reserves take the debt) and the seized collateral is
/// sold at a discount. Absorb and buyCollateral work while the market is paused.
interface ILendingMarket {
    /// @notice Collateral terms. Factors are ×1e18.
    /// @param borrowCF Share of the collateral's value that can be borrowed against.
    /// @param liquidateCF Share above which debt makes the account liquidatable (> borrowCF).
    /// @param discount Discount on the collateral's price when the protocol sells it (e.g. 0.05e18).
    /// @param supplyCap Most of this collateral the market accepts in total.
    struct CollateralConfig {
        uint64 borrowCF;
        uint64 liquidateCF;
        uint64 discount;
        uint128 supplyCap;
    }

    /// @notice The kinked rate model, per-second rates ×1e18.
    struct RateModel {
        uint64 kink;
        uint64 baseRate;
        uint64 slopeLow;
        uint64 slopeHigh;
        uint64 reserveFactor;
    }

    /// @notice Emitted when `account` supplied `amount` of base.
    event Supplied(address indexed account, uint256 amount);

    /// @notice Emitted when `account` withdrew `amount` of supplied base.
    event Withdrawn(address indexed account, uint256 amount);

    /// @notice Emitted when `account` borrowed `amount`.
    event Borrowed(address indexed account, uint256 amount);

    /// @notice Emitted when `payer` repaid `amount` of `account`'s debt.
    event Repaid(address indexed payer, address indexed account, uint256 amount);

    /// @notice Emitted when `account` supplied `amount` of collateral `asset`.
    event CollateralSupplied(address indexed account, address indexed asset, uint256 amount);

    /// @notice Emitted when `account` withdrew `amount` of collateral `asset`.
    event CollateralWithdrawn(address indexed account, address indexed asset, uint256 amount);

    /// @notice Emitted when `absorber` absorbed `account`: `debt` was erased and its collateral seized.
    event Absorbed(address indexed absorber, address indexed account, uint256 debt, uint256 collateralValue);

    /// @notice Emitted with Absorbed when the collateral's liquidation value (value x (1 - discount)) exceeded the
    /// debt: `surplus` was credited to `account` as supplied base.
    event AbsorbSurplusCredited(address indexed account, uint256 surplus);

    /// @notice Emitted when the market claimed `amount` of base revenue earned by collateral it holds.
    event RevenueClaimed(address indexed distributor, uint256 amount);

    /// @notice Emitted when `buyer` bought `amount` of seized `asset` for `baseAmount`.
    event CollateralBought(address indexed buyer, address indexed asset, uint256 baseAmount, uint256 amount);

    /// @notice Emitted when the owner withdrew `amount` of reserves to `to`.
    event ReservesWithdrawn(address indexed to, uint256 amount);

    /// @notice Emitted when the owner listed or changed collateral `asset`.
    event CollateralConfigured(address indexed asset, CollateralConfig config);

    /// @notice Emitted when the guardian paused or unpaused supply, withdraw and borrow.
    event PausedSet(bool paused);

    /// @notice Emitted when `borrower` pledged policy `policyId`'s payouts to its debt.
    event PolicyPledged(uint256 indexed policyId, address indexed borrower);

    /// @notice Emitted when `policyId` paid `amount`: `repaid` went to the borrower's debt, the rest to the borrower.
    event InsurancePayout(uint256 indexed policyId, address indexed borrower, uint256 amount, uint256 repaid);

    /// @notice Thrown when an action is paused.
    error LendingMarketPaused();

    /// @notice Thrown when an amount is zero.
    error LendingMarketZeroAmount();

    /// @notice Thrown when `asset` is not listed collateral.
    error LendingMarketNotCollateral(address asset);

    /// @notice Thrown when a collateral supply would exceed its cap.
    error LendingMarketSupplyCapExceeded(address asset, uint256 total, uint256 cap);

    /// @notice Thrown when the account would not be collateralized for its debt.
    error LendingMarketUndercollateralized(address account);

    /// @notice Thrown when the market lacks the cash (suppliers' money) to lend or pay out.
    error LendingMarketInsufficientLiquidity(uint256 wanted, uint256 available);

    /// @notice Thrown when absorbing an account that is not liquidatable.
    error LendingMarketNotLiquidatable(address account);

    /// @notice Thrown when buyCollateral would give less than `minAmount` or more than the seized stock.
    error LendingMarketBadPurchase(uint256 amount, uint256 minAmount);

    /// @notice Thrown when a withdrawal exceeds the account's supply or the reserves.
    error LendingMarketInsufficientBalance(uint256 wanted, uint256 available);

    /// @notice Thrown when the config's factors are inconsistent or too many collaterals are listed.
    error LendingMarketBadConfig();

    /// @notice Thrown when the caller is not allowed (guardian, insurance, pledger).
    error LendingMarketUnauthorized(address caller);

    /// @notice Thrown when a policy cannot be pledged or released.
    error LendingMarketBadPledge(uint256 policyId);

    /// @notice Supplies base to earn interest (transferFrom). Pausable.
    /// @param amount Amount.
    function supply(uint256 amount) external;

    /// @notice Withdraws supplied base. Pausable.
    /// @param amount Amount (type(uint256).max for all).
    function withdraw(uint256 amount) external;

    /// @notice Supplies collateral (transferFrom). Pausable.
    /// @param asset Collateral asset.
    /// @param amount Amount.
    function supplyCollateral(address asset, uint256 amount) external;

    /// @notice Withdraws collateral if the account stays collateralized. Pausable.
    /// @param asset Collateral asset.
    /// @param amount Amount.
    function withdrawCollateral(address asset, uint256 amount) external;

    /// @notice Borrows base against collateral. Pausable.
    /// @param amount Amount.
    function borrow(uint256 amount) external;

    /// @notice Repays `account`'s debt from the caller (transferFrom). Works while paused.
    /// @param account Borrower.
    /// @param amount Amount (capped at the debt).
    /// @return repaid What was repaid.
    function repay(address account, uint256 amount) external returns (uint256 repaid);

    /// @notice Absorbs a liquidatable account: its debt is erased against reserves and its collateral seized, and,
    /// as in Compound III, the collateral's liquidation value (value x liquidation factor, the factor being
    /// 1 - discount, what a buyer pays for it) beyond the debt is credited to the account as supplied base, so the
    /// borrower never keeps less than collateral x factor - debt. Works while paused.
    /// @param account Borrower.
    function absorb(address account) external;

    /// @notice Claims the revenue that a RevenueDistributor owes this market for the asset tokens it holds as
    /// collateral (or seized), into the market's cash: it raises the reserves, which back suppliers. Anyone may call
    /// (it only moves money into the market). Only base-token revenue counts; collateral yield is not passed to
    /// borrowers, as in Compound III.
    /// @param distributor The asset token's RevenueDistributor.
    /// @return amount The base received.
    function claimRevenue(address distributor) external returns (uint256 amount);

    /// @notice Buys seized collateral at its discounted price. Works while paused.
    /// @param asset Collateral asset.
    /// @param minAmount Least collateral acceptable.
    /// @param baseAmount Base paid (transferFrom).
    /// @param recipient Receiver of the collateral.
    /// @return amount Collateral bought.
    function buyCollateral(address asset, uint256 minAmount, uint256 baseAmount, address recipient)
        external
        returns (uint256 amount);

    /// @notice Returns a pledged policy's beneficiary to its borrower once the borrower has no debt.
    /// @param policyId The policy.
    function releasePolicy(uint256 policyId) external;

    /// @notice Lists or updates a collateral. Owner only.
    /// @param asset The asset.
    /// @param config Terms.
    function setCollateral(address asset, CollateralConfig calldata config) external;

    /// @notice Pauses or unpauses supply, withdraw, collateral moves and borrow. Guardian (owner) only.
    /// @param paused_ Whether paused.
    function setPaused(bool paused_) external;

    /// @notice Withdraws positive reserves beyond what suppliers are owed. Owner only.
    /// @param to Receiver.
    /// @param amount Amount.
    function withdrawReserves(address to, uint256 amount) external;

    /// @notice Accrues interest to now. Anyone.
    function accrue() external;

    /// @notice Base `account` has supplied, with interest.
    /// @param account The account.
    /// @return Present value.
    function supplyBalanceOf(address account) external view returns (uint256);

    /// @notice Base `account` owes, with interest.
    /// @param account The account.
    /// @return Present value.
    function borrowBalanceOf(address account) external view returns (uint256);

    /// @notice Collateral `account` posted of `asset`.
    /// @param account The account.
    /// @param asset The asset.
    /// @return Amount.
    function collateralOf(address account, address asset) external view returns (uint256);

    /// @notice Total supplied base, present value (as of the last accrual).
    /// @return Amount.
    function totalSupply() external view returns (uint256);

    /// @notice Total borrowed base, present value (as of the last accrual).
    /// @return Amount.
    function totalBorrow() external view returns (uint256);

    /// @notice Reserves: cash plus borrows minus supplies; negative after bad debt beyond the reserves.
    /// @return Amount.
    function reserves() external view returns (int256);

    /// @notice Whether `account`'s debt is within its borrow capacity.
    /// @param account The account.
    /// @return True if collateralized.
    function isBorrowCollateralized(address account) external view returns (bool);

    /// @notice Whether `account` may be absorbed.
    /// @param account The account.
    /// @return True if liquidatable.
    function isLiquidatable(address account) external view returns (bool);

    /// @notice Current per-second borrow and supply rates ×1e18 and utilization ×1e18.
    /// @return borrowRate Borrow rate.
    /// @return supplyRate Supply rate.
    /// @return utilization Borrows over supplies.
    function rates() external view returns (uint256 borrowRate, uint256 supplyRate, uint256 utilization);

    /// @notice Collateral that `baseAmount` buys of seized `asset` now.
    /// @param asset The asset.
    /// @param baseAmount Base offered.
    /// @return Collateral amount.
    function quoteCollateral(address asset, uint256 baseAmount) external view returns (uint256);

    /// @notice The borrower who pledged policy `policyId` to this market (zero if none).
    /// @param policyId The policy.
    /// @return The borrower.
    function pledgedBy(uint256 policyId) external view returns (address);

    /// @notice Whether supply, withdraw, collateral moves and borrow are paused.
    /// @return True if paused.
    function paused() external view returns (bool);
}
