// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IRiskPool} from "./interfaces/IRiskPool.sol";

/// @title RiskPool
/// @notice Underwriters' capital as an ERC-4626 vault over the stablecoin. Claims lower the share price; premiums
/// raise it as they are earned, linearly over their policy's coverage, so a deposit made around a sale takes no share
/// of its premium (issue 15 row 9). Shares leave in two steps: `requestRedeem` puts them in the pool's escrow, and
/// after `redeemDelay` (at least a window and its grace, so every window under way at the request is decided first)
/// `redeem`/`withdraw` pay the lower of their worth at the request and their worth then, so a claim decided meanwhile
/// is borne and gains are forgone (row 10). `maxWithdraw`/`maxRedeem` also stop at the free capital, so capital
/// locked behind active policies never leaves except as a claim. A decimals offset of 6 blunts the first-depositor
/// attack.
/// @dev Earning: `_rate` (premium ×1e18 per second) runs down `_unearned` (premium ×1e18) from `_checkpoint` on, and
/// changes only at whole days, by `_rateDelta[day]` (a premium's rate starts at its start's next midnight and stops
/// at its end's). `_accrue` writes the running totals forward before any state change; the views compute them the
/// same way. Each day crossed since the last checkpoint costs one storage read.
contract RiskPool is IRiskPool, ERC4626, Ownable {
    using SafeERC20 for IERC20;

    /// @notice Longest redemption delay the owner may set.
    uint32 public constant MAX_REDEEM_DELAY = 90 days;

    /// @dev Premiums start and stop being earned at multiples of this.
    uint256 private constant _GRID = 1 days;

    /// @dev Fixed-point scale of `_rate` and `_unearned`.
    uint256 private constant _SCALE = 1e18;

    /// @dev A redemption request: escrowed shares, what they were worth when requested, when they unlock.
    struct Request {
        uint128 shares;
        uint128 assets;
        uint64 unlocksAt;
    }

    uint256 private _locked;
    address private _insurer;
    uint32 private _redeemDelay = 7 days;

    uint64 private _checkpoint;
    uint256 private _rate;
    uint256 private _unearned;
    mapping(uint256 day => int256) private _rateDelta;
    mapping(address owner => Request) private _requests;

    /// @param asset_ The stablecoin.
    /// @param owner_ Who sets the insurer and the redemption delay.
    constructor(IERC20 asset_, address owner_) ERC20("EdgeOracle Risk Pool", "eRISK") ERC4626(asset_) Ownable(owner_) {
        _checkpoint = uint64(block.timestamp);
    }

    modifier onlyInsurer() {
        if (msg.sender != _insurer) revert RiskPoolNotInsurer(msg.sender);
        _;
    }

    /// @inheritdoc IRiskPool
    function setInsurer(address insurer_) external onlyOwner {
        _insurer = insurer_;
        emit InsurerSet(insurer_);
    }

    /// @inheritdoc IRiskPool
    function setRedeemDelay(uint32 delay) external onlyOwner {
        if (delay > MAX_REDEEM_DELAY) revert RiskPoolBadDelay(delay);
        _redeemDelay = delay;
        emit RedeemDelaySet(delay);
    }

    /// @inheritdoc IRiskPool
    function lockCapital(uint256 amount) external onlyInsurer {
        _accrue();
        uint256 free = freeCapital();
        if (amount > free) revert RiskPoolInsufficientCapital(amount, free);
        _locked += amount;
        emit CapitalLocked(amount, _locked);
    }

    /// @inheritdoc IRiskPool
    function releaseCapital(uint256 amount) external onlyInsurer {
        uint256 locked = _locked;
        if (amount > locked) revert RiskPoolExceedsLocked(amount, locked);
        // amount <= locked was just checked.
        unchecked {
            _locked = locked - amount;
        }
        emit CapitalReleased(amount, locked - amount);
    }

    /// @inheritdoc IRiskPool
    function payClaim(address to, uint256 amount) external onlyInsurer {
        uint256 locked = _locked;
        if (amount > locked) revert RiskPoolExceedsLocked(amount, locked);
        // amount <= locked was just checked.
        unchecked {
            _locked = locked - amount;
        }
        emit ClaimPaid(to, amount, locked - amount);
        IERC20(asset()).safeTransfer(to, amount);
    }

    /// @inheritdoc IRiskPool
    function earnPremium(uint256 amount, uint64 start, uint64 end) external onlyInsurer {
        if (end <= start || end <= block.timestamp) revert RiskPoolBadPremiumPeriod(start, end);
        _accrue();
        uint256 from = Math.max(_ceilGrid(start), _ceilGrid(block.timestamp));
        uint256 until = Math.max(_ceilGrid(end), from + _GRID);
        uint256 rate = amount * _SCALE / (until - from);
        _unearned += amount * _SCALE;
        // A rate starting now (start at this very midnight) is running already; a later one starts at its midnight.
        if (from <= block.timestamp) _rate += rate;
        else _rateDelta[from / _GRID] += SafeCast.toInt256(rate);
        _rateDelta[until / _GRID] -= SafeCast.toInt256(rate);
        emit PremiumScheduled(amount, uint64(from), uint64(until));
    }

    /// @inheritdoc IRiskPool
    function requestRedeem(uint256 shares) external returns (uint256 assets, uint64 unlocksAt) {
        if (shares == 0) revert RiskPoolZeroShares();
        _accrue();
        assets = _convertToAssets(shares, Math.Rounding.Floor);
        unlocksAt = uint64(block.timestamp) + _redeemDelay;
        Request storage r = _requests[msg.sender];
        r.shares += SafeCast.toUint128(shares);
        r.assets += SafeCast.toUint128(assets);
        r.unlocksAt = unlocksAt;
        _transfer(msg.sender, address(this), shares);
        emit RedeemRequested(msg.sender, shares, assets, unlocksAt);
    }

    /// @notice Redeems `shares` of `owner_`'s matured request for the lower of their worth at the request and now.
    function redeem(uint256 shares, address receiver, address owner_) public override returns (uint256 assets) {
        _accrue();
        uint256 max = maxRedeem(owner_);
        if (shares > max) revert ERC4626ExceededMaxRedeem(owner_, shares, max);
        assets = _payout(_requests[owner_], shares);
        _settle(_msgSender(), receiver, owner_, assets, shares);
    }

    /// @notice Withdraws `assets` from `owner_`'s matured request, burning the shares the lower price asks for.
    function withdraw(uint256 assets, address receiver, address owner_) public override returns (uint256 shares) {
        _accrue();
        uint256 max = maxWithdraw(owner_);
        if (assets > max) revert ERC4626ExceededMaxWithdraw(owner_, assets, max);
        Request memory r = _requests[owner_];
        // Enough shares at the request's price and at today's; assets <= max keeps this within the request.
        shares = Math.max(
            r.assets == 0 ? 0 : Math.mulDiv(assets, r.shares, r.assets, Math.Rounding.Ceil),
            _convertToShares(assets, Math.Rounding.Ceil)
        );
        shares = Math.min(shares, r.shares);
        _settle(_msgSender(), receiver, owner_, assets, shares);
    }

    /// @notice Deposits after bringing the earned premium up to date.
    function deposit(uint256 assets, address receiver) public override returns (uint256) {
        _accrue();
        return super.deposit(assets, receiver);
    }

    /// @notice Mints after bringing the earned premium up to date.
    function mint(uint256 shares, address receiver) public override returns (uint256) {
        _accrue();
        return super.mint(shares, receiver);
    }

    /// @inheritdoc IRiskPool
    function lockedCapital() external view returns (uint256) {
        return _locked;
    }

    /// @inheritdoc IRiskPool
    function freeCapital() public view returns (uint256) {
        uint256 assets = totalAssets();
        return assets > _locked ? assets - _locked : 0;
    }

    /// @inheritdoc IRiskPool
    function insurer() external view returns (address) {
        return _insurer;
    }

    /// @inheritdoc IRiskPool
    function unearnedPremium() public view returns (uint256) {
        (, uint256 unearned) = _earnedUntil(block.timestamp);
        return unearned / _SCALE;
    }

    /// @inheritdoc IRiskPool
    function redeemDelay() external view returns (uint32) {
        return _redeemDelay;
    }

    /// @inheritdoc IRiskPool
    function pendingRedeem(address owner_) external view returns (uint256 shares, uint256 assets, uint64 unlocksAt) {
        Request memory r = _requests[owner_];
        return (r.shares, r.assets, r.unlocksAt);
    }

    /// @notice The pool's balance less the premium not yet earned.
    function totalAssets() public view override returns (uint256) {
        uint256 balance = IERC20(asset()).balanceOf(address(this));
        uint256 unearned = unearnedPremium();
        return balance > unearned ? balance - unearned : 0;
    }

    /// @notice Assets `owner_` can withdraw now: what its matured request pays, capped by the free capital; 0 before
    /// the request unlocks (or without one).
    function maxWithdraw(address owner_) public view override returns (uint256) {
        Request memory r = _requests[owner_];
        if (block.timestamp < r.unlocksAt || r.shares == 0) return 0;
        return Math.min(_payout(r, r.shares), freeCapital());
    }

    /// @notice Shares `owner_` can redeem now: its matured request's shares, capped by what the free capital buys
    /// back at the lower of the two prices a redemption pays; 0 before the request unlocks (or without one).
    function maxRedeem(address owner_) public view override returns (uint256) {
        Request memory r = _requests[owner_];
        if (block.timestamp < r.unlocksAt || r.shares == 0) return 0;
        if (r.assets == 0) return r.shares; // they pay nothing
        uint256 free = freeCapital();
        // Below either bound, the payout at that bound's price (and so at the lower one) fits the free capital.
        uint256 affordable = Math.max(_convertToShares(free, Math.Rounding.Floor), Math.mulDiv(free, r.shares, r.assets));
        return Math.min(r.shares, affordable);
    }

    /// @notice Reverts: a redemption pays according to its owner's request (see `pendingRedeem`).
    function previewRedeem(uint256) public pure override returns (uint256) {
        revert RiskPoolAsyncRedemption();
    }

    /// @notice Reverts: a withdrawal burns shares according to its owner's request (see `pendingRedeem`).
    function previewWithdraw(uint256) public pure override returns (uint256) {
        revert RiskPoolAsyncRedemption();
    }

    /// @dev What `shares` of request `r` pay: the lower of their share of its worth at the request and their worth now.
    function _payout(Request memory r, uint256 shares) private view returns (uint256) {
        if (shares == 0) return 0;
        return Math.min(Math.mulDiv(shares, r.assets, r.shares), _convertToAssets(shares, Math.Rounding.Floor));
    }

    /// @dev Burns `shares` from the escrow for `owner_`'s request and pays `assets` to `receiver`.
    function _settle(address caller, address receiver, address owner_, uint256 assets, uint256 shares) private {
        if (caller != owner_) _spendAllowance(owner_, caller, shares);
        Request storage r = _requests[owner_];
        uint256 requested = r.shares;
        uint256 part = shares == requested ? r.assets : Math.mulDiv(r.assets, shares, requested);
        // shares <= requested (maxRedeem / the clamp in withdraw) and part <= r.assets.
        unchecked {
            r.shares = uint128(requested - shares);
            r.assets -= uint128(part);
        }
        _burn(address(this), shares);
        emit Withdraw(caller, receiver, owner_, assets, shares);
        IERC20(asset()).safeTransfer(receiver, assets);
    }

    /// @dev Writes the earning totals forward to now.
    function _accrue() private {
        if (_checkpoint == block.timestamp) return;
        (_rate, _unearned) = _earnedUntil(block.timestamp);
        _checkpoint = uint64(block.timestamp);
    }

    /// @dev The rate and the unearned premium (both ×1e18) at time `to`, day by day from the checkpoint.
    function _earnedUntil(uint256 to) private view returns (uint256 rate, uint256 unearned) {
        (rate, unearned) = (_rate, _unearned);
        uint256 t = _checkpoint;
        while (t < to) {
            uint256 next = (t / _GRID + 1) * _GRID;
            uint256 stop = Math.min(next, to);
            // Every running rate belongs to a premium whose unearned part covers it until its end: no underflow.
            unearned -= rate * (stop - t);
            if (stop == next) rate = uint256(int256(rate) + _rateDelta[next / _GRID]);
            t = stop;
        }
    }

    /// @dev `t` rounded up to the grid.
    function _ceilGrid(uint256 t) private pure returns (uint256) {
        return Math.ceilDiv(t, _GRID) * _GRID;
    }

    function _decimalsOffset() internal pure override returns (uint8) {
        return 6;
    }
}
