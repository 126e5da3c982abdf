// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IRiskPool} from "./interfaces/IRiskPool.sol";

/// @title RiskPool
/// @notice Underwriters' capital as an ERC-4626 vault over the stablecoin. Premiums arrive as plain transfers and
/// raise the share price; claims lower it. `maxWithdraw`/`maxRedeem` stop at the free capital, so capital locked
/// behind active policies never leaves except as a claim. A decimals offset of 6 blunts the first-depositor attack.
contract RiskPool is IRiskPool, ERC4626, Ownable {
    using SafeERC20 for IERC20;

    uint256 private _locked;
    address private _insurer;

    /// @param asset_ The stablecoin.
    /// @param owner_ Who sets the insurer.
    constructor(IERC20 asset_, address owner_) ERC20("EdgeOracle Risk Pool", "eRISK") ERC4626(asset_) Ownable(owner_) {}

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
    function lockCapital(uint256 amount) external onlyInsurer {
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

    /// @notice Assets `owner_` can withdraw now: their share's value, capped by the free capital.
    function maxWithdraw(address owner_) public view override returns (uint256) {
        return Math.min(super.maxWithdraw(owner_), freeCapital());
    }

    /// @notice Shares `owner_` can redeem now: their shares, capped by what the free capital buys back.
    function maxRedeem(address owner_) public view override returns (uint256) {
        return Math.min(super.maxRedeem(owner_), convertToShares(freeCapital()));
    }

    function _decimalsOffset() internal pure override returns (uint8) {
        return 6;
    }
}
