// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LendingMarket} from "../../src/lending/LendingMarket.sol";
import {PriceOracle} from "../../src/lending/PriceOracle.sol";
import {TestStablecoin} from "../../src/mocks/TestStablecoin.sol";
import {ILendingMarket} from "../../src/lending/interfaces/ILendingMarket.sol";
import {IPriceOracle} from "../../src/lending/interfaces/IPriceOracle.sol";
import {EdgeTest} from "../utils/EdgeTest.sol";
import {SignedPrice} from "../utils/SignedPrice.sol";

abstract contract LendingFixture is EdgeTest {
    LendingMarket internal market;
    PriceOracle internal oracle;
    TestStablecoin internal coll; // a collateral priced by the signed feed
    uint256 internal constant FEED_KEY = 0xFEED;
    address internal constant GOV = address(0x6007);
    address internal constant SUPPLIER = address(0x5AFE);
    address internal constant BORROWER = address(0xB077);
    address internal constant LIQUIDATOR = address(0x11D);

    function _rateModel() internal pure returns (ILendingMarket.RateModel memory) {
        // per second: 2%/yr base, +8%/yr up to the 80% kink, +100%/yr beyond it; 10% of interest to reserves
        return ILendingMarket.RateModel({
            kink: 0.8e18,
            baseRate: 634_195_839,
            slopeLow: 3_170_979_198,
            slopeHigh: 31_709_791_983,
            reserveFactor: 0.1e18
        });
    }

    function _deployLending(address insurance) internal {
        _deployBase();
        coll = new TestStablecoin(address(this));
        oracle = new PriceOracle(GOV, vm.addr(FEED_KEY));
        market = new LendingMarket(address(token), address(oracle), insurance, _rateModel(), GOV);
        vm.startPrank(GOV);
        oracle.setFeed(address(coll), IPriceOracle.Feed(IPriceOracle.Source.SignedFeed, address(0), 0, 1 hours));
        market.setCollateral(
            address(coll),
            ILendingMarket.CollateralConfig({
                borrowCF: 0.7e18, liquidateCF: 0.8e18, discount: 0.05e18, supplyCap: 1_000_000e6
            })
        );
        vm.stopPrank();
        _pushPrice(1e18); // 1 coll unit = 1 base unit
        token.mint(SUPPLIER, 1_000_000e6);
        vm.startPrank(SUPPLIER);
        token.approve(address(market), type(uint256).max);
        market.supply(500_000e6);
        vm.stopPrank();
        coll.mint(BORROWER, 100_000e6);
        vm.startPrank(BORROWER);
        coll.approve(address(market), type(uint256).max);
        token.approve(address(market), type(uint256).max);
        vm.stopPrank();
        token.mint(LIQUIDATOR, 1_000_000e6);
        vm.prank(LIQUIDATOR);
        token.approve(address(market), type(uint256).max);
    }

    function _pushPrice(uint256 price) internal {
        vm.warp(block.timestamp + 1); // each signed price must be newer than the last
        uint64 ts = uint64(block.timestamp);
        bytes32 digest = SignedPrice.digest(address(oracle), address(coll), price, ts);
        oracle.pushPrice(address(coll), price, ts, signDigest(FEED_KEY, digest));
    }

    function _borrowAgainst(uint256 collateral, uint256 amount) internal {
        vm.startPrank(BORROWER);
        market.supplyCollateral(address(coll), collateral);
        market.borrow(amount);
        vm.stopPrank();
    }

    /// @dev The borrower's 6,999 against 10,000 of collateral, absorbed after the price fell to 0.85.
    function _absorbUnderwater() internal {
        _borrowAgainst(10_000e6, 6999e6);
        _pushPrice(0.85e18); // 8,500 x 0.8 = 6,800 < 6,999
        vm.prank(LIQUIDATOR);
        market.absorb(BORROWER);
    }
}

contract LendingMarketTest is LendingFixture {
    function setUp() public {
        _deployLending(address(0));
    }

    function test_Borrow_UpToBorrowFactor() public {
        _borrowAgainst(10_000e6, 6999e6);
        assertEq(token.balanceOf(BORROWER), 6999e6, "borrowed");
        // the borrow index already grew at the base rate since deployment: the debt rounds up by at most a unit
        assertTrue(market.borrowBalanceOf(BORROWER) - 6999e6 <= 1, "owed");
        assertTrue(market.isBorrowCollateralized(BORROWER), "collateralized");
        assertFalse(market.isLiquidatable(BORROWER), "healthy");
    }

    function test_RevertWhen_BorrowBeyondCapacity() public {
        vm.startPrank(BORROWER);
        market.supplyCollateral(address(coll), 10_000e6);
        vm.expectRevert(abi.encodeWithSelector(ILendingMarket.LendingMarketUndercollateralized.selector, BORROWER));
        market.borrow(7000e6 + 1);
        vm.stopPrank();
    }

    function test_RevertWhen_BorrowBeyondSuppliedCash() public {
        coll.mint(BORROWER, 1_000_000e6);
        vm.startPrank(GOV);
        market.setCollateral(
            address(coll),
            ILendingMarket.CollateralConfig({
                borrowCF: 0.7e18, liquidateCF: 0.8e18, discount: 0.05e18, supplyCap: 2_000_000e6
            })
        );
        vm.stopPrank();
        vm.startPrank(BORROWER);
        market.supplyCollateral(address(coll), 1_000_000e6);
        vm.expectRevert(
            abi.encodeWithSelector(ILendingMarket.LendingMarketInsufficientLiquidity.selector, 500_000e6 + 1, 500_000e6)
        );
        market.borrow(500_000e6 + 1);
        vm.stopPrank();
    }

    function test_Interest_AccruesPerSecondWithKinkedRate() public {
        _borrowAgainst(100_000e6, 50_000e6); // 10% utilization
        (uint256 lowRate,, uint256 u) = market.rates();
        assertEq(u, 0.1e18, "utilization");
        vm.warp(block.timestamp + 365 days);
        uint256 owed = market.borrowBalanceOf(BORROWER);
        // 2% base + 10% utilization x 10%/yr slope = 3%/yr
        assertTrue(owed > 50_000e6 * 1029 / 1000 && owed < 50_000e6 * 1031 / 1000, "about 3% a year at 10% utilization");
        assertTrue(market.supplyBalanceOf(SUPPLIER) > 500_000e6, "suppliers earn");
        assertTrue(market.reserves() > 0, "reserves earn the reserve factor");
        // past the kink the rate jumps
        coll.mint(BORROWER, 900_000e6);
        _pushPrice(1e18);
        vm.prank(GOV);
        market.setCollateral(
            address(coll),
            ILendingMarket.CollateralConfig({
                borrowCF: 0.7e18, liquidateCF: 0.8e18, discount: 0.05e18, supplyCap: 2_000_000e6
            })
        );
        _borrowAgainst(900_000e6, 400_000e6);
        (uint256 highRate,,) = market.rates();
        assertTrue(highRate > lowRate * 5, "steep above the kink");
    }

    function test_Absorb_SeizesCollateralAndReservesTakeDebt() public {
        _borrowAgainst(10_000e6, 6999e6);
        vm.expectRevert(abi.encodeWithSelector(ILendingMarket.LendingMarketNotLiquidatable.selector, BORROWER));
        market.absorb(BORROWER);
        _pushPrice(0.85e18); // 8,500 x 0.8 = 6,800 < 6,999
        assertTrue(market.isLiquidatable(BORROWER), "now liquidatable");
        vm.prank(GOV);
        market.setPaused(true); // absorb and buyCollateral still work
        vm.prank(LIQUIDATOR);
        market.absorb(BORROWER);
        assertEq(market.borrowBalanceOf(BORROWER), 0, "debt erased");
        assertEq(market.collateralOf(BORROWER, address(coll)), 0, "collateral seized");
        uint256 quote = market.quoteCollateral(address(coll), 1000e6);
        assertTrue(quote > uint256(1000e6) * 100 / 85, "bought below the oracle price");
        vm.prank(LIQUIDATOR);
        uint256 bought = market.buyCollateral(address(coll), quote, 1000e6, LIQUIDATOR);
        assertEq(coll.balanceOf(LIQUIDATOR), bought, "liquidator got collateral");
    }

    function test_RevertWhen_BuyCollateralBelowMinimum() public {
        _absorbUnderwater();
        uint256 quote = market.quoteCollateral(address(coll), 1000e6);
        vm.expectRevert(abi.encodeWithSelector(ILendingMarket.LendingMarketBadPurchase.selector, quote, quote + 1));
        vm.prank(LIQUIDATOR);
        market.buyCollateral(address(coll), quote + 1, 1000e6, LIQUIDATOR);
    }

    function test_RevertWhen_BuyCollateralBeyondSeized() public {
        _absorbUnderwater();
        uint256 quote = market.quoteCollateral(address(coll), 100_000e6); // more than the 10,000 seized
        vm.expectRevert(abi.encodeWithSelector(ILendingMarket.LendingMarketBadPurchase.selector, quote, 0));
        vm.prank(LIQUIDATOR);
        market.buyCollateral(address(coll), 0, 100_000e6, LIQUIDATOR);
    }

    function test_RevertWhen_BuyCollateralForNothing() public {
        _absorbUnderwater();
        vm.expectRevert(abi.encodeWithSelector(ILendingMarket.LendingMarketBadPurchase.selector, 0, 0));
        vm.prank(LIQUIDATOR);
        market.buyCollateral(address(coll), 0, 0, LIQUIDATOR);
    }

    function test_RevertWhen_BorrowOnStalePrice() public {
        _borrowAgainst(10_000e6, 1000e6);
        vm.warp(block.timestamp + 2 hours);
        vm.prank(BORROWER);
        vm.expectRevert(
            abi.encodeWithSelector(IPriceOracle.PriceOracleStale.selector, address(coll), block.timestamp - 2 hours)
        );
        market.borrow(1);
    }

    function test_WithdrawCollateral_OnlyWhileCollateralized() public {
        _borrowAgainst(10_000e6, 6999e6);
        vm.prank(BORROWER);
        vm.expectRevert(abi.encodeWithSelector(ILendingMarket.LendingMarketUndercollateralized.selector, BORROWER));
        market.withdrawCollateral(address(coll), 10e6);
        token.mint(BORROWER, 1e6);
        vm.prank(BORROWER);
        market.repay(BORROWER, type(uint256).max);
        vm.prank(BORROWER);
        market.withdrawCollateral(address(coll), 10_000e6);
        assertEq(coll.balanceOf(BORROWER), 100_000e6, "all collateral back");
    }

    function test_RevertWhen_SupplyCollateralBeyondCap() public {
        vm.prank(BORROWER);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILendingMarket.LendingMarketSupplyCapExceeded.selector, address(coll), 1_000_001e6, 1_000_000e6
            )
        );
        market.supplyCollateral(address(coll), 1_000_001e6);
    }

    function test_RevertWhen_SupplyCollateralUnlisted() public {
        vm.prank(BORROWER);
        vm.expectRevert(abi.encodeWithSelector(ILendingMarket.LendingMarketNotCollateral.selector, address(token)));
        market.supplyCollateral(address(token), 1);
    }

    function test_RevertWhen_SupplyZero() public {
        vm.expectRevert(ILendingMarket.LendingMarketZeroAmount.selector);
        vm.prank(SUPPLIER);
        market.supply(0);
    }

    function test_RevertWhen_WithdrawZero() public {
        vm.expectRevert(ILendingMarket.LendingMarketZeroAmount.selector);
        vm.prank(SUPPLIER);
        market.withdraw(0);
    }

    function test_RevertWhen_WithdrawAllWithNothingSupplied() public {
        vm.expectRevert(ILendingMarket.LendingMarketZeroAmount.selector);
        vm.prank(BORROWER);
        market.withdraw(type(uint256).max);
    }

    function test_RevertWhen_WithdrawBeyondSupplied() public {
        uint256 balance = market.supplyBalanceOf(SUPPLIER);
        vm.expectRevert(
            abi.encodeWithSelector(ILendingMarket.LendingMarketInsufficientBalance.selector, balance + 1, balance)
        );
        vm.prank(SUPPLIER);
        market.withdraw(balance + 1);
    }

    function test_RevertWhen_WithdrawBeyondCash() public {
        _borrowAgainst(10_000e6, 6999e6);
        uint256 balance = market.supplyBalanceOf(SUPPLIER);
        uint256 cash = token.balanceOf(address(market));
        vm.expectRevert(
            abi.encodeWithSelector(ILendingMarket.LendingMarketInsufficientLiquidity.selector, balance, cash)
        );
        vm.prank(SUPPLIER);
        market.withdraw(type(uint256).max);
    }

    function test_RevertWhen_SupplyCollateralZero() public {
        vm.expectRevert(ILendingMarket.LendingMarketZeroAmount.selector);
        vm.prank(BORROWER);
        market.supplyCollateral(address(coll), 0);
    }

    function test_RevertWhen_WithdrawCollateralZero() public {
        _borrowAgainst(10_000e6, 1000e6);
        vm.expectRevert(ILendingMarket.LendingMarketZeroAmount.selector);
        vm.prank(BORROWER);
        market.withdrawCollateral(address(coll), 0);
    }

    function test_RevertWhen_WithdrawCollateralBeyondPosted() public {
        _borrowAgainst(10_000e6, 1000e6);
        vm.expectRevert(
            abi.encodeWithSelector(ILendingMarket.LendingMarketInsufficientBalance.selector, 10_000e6 + 1, 10_000e6)
        );
        vm.prank(BORROWER);
        market.withdrawCollateral(address(coll), 10_000e6 + 1);
    }

    function test_RevertWhen_BorrowZero() public {
        _borrowAgainst(10_000e6, 1000e6);
        vm.expectRevert(ILendingMarket.LendingMarketZeroAmount.selector);
        vm.prank(BORROWER);
        market.borrow(0);
    }

    function test_RevertWhen_RepayZero() public {
        _borrowAgainst(10_000e6, 1000e6);
        vm.expectRevert(ILendingMarket.LendingMarketZeroAmount.selector);
        vm.prank(BORROWER);
        market.repay(BORROWER, 0);
    }

    function test_Accrue_WritesTheInterestTheViewsShow() public {
        _borrowAgainst(100_000e6, 50_000e6);
        assertEq(market.totalSupply(), 500_000e6, "supplied");
        assertTrue(market.totalBorrow() - 50_000e6 <= 1, "borrowed, rounded up by at most a unit");
        vm.warp(block.timestamp + 365 days);
        (,, uint256 utilizationBefore) = market.rates(); // read from the indices of the last accrual
        uint256 borrowed = market.totalBorrow(); // the views already include the year's interest
        market.accrue();
        (,, uint256 utilizationAfter) = market.rates();
        assertTrue(utilizationAfter > utilizationBefore, "accrue wrote a year of interest into the indices");
        assertEq(market.totalBorrow(), borrowed, "as the views showed it");
        assertTrue(borrowed > 50_000e6 * 1029 / 1000, "about 3% on the borrows");
        int256 cash = int256(token.balanceOf(address(market)));
        assertEq(
            market.reserves(),
            cash + int256(market.totalBorrow()) - int256(market.totalSupply()),
            "reserves are cash + borrows - supplies"
        );
    }

    function test_Withdraw_SupplyWithInterest() public {
        _borrowAgainst(100_000e6, 50_000e6);
        vm.warp(block.timestamp + 30 days);
        _pushPrice(1e18);
        token.mint(BORROWER, 1000e6); // the interest
        vm.prank(BORROWER);
        market.repay(BORROWER, type(uint256).max);
        assertEq(market.borrowBalanceOf(BORROWER), 0, "repaid in full");
        vm.prank(SUPPLIER);
        market.withdraw(type(uint256).max);
        assertTrue(token.balanceOf(SUPPLIER) > 1_000_000e6, "supplier earned interest");
        assertTrue(market.reserves() >= 0, "reserves kept");
    }

    function testFuzz_HealthyAccountCannotBeAbsorbed(uint256 borrowed, uint256 price) public {
        borrowed = bound(borrowed, 1, 6999e6);
        price = bound(price, 0.5e18, 2e18);
        _borrowAgainst(10_000e6, borrowed);
        _pushPrice(price);
        bool liquidatable = 10_000e6 * price / 1e18 * 0.8e18 / 1e18 < market.borrowBalanceOf(BORROWER);
        assertEq(market.isLiquidatable(BORROWER), liquidatable, "the liquidation rule");
        if (!liquidatable) {
            vm.expectRevert(abi.encodeWithSelector(ILendingMarket.LendingMarketNotLiquidatable.selector, BORROWER));
        }
        market.absorb(BORROWER);
    }

    /// @dev Issue 15 row 13: 8,500 of collateral for 6,999 of debt; all of it was seized and the borrower lost 1,501
    /// of equity. Now 8,500 x 0.95 - 6,999 = 1,076 is credited back as supplied base, as Compound III does.
    function test_Absorb_CreditsTheSurplusToTheBorrower() public {
        _borrowAgainst(10_000e6, 6999e6);
        _pushPrice(0.85e18);
        uint256 debt = market.borrowBalanceOf(BORROWER);
        uint256 surplus = 8500e6 * 95 / 100 - debt;
        vm.expectEmit(true, false, false, true, address(market));
        emit ILendingMarket.AbsorbSurplusCredited(BORROWER, surplus);
        vm.prank(LIQUIDATOR);
        market.absorb(BORROWER);
        assertTrue(market.supplyBalanceOf(BORROWER) + 1 >= surplus, "the surplus is the borrower's");
        assertTrue(market.supplyBalanceOf(BORROWER) <= surplus, "no more than the surplus");
        vm.prank(BORROWER);
        market.withdraw(type(uint256).max);
        assertTrue(token.balanceOf(BORROWER) + 1 >= 6999e6 + surplus, "borrowed plus the surplus");
    }

    function test_Absorb_NoCreditWhenCollateralSellsForLessThanTheDebt() public {
        _borrowAgainst(10_000e6, 6999e6);
        _pushPrice(0.7e18); // 7,000 x 0.95 = 6,650 < 6,999
        vm.prank(LIQUIDATOR);
        market.absorb(BORROWER);
        assertEq(market.supplyBalanceOf(BORROWER), 0, "nothing to credit");
    }

    /// @notice Absorb never leaves the borrower with less than collateral x factor - debt, and the protocol's books
    /// stay whole: what a buyer pays for the seized collateral covers the debt plus the credited surplus.
    function testFuzz_AbsorbNeverKeepsTheSurplus(uint256 borrowed, uint256 price) public {
        borrowed = bound(borrowed, 1000e6, 6999e6);
        price = bound(price, 0.3e18, 1e18);
        _borrowAgainst(10_000e6, borrowed);
        _pushPrice(price);
        if (!market.isLiquidatable(BORROWER)) return;
        uint256 debt = market.borrowBalanceOf(BORROWER);
        uint256 liquidationValue = 10_000e6 * price / 1e18 * 0.95e18 / 1e18;
        uint256 owed = liquidationValue > debt ? liquidationValue - debt : 0;
        market.absorb(BORROWER);
        assertTrue(market.supplyBalanceOf(BORROWER) + 2 >= owed, "at least collateral x factor - debt");
        assertTrue(market.supplyBalanceOf(BORROWER) <= owed, "at most that");
    }
}
