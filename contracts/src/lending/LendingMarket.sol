// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ILendingMarket} from "./interfaces/ILendingMarket.sol";
import {IPriceOracle} from "./interfaces/IPriceOracle.sol";
import {IRevenueDistributor} from "../tokenization/interfaces/IRevenueDistributor.sol";
import {IPayoutReceiver, IQuorumInsurance} from "../insurance/interfaces/IQuorumInsurance.sol";

/// @title LendingMarket
/// @notice A Compound III-style market. Balances are principals scaled by a supply index and a borrow index that
/// grow per second with the kinked utilization rate; the borrow side's interest minus the reserve factor goes to
/// suppliers. Reserves are not stored: they are cash + borrows − supplies, so bad debt erased by `absorb` lowers
/// them and `buyCollateral` refills them. Borrowing is limited to the suppliers' cash, so borrows never exceed what
/// suppliers provided at the time of borrowing.
contract LendingMarket is ILendingMarket, IPayoutReceiver, Ownable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice Most collateral assets listed.
    uint256 public constant MAX_COLLATERALS = 8;

    uint256 private constant _WAD = 1e18;

    IERC20 private immutable _base;
    IPriceOracle private immutable _oracle;
    IQuorumInsurance private immutable _insurance;

    RateModel private _rates;
    bool private _paused;
    uint40 private _lastAccrual;
    uint256 private _supplyIndex = _WAD;
    uint256 private _borrowIndex = _WAD;
    uint256 private _totalSupplyPrincipal;
    uint256 private _totalBorrowPrincipal;

    address[] private _collaterals;
    mapping(address asset => CollateralConfig) private _configs;
    mapping(address asset => uint256) private _totalCollateral;
    mapping(address asset => uint256) private _seized;
    mapping(address account => uint256) private _supplyPrincipal;
    mapping(address account => uint256) private _borrowPrincipal;
    mapping(address account => mapping(address asset => uint256)) private _collateral;
    mapping(uint256 policyId => address borrower) private _pledges;

    /// @param base_ The base asset (stablecoin).
    /// @param oracle_ Collateral prices.
    /// @param insurance_ The insurance whose policies can be pledged (zero for none).
    /// @param rates_ The rate model.
    /// @param owner_ Governor and guardian.
    constructor(address base_, address oracle_, address insurance_, RateModel memory rates_, address owner_)
        Ownable(owner_)
    {
        if (rates_.kink == 0 || rates_.kink > _WAD || rates_.reserveFactor > _WAD) revert LendingMarketBadConfig();
        _base = IERC20(base_);
        _oracle = IPriceOracle(oracle_);
        _insurance = IQuorumInsurance(insurance_);
        _rates = rates_;
        _lastAccrual = uint40(block.timestamp);
    }

    modifier whenNotPaused() {
        if (_paused) revert LendingMarketPaused();
        _;
    }

    /// @inheritdoc ILendingMarket
    function supply(uint256 amount) external nonReentrant whenNotPaused {
        if (amount == 0) revert LendingMarketZeroAmount();
        _accrue();
        uint256 principal = amount * _WAD / _supplyIndex;
        _supplyPrincipal[msg.sender] += principal;
        _totalSupplyPrincipal += principal;
        emit Supplied(msg.sender, amount);
        _base.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc ILendingMarket
    function withdraw(uint256 amount) external nonReentrant whenNotPaused {
        _accrue();
        uint256 balance = _supplyPrincipal[msg.sender] * _supplyIndex / _WAD;
        if (amount == type(uint256).max) amount = balance;
        if (amount == 0) revert LendingMarketZeroAmount();
        if (amount > balance) revert LendingMarketInsufficientBalance(amount, balance);
        uint256 cash = _base.balanceOf(address(this));
        if (amount > cash) revert LendingMarketInsufficientLiquidity(amount, cash);
        uint256 principal = amount == balance ? _supplyPrincipal[msg.sender] : Math.mulDiv(amount, _WAD, _supplyIndex, Math.Rounding.Ceil);
        _supplyPrincipal[msg.sender] -= principal;
        _totalSupplyPrincipal -= principal;
        emit Withdrawn(msg.sender, amount);
        _base.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc ILendingMarket
    function supplyCollateral(address asset, uint256 amount) external nonReentrant whenNotPaused {
        CollateralConfig memory config = _configs[asset];
        if (config.liquidateCF == 0) revert LendingMarketNotCollateral(asset);
        if (amount == 0) revert LendingMarketZeroAmount();
        uint256 total = _totalCollateral[asset] + amount;
        if (total > config.supplyCap) revert LendingMarketSupplyCapExceeded(asset, total, config.supplyCap);
        _totalCollateral[asset] = total;
        _collateral[msg.sender][asset] += amount;
        emit CollateralSupplied(msg.sender, asset, amount);
        IERC20(asset).safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc ILendingMarket
    function withdrawCollateral(address asset, uint256 amount) external nonReentrant whenNotPaused {
        if (amount == 0) revert LendingMarketZeroAmount();
        _accrue();
        uint256 held = _collateral[msg.sender][asset];
        if (amount > held) revert LendingMarketInsufficientBalance(amount, held);
        _collateral[msg.sender][asset] = held - amount;
        _totalCollateral[asset] -= amount;
        if (!_isCollateralized(msg.sender, false)) revert LendingMarketUndercollateralized(msg.sender);
        emit CollateralWithdrawn(msg.sender, asset, amount);
        IERC20(asset).safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc ILendingMarket
    function borrow(uint256 amount) external nonReentrant whenNotPaused {
        if (amount == 0) revert LendingMarketZeroAmount();
        _accrue();
        // Lend only what suppliers provided and is not lent out yet; reserves are not lent.
        uint256 supplied = _totalSupplyPrincipal * _supplyIndex / _WAD;
        uint256 borrowed = Math.mulDiv(_totalBorrowPrincipal, _borrowIndex, _WAD, Math.Rounding.Ceil);
        uint256 available = supplied > borrowed ? supplied - borrowed : 0;
        uint256 cash = _base.balanceOf(address(this));
        if (cash < available) available = cash;
        if (amount > available) revert LendingMarketInsufficientLiquidity(amount, available);
        uint256 principal = Math.mulDiv(amount, _WAD, _borrowIndex, Math.Rounding.Ceil);
        _borrowPrincipal[msg.sender] += principal;
        _totalBorrowPrincipal += principal;
        if (!_isCollateralized(msg.sender, false)) revert LendingMarketUndercollateralized(msg.sender);
        emit Borrowed(msg.sender, amount);
        _base.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc ILendingMarket
    function repay(address account, uint256 amount) external nonReentrant returns (uint256 repaid) {
        if (amount == 0) revert LendingMarketZeroAmount();
        _accrue();
        repaid = _reduceDebt(account, amount);
        emit Repaid(msg.sender, account, repaid);
        _base.safeTransferFrom(msg.sender, address(this), repaid);
    }

    /// @inheritdoc ILendingMarket
    function absorb(address account) external nonReentrant {
        _accrue();
        if (_isCollateralized(account, true)) revert LendingMarketNotLiquidatable(account);
        uint256 principal = _borrowPrincipal[account];
        uint256 debt = Math.mulDiv(principal, _borrowIndex, _WAD, Math.Rounding.Ceil);
        uint256 value;
        uint256 credit;
        uint256 n = _collaterals.length;
        for (uint256 i; i < n; ++i) {
            address asset = _collaterals[i];
            uint256 amount = _collateral[account][asset];
            if (amount == 0) continue;
            uint256 assetValue = amount * _oracle.price(asset) / _WAD;
            value += assetValue;
            // The liquidation factor is 1 - discount: the borrower is credited what a buyer pays for the collateral.
            credit += assetValue * (_WAD - _configs[asset].discount) / _WAD;
            _collateral[account][asset] = 0;
            _totalCollateral[asset] -= amount;
            _seized[asset] += amount;
        }
        _borrowPrincipal[account] = 0;
        _totalBorrowPrincipal -= principal;
        // Compound III: the collateral's liquidation value beyond the debt becomes the account's supply balance.
        uint256 surplus = credit > debt ? credit - debt : 0;
        if (surplus > 0) {
            uint256 surplusPrincipal = surplus * _WAD / _supplyIndex;
            _supplyPrincipal[account] += surplusPrincipal;
            _totalSupplyPrincipal += surplusPrincipal;
        }
        emit Absorbed(msg.sender, account, debt, value);
        if (surplus > 0) emit AbsorbSurplusCredited(account, surplus);
    }

    /// @inheritdoc ILendingMarket
    function claimRevenue(address distributor) external nonReentrant returns (uint256 amount) {
        uint256 before = _base.balanceOf(address(this));
        IRevenueDistributor(distributor).claim();
        amount = _base.balanceOf(address(this)) - before;
        emit RevenueClaimed(distributor, amount);
    }

    /// @inheritdoc ILendingMarket
    function buyCollateral(address asset, uint256 minAmount, uint256 baseAmount, address recipient)
        external
        nonReentrant
        returns (uint256 amount)
    {
        amount = quoteCollateral(asset, baseAmount);
        if (amount < minAmount || amount > _seized[asset] || amount == 0) {
            revert LendingMarketBadPurchase(amount, minAmount);
        }
        _seized[asset] -= amount;
        emit CollateralBought(msg.sender, asset, baseAmount, amount);
        _base.safeTransferFrom(msg.sender, address(this), baseAmount);
        IERC20(asset).safeTransfer(recipient, amount);
    }

    /// @notice Records that `from` pledged policy `policyId`'s payouts to its debt by making this market the
    /// beneficiary (with notify). Insurance only.
    /// @param policyId The policy.
    /// @param from The borrower who assigned it.
    function onPolicyAssigned(uint256 policyId, address from) external {
        if (msg.sender != address(_insurance) || address(_insurance) == address(0)) {
            revert LendingMarketUnauthorized(msg.sender);
        }
        if (_pledges[policyId] != address(0)) revert LendingMarketBadPledge(policyId);
        _pledges[policyId] = from;
        emit PolicyPledged(policyId, from);
    }

    /// @inheritdoc ILendingMarket
    function releasePolicy(uint256 policyId) external nonReentrant {
        address borrower = _pledges[policyId];
        _accrue();
        if (borrower != msg.sender || _borrowPrincipal[borrower] != 0) revert LendingMarketBadPledge(policyId);
        delete _pledges[policyId];
        _insurance.setBeneficiary(policyId, borrower, false);
    }

    /// @notice Applies a pledged policy's payout (already received) to its borrower's debt, the rest to the
    /// borrower. Insurance only.
    /// @param policyId The policy.
    /// @param amount What the policy just paid this market.
    function onPolicyPayout(uint256 policyId, uint256 amount) external nonReentrant {
        if (msg.sender != address(_insurance)) revert LendingMarketUnauthorized(msg.sender);
        address borrower = _pledges[policyId];
        if (borrower == address(0)) return; // an unpledged payout stays as reserves
        _accrue();
        uint256 repaid = _reduceDebt(borrower, amount);
        emit InsurancePayout(policyId, borrower, amount, repaid);
        if (amount > repaid) _base.safeTransfer(borrower, amount - repaid);
    }

    /// @inheritdoc ILendingMarket
    function setCollateral(address asset, CollateralConfig calldata config) external onlyOwner {
        if (config.borrowCF >= config.liquidateCF || config.liquidateCF > _WAD || config.discount >= _WAD) {
            revert LendingMarketBadConfig();
        }
        if (_configs[asset].liquidateCF == 0) {
            if (_collaterals.length >= MAX_COLLATERALS || asset == address(_base)) revert LendingMarketBadConfig();
            _collaterals.push(asset);
        }
        _configs[asset] = config;
        emit CollateralConfigured(asset, config);
    }

    /// @inheritdoc ILendingMarket
    function setPaused(bool paused_) external onlyOwner {
        _paused = paused_;
        emit PausedSet(paused_);
    }

    /// @inheritdoc ILendingMarket
    function withdrawReserves(address to, uint256 amount) external onlyOwner nonReentrant {
        _accrue();
        int256 r = reserves();
        // Cast only where r >= 0.
        // forge-lint: disable-next-line(unsafe-typecast)
        if (r < 0 || amount > uint256(r)) revert LendingMarketInsufficientBalance(amount, r < 0 ? 0 : uint256(r));
        emit ReservesWithdrawn(to, amount);
        _base.safeTransfer(to, amount);
    }

    /// @inheritdoc ILendingMarket
    function accrue() external {
        _accrue();
    }

    /// @inheritdoc ILendingMarket
    function supplyBalanceOf(address account) external view returns (uint256) {
        (uint256 s,) = _indicesNow();
        return _supplyPrincipal[account] * s / _WAD;
    }

    /// @inheritdoc ILendingMarket
    function borrowBalanceOf(address account) public view returns (uint256) {
        (, uint256 b) = _indicesNow();
        return Math.mulDiv(_borrowPrincipal[account], b, _WAD, Math.Rounding.Ceil);
    }

    /// @inheritdoc ILendingMarket
    function collateralOf(address account, address asset) external view returns (uint256) {
        return _collateral[account][asset];
    }

    /// @inheritdoc ILendingMarket
    function totalSupply() public view returns (uint256) {
        (uint256 s,) = _indicesNow();
        return _totalSupplyPrincipal * s / _WAD;
    }

    /// @inheritdoc ILendingMarket
    function totalBorrow() public view returns (uint256) {
        (, uint256 b) = _indicesNow();
        return Math.mulDiv(_totalBorrowPrincipal, b, _WAD, Math.Rounding.Ceil);
    }

    /// @inheritdoc ILendingMarket
    function reserves() public view returns (int256) {
        return int256(_base.balanceOf(address(this))) + int256(totalBorrow()) - int256(totalSupply());
    }

    /// @inheritdoc ILendingMarket
    function isBorrowCollateralized(address account) external view returns (bool) {
        return _isCollateralizedView(account, false);
    }

    /// @inheritdoc ILendingMarket
    function isLiquidatable(address account) external view returns (bool) {
        return !_isCollateralizedView(account, true);
    }

    /// @inheritdoc ILendingMarket
    function rates() public view returns (uint256 borrowRate, uint256 supplyRate, uint256 utilization) {
        return _ratesAt(_totalSupplyPrincipal * _supplyIndex / _WAD, _totalBorrowPrincipal * _borrowIndex / _WAD);
    }

    /// @inheritdoc ILendingMarket
    function quoteCollateral(address asset, uint256 baseAmount) public view returns (uint256) {
        uint256 discounted = _oracle.price(asset) * (_WAD - _configs[asset].discount) / _WAD;
        return baseAmount * _WAD / discounted;
    }

    /// @inheritdoc ILendingMarket
    function pledgedBy(uint256 policyId) external view returns (address) {
        return _pledges[policyId];
    }

    /// @inheritdoc ILendingMarket
    function paused() external view returns (bool) {
        return _paused;
    }

    function _reduceDebt(address account, uint256 amount) private returns (uint256 repaid) {
        uint256 principal = _borrowPrincipal[account];
        uint256 debt = Math.mulDiv(principal, _borrowIndex, _WAD, Math.Rounding.Ceil);
        repaid = Math.min(amount, debt);
        uint256 principalRepaid = repaid == debt ? principal : repaid * _WAD / _borrowIndex;
        _borrowPrincipal[account] = principal - principalRepaid;
        _totalBorrowPrincipal -= principalRepaid;
    }

    function _accrue() private {
        uint256 elapsed = block.timestamp - _lastAccrual;
        if (elapsed == 0) return;
        (_supplyIndex, _borrowIndex) = _indicesNow();
        _lastAccrual = uint40(block.timestamp);
    }

    function _indicesNow() private view returns (uint256 supplyIndex, uint256 borrowIndex) {
        supplyIndex = _supplyIndex;
        borrowIndex = _borrowIndex;
        uint256 elapsed = block.timestamp - _lastAccrual;
        if (elapsed == 0) return (supplyIndex, borrowIndex);
        (uint256 borrowRate, uint256 supplyRate,) =
            _ratesAt(_totalSupplyPrincipal * supplyIndex / _WAD, _totalBorrowPrincipal * borrowIndex / _WAD);
        supplyIndex += supplyIndex * supplyRate * elapsed / _WAD;
        borrowIndex += borrowIndex * borrowRate * elapsed / _WAD;
    }

    function _ratesAt(uint256 supplied, uint256 borrowed)
        private
        view
        returns (uint256 borrowRate, uint256 supplyRate, uint256 utilization)
    {
        RateModel memory m = _rates;
        utilization = supplied == 0 ? 0 : Math.min(borrowed * _WAD / supplied, _WAD);
        borrowRate = m.baseRate + uint256(m.slopeLow) * Math.min(utilization, m.kink) / _WAD;
        if (utilization > m.kink) borrowRate += uint256(m.slopeHigh) * (utilization - m.kink) / _WAD;
        supplyRate = borrowRate * utilization / _WAD * (_WAD - m.reserveFactor) / _WAD;
    }

    function _isCollateralized(address account, bool forLiquidation) private view returns (bool) {
        return _isCollateralizedView(account, forLiquidation);
    }

    /// @dev Debt within Σ collateral × price × (borrowCF, or liquidateCF when judging liquidation).
    function _isCollateralizedView(address account, bool forLiquidation) private view returns (bool) {
        uint256 debt = borrowBalanceOf(account);
        if (debt == 0) return true;
        uint256 capacity;
        uint256 n = _collaterals.length;
        for (uint256 i; i < n; ++i) {
            address asset = _collaterals[i];
            uint256 amount = _collateral[account][asset];
            if (amount == 0) continue;
            CollateralConfig memory c = _configs[asset];
            uint256 value = amount * _oracle.price(asset) / _WAD;
            capacity += value * (forLiquidation ? c.liquidateCF : c.borrowCF) / _WAD;
            if (capacity >= debt) return true;
        }
        return false;
    }
}
