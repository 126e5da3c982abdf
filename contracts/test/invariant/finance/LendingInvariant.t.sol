// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LendingMarket} from "../../../src/lending/LendingMarket.sol";
import {PriceOracle} from "../../../src/lending/PriceOracle.sol";
import {TestStablecoin} from "../../../src/mocks/TestStablecoin.sol";
import {ILendingMarket} from "../../../src/lending/interfaces/ILendingMarket.sol";
import {IPriceOracle} from "../../../src/lending/interfaces/IPriceOracle.sol";
import {SignedPrice} from "../../utils/SignedPrice.sol";
import {Test} from "../../utils/Test.sol";

/// @notice Random supplies, withdrawals, collateral moves, borrows, repayments, price moves, time, absorbs of
/// random accounts (healthy or not) and purchases of seized collateral, by three accounts.
contract LendingHandler is Test {
    LendingMarket internal immutable market;
    PriceOracle internal immutable oracle;
    TestStablecoin internal immutable base;
    TestStablecoin internal immutable coll;
    uint256 internal constant FEED_KEY = 0xFEED;
    uint256 internal _price = 1e18;

    uint256 public ghost_borrows;
    uint256 public ghost_borrowsBeyondSupply;
    uint256 public ghost_absorbs;
    uint256 public ghost_healthyAbsorbed;
    uint256 public ghost_underwaterSeen;
    uint256 public ghost_underwaterNotAbsorbed;
    uint256 public ghost_absorbShortchanged;

    constructor(LendingMarket market_, PriceOracle oracle_, TestStablecoin base_, TestStablecoin coll_) {
        (market, oracle, base, coll) = (market_, oracle_, base_, coll_);
    }

    function account(uint256 i) public pure returns (address) {
        return address(uint160(0xB000 + (i % 3)));
    }

    function _push() internal {
        vm.warp(block.timestamp + 1);
        uint64 ts = uint64(block.timestamp);
        bytes32 digest = SignedPrice.digest(address(oracle), address(coll), _price, ts);
        oracle.pushPrice(address(coll), _price, ts, signDigest(FEED_KEY, digest));
    }

    function supply(uint256 who, uint256 amount) external {
        address a = account(who);
        amount = bound(amount, 1, 1_000_000e6);
        base.mint(a, amount);
        vm.startPrank(a);
        base.approve(address(market), amount);
        market.supply(amount);
        vm.stopPrank();
    }

    function withdraw(uint256 who, uint256 amount) external {
        address a = account(who);
        uint256 balance = market.supplyBalanceOf(a);
        uint256 cash = base.balanceOf(address(market));
        uint256 max = balance < cash ? balance : cash;
        if (max == 0) return;
        vm.prank(a);
        market.withdraw(bound(amount, 1, max));
    }

    function supplyCollateral(uint256 who, uint256 amount) external {
        address a = account(who);
        amount = bound(amount, 1, 100_000e6);
        coll.mint(a, amount);
        vm.startPrank(a);
        coll.approve(address(market), amount);
        market.supplyCollateral(address(coll), amount);
        vm.stopPrank();
    }

    function borrow(uint256 who, uint256 amount) external {
        address a = account(who);
        if (market.collateralOf(a, address(coll)) == 0) this.supplyCollateral(who, amount);
        _push();
        uint256 capacity = market.collateralOf(a, address(coll)) * _price / 1e18 * 0.7e18 / 1e18;
        uint256 debt = market.borrowBalanceOf(a);
        uint256 supplied = market.totalSupply();
        uint256 borrowed = market.totalBorrow();
        uint256 available = supplied > borrowed ? supplied - borrowed : 0;
        uint256 cash = base.balanceOf(address(market));
        if (cash < available) available = cash;
        if (capacity <= debt + 2 || available < 2) return;
        uint256 max = capacity - debt - 2; // a unit or two of index rounding
        if (max > available - 1) max = available - 1;
        if (max == 0) return;
        vm.prank(a);
        market.borrow(bound(amount, max / 2 + 1, max)); // sizeable loans, so that price drops put some underwater
        ++ghost_borrows;
        if (market.totalBorrow() > market.totalSupply()) ++ghost_borrowsBeyondSupply;
    }

    function repay(uint256 who, uint256 amount) external {
        address a = account(who);
        uint256 debt = market.borrowBalanceOf(a);
        if (debt == 0) return;
        amount = bound(amount, 1, debt);
        base.mint(address(this), amount);
        base.approve(address(market), amount);
        market.repay(a, amount);
    }

    function movePrice(uint256 price) external {
        _price = bound(price, 0.3e18, 2e18);
        _push();
    }

    function wait(uint256 s) external {
        vm.warp(block.timestamp + bound(s, 1, 30 days));
        _push();
    }

    /// @dev Moves the price first (often down), so that absorbs meet both healthy and underwater accounts.
    function absorb(uint256 who, uint256 price) external {
        address a = account(who);
        // prefer an account that owes something
        for (uint256 i; i < 3 && market.borrowBalanceOf(a) == 0; ++i) a = account(who % 3 + i + 1);
        _price = bound(price, 0.3e18, 1.2e18);
        _push();
        bool liquidatable = market.isLiquidatable(a);
        if (liquidatable) ++ghost_underwaterSeen;
        // what the borrower must keep at least: collateral x price x (1 - discount) - debt, within rounding
        uint256 liquidationValue = market.collateralOf(a, address(coll)) * _price / 1e18 * 0.95e18 / 1e18;
        uint256 debt = market.borrowBalanceOf(a);
        uint256 owed = liquidationValue > debt ? liquidationValue - debt : 0;
        uint256 supplyBefore = market.supplyBalanceOf(a);
        try market.absorb(a) {
            ++ghost_absorbs;
            if (!liquidatable) ++ghost_healthyAbsorbed;
            if (market.supplyBalanceOf(a) + 2 < supplyBefore + owed) ++ghost_absorbShortchanged;
        } catch {
            if (liquidatable) ++ghost_underwaterNotAbsorbed;
        }
    }

    function buyCollateral(uint256 amount) external {
        _push();
        amount = bound(amount, 1e6, 100_000e6);
        uint256 quote = market.quoteCollateral(address(coll), amount);
        if (quote == 0 || quote > coll.balanceOf(address(market)) - _posted()) return;
        base.mint(address(this), amount);
        base.approve(address(market), amount);
        market.buyCollateral(address(coll), quote, amount, address(this));
    }

    function _posted() internal view returns (uint256 total) {
        for (uint256 i; i < 3; ++i) total += market.collateralOf(account(i), address(coll));
    }
}

/// @notice Invariants of the lending market.
contract LendingInvariantTest is Test {
    LendingMarket internal market;
    LendingHandler internal handler;
    TestStablecoin internal base;

    function setUp() public {
        vm.warp(1_750_000_000);
        base = new TestStablecoin(address(this));
        TestStablecoin coll = new TestStablecoin(address(this));
        PriceOracle oracle = new PriceOracle(address(this), vm.addr(0xFEED));
        market = new LendingMarket(
            address(base),
            address(oracle),
            address(0),
            ILendingMarket.RateModel({
                kink: 0.8e18, baseRate: 634_195_839, slopeLow: 3_170_979_198, slopeHigh: 31_709_791_983, reserveFactor: 0.1e18
            }),
            address(this)
        );
        oracle.setFeed(address(coll), IPriceOracle.Feed(IPriceOracle.Source.SignedFeed, address(0), 0, 1 hours));
        market.setCollateral(
            address(coll), ILendingMarket.CollateralConfig({borrowCF: 0.7e18, liquidateCF: 0.8e18, discount: 0.05e18, supplyCap: type(uint128).max})
        );
        handler = new LendingHandler(market, oracle, base, coll);
        base.transferOwnership(address(handler));
        coll.transferOwnership(address(handler));
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice No healthy position can be liquidated: every successful absorb was of an account the liquidation
    /// rule judged underwater just before.
    function invariant_NoHealthyPositionLiquidated() public view {
        assertEq(handler.ghost_healthyAbsorbed(), 0, "a healthy account was absorbed");
    }

    /// @notice Total borrows never exceed what suppliers provided: no borrow ever took total borrows above total
    /// supplies (interest accrued later may, and that excess is owed to the reserves).
    function invariant_BorrowsNeverExceedSupplied() public view {
        assertEq(handler.ghost_borrowsBeyondSupply(), 0, "a borrow lent more than suppliers provided");
    }

    /// @notice Every position the liquidation rule judged underwater could be absorbed when someone tried.
    function invariant_UnderwaterPositionsAreAbsorbed() public view {
        assertEq(handler.ghost_underwaterNotAbsorbed(), 0, "an underwater account could not be absorbed");
    }

    /// @notice Absorb never leaves the borrower with less than collateral x liquidation factor - debt: the surplus
    /// of every absorb was credited to the account's supply balance (within two units of rounding).
    function invariant_AbsorbCreditsTheSurplus() public view {
        assertEq(handler.ghost_absorbShortchanged(), 0, "an absorb kept the borrower's surplus");
    }
}
