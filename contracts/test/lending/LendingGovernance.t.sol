// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {LendingMarket} from "../../src/lending/LendingMarket.sol";
import {ILendingMarket} from "../../src/lending/interfaces/ILendingMarket.sol";
import {LendingFixture} from "./LendingMarket.t.sol";

/// @dev The owner's side of the market: its rate model and collateral terms, the pause, and the reserves.
contract LendingGovernanceTest is LendingFixture {
    function setUp() public {
        _deployLending(address(0));
    }

    function _terms(uint64 borrowCF, uint64 liquidateCF, uint64 discount)
        internal
        pure
        returns (ILendingMarket.CollateralConfig memory)
    {
        return ILendingMarket.CollateralConfig({
            borrowCF: borrowCF, liquidateCF: liquidateCF, discount: discount, supplyCap: 1_000_000e6
        });
    }

    function _expectDeployRefused(ILendingMarket.RateModel memory rates) internal {
        vm.expectRevert(ILendingMarket.LendingMarketBadConfig.selector);
        new LendingMarket(address(token), address(oracle), address(0), rates, GOV);
    }

    function _expectTermsRefused(address asset, ILendingMarket.CollateralConfig memory config) internal {
        vm.expectRevert(ILendingMarket.LendingMarketBadConfig.selector);
        vm.prank(GOV);
        market.setCollateral(asset, config);
    }

    function _pause() internal {
        vm.prank(GOV);
        market.setPaused(true);
    }

    function test_RevertWhen_DeployedWithZeroKink() public {
        ILendingMarket.RateModel memory rates = _rateModel();
        rates.kink = 0;
        _expectDeployRefused(rates);
    }

    function test_RevertWhen_DeployedWithKinkAboveOne() public {
        ILendingMarket.RateModel memory rates = _rateModel();
        rates.kink = 1e18 + 1;
        _expectDeployRefused(rates);
    }

    function test_RevertWhen_DeployedWithReserveFactorAboveOne() public {
        ILendingMarket.RateModel memory rates = _rateModel();
        rates.reserveFactor = 1e18 + 1;
        _expectDeployRefused(rates);
    }

    function test_SetCollateral_ListsAndUpdatesTerms() public {
        ILendingMarket.CollateralConfig memory terms = _terms(0.5e18, 0.6e18, 0.1e18);
        vm.expectEmit(true, false, false, true, address(market));
        emit ILendingMarket.CollateralConfigured(address(0xC011), terms);
        vm.prank(GOV);
        market.setCollateral(address(0xC011), terms);
        vm.prank(GOV);
        market.setCollateral(address(coll), _terms(0.1e18, 0.2e18, 0)); // an update, not a new listing
        vm.prank(BORROWER);
        market.supplyCollateral(address(coll), 10_000e6);
        vm.prank(BORROWER);
        vm.expectRevert(abi.encodeWithSelector(ILendingMarket.LendingMarketUndercollateralized.selector, BORROWER));
        market.borrow(1000e6 + 1); // 10% of 10,000 now
    }

    function test_RevertWhen_SetCollateralByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        market.setCollateral(address(0xC011), _terms(0.5e18, 0.6e18, 0));
    }

    function test_RevertWhen_SetCollateralBorrowFactorNotBelowLiquidation() public {
        _expectTermsRefused(address(0xC011), _terms(0.6e18, 0.6e18, 0));
    }

    function test_RevertWhen_SetCollateralLiquidationFactorAboveOne() public {
        _expectTermsRefused(address(0xC011), _terms(0.6e18, 1e18 + 1, 0));
    }

    function test_RevertWhen_SetCollateralFullDiscount() public {
        _expectTermsRefused(address(0xC011), _terms(0.5e18, 0.6e18, 1e18));
    }

    function test_RevertWhen_SetCollateralIsTheBaseAsset() public {
        _expectTermsRefused(address(token), _terms(0.5e18, 0.6e18, 0));
    }

    function test_RevertWhen_SetCollateralBeyondMaxCollaterals() public {
        uint256 max = market.MAX_COLLATERALS();
        assertEq(max, 8, "eight collaterals at most");
        vm.startPrank(GOV);
        for (uint256 i = 1; i < max; ++i) {
            market.setCollateral(address(uint160(0xC000 + i)), _terms(0.5e18, 0.6e18, 0)); // coll is the first
        }
        vm.stopPrank();
        _expectTermsRefused(address(0xC0FF), _terms(0.5e18, 0.6e18, 0));
    }

    function test_SetPaused_ByOwnerEmitsPausedSet() public {
        vm.expectEmit(false, false, false, true, address(market));
        emit ILendingMarket.PausedSet(true);
        _pause();
        assertTrue(market.paused(), "paused");
        vm.prank(GOV);
        market.setPaused(false);
        assertFalse(market.paused(), "unpaused");
    }

    function test_RevertWhen_SetPausedByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        market.setPaused(true);
    }

    function test_RevertWhen_SupplyPaused() public {
        _pause();
        vm.expectRevert(ILendingMarket.LendingMarketPaused.selector);
        vm.prank(SUPPLIER);
        market.supply(1);
    }

    function test_RevertWhen_WithdrawPaused() public {
        _pause();
        vm.expectRevert(ILendingMarket.LendingMarketPaused.selector);
        vm.prank(SUPPLIER);
        market.withdraw(1);
    }

    function test_RevertWhen_SupplyCollateralPaused() public {
        _pause();
        vm.expectRevert(ILendingMarket.LendingMarketPaused.selector);
        vm.prank(BORROWER);
        market.supplyCollateral(address(coll), 1);
    }

    function test_RevertWhen_WithdrawCollateralPaused() public {
        _borrowAgainst(10_000e6, 1000e6);
        _pause();
        vm.expectRevert(ILendingMarket.LendingMarketPaused.selector);
        vm.prank(BORROWER);
        market.withdrawCollateral(address(coll), 1);
    }

    function test_RevertWhen_BorrowPaused() public {
        _borrowAgainst(10_000e6, 1000e6);
        _pause();
        vm.expectRevert(ILendingMarket.LendingMarketPaused.selector);
        vm.prank(BORROWER);
        market.borrow(1);
    }

    function test_Repay_WorksWhilePaused() public {
        _borrowAgainst(10_000e6, 1000e6);
        _pause();
        vm.prank(BORROWER);
        market.repay(BORROWER, 400e6);
        assertTrue(
            market.borrowBalanceOf(BORROWER) - 600e6 <= 2, "repaid while paused (a unit or two of index rounding)"
        );
    }

    function test_WithdrawReserves_PaysTheReservesToTheOwnersChoice() public {
        _borrowAgainst(100_000e6, 50_000e6);
        vm.warp(block.timestamp + 365 days);
        uint256 reserves = uint256(market.reserves());
        assertTrue(reserves > 0, "a year of the reserve factor");
        vm.expectEmit(true, false, false, true, address(market));
        emit ILendingMarket.ReservesWithdrawn(address(0x7EA5), reserves);
        vm.prank(GOV);
        market.withdrawReserves(address(0x7EA5), reserves);
        assertEq(token.balanceOf(address(0x7EA5)), reserves, "paid");
        assertEq(market.reserves(), 0, "nothing left");
    }

    function test_RevertWhen_WithdrawReservesBeyondReserves() public {
        _borrowAgainst(100_000e6, 50_000e6);
        vm.warp(block.timestamp + 365 days);
        uint256 reserves = uint256(market.reserves());
        vm.expectRevert(
            abi.encodeWithSelector(ILendingMarket.LendingMarketInsufficientBalance.selector, reserves + 1, reserves)
        );
        vm.prank(GOV);
        market.withdrawReserves(GOV, reserves + 1);
    }

    function test_RevertWhen_WithdrawReservesAfterBadDebt() public {
        _borrowAgainst(10_000e6, 6999e6);
        _pushPrice(0.5e18);
        vm.prank(LIQUIDATOR);
        market.absorb(BORROWER); // the debt is erased against reserves that were near zero
        assertTrue(market.reserves() < 0, "negative reserves");
        vm.expectRevert(abi.encodeWithSelector(ILendingMarket.LendingMarketInsufficientBalance.selector, 1, 0));
        vm.prank(GOV);
        market.withdrawReserves(GOV, 1);
    }

    function test_RevertWhen_WithdrawReservesByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        market.withdrawReserves(address(this), 0);
    }
}
