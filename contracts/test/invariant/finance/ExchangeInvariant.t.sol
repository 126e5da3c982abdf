// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ConstantProductPair} from "../../../src/trading/ConstantProductPair.sol";
import {TestStablecoin} from "../../../src/mocks/TestStablecoin.sol";
import {Test} from "../../utils/Test.sol";

/// @notice Random swaps both ways and both kinds, liquidity changes and time.
contract ExchangeHandler is Test {
    ConstantProductPair internal immutable pair;
    TestStablecoin internal immutable a;
    TestStablecoin internal immutable b;

    uint256 public ghost_swaps;
    uint256 public ghost_kDecreases;

    constructor(ConstantProductPair pair_, TestStablecoin a_, TestStablecoin b_) {
        (pair, a, b) = (pair_, a_, b_);
        a.approve(address(pair), type(uint256).max);
        b.approve(address(pair), type(uint256).max);
    }

    function _k() internal view returns (uint256) {
        (uint112 r0, uint112 r1,) = pair.getReserves();
        return uint256(r0) * r1;
    }

    function swapExactIn(uint256 amount, bool aIn) external {
        TestStablecoin tokenIn = aIn ? a : b;
        amount = bound(amount, 1000, 500_000e6);
        if (pair.quoteExactIn(address(tokenIn), amount) == 0) return;
        tokenIn.mint(address(this), amount);
        uint256 before = _k();
        pair.swapExactIn(address(tokenIn), amount, 0, address(this), block.timestamp);
        ++ghost_swaps;
        if (_k() < before) ++ghost_kDecreases;
    }

    function swapExactOut(uint256 amount, bool aIn) external {
        TestStablecoin tokenIn = aIn ? a : b;
        (uint112 r0, uint112 r1,) = pair.getReserves();
        (address t0,) = pair.tokens();
        uint256 rOut = address(tokenIn) == t0 ? r1 : r0;
        if (rOut < 2) return;
        amount = bound(amount, 1, rOut / 2);
        uint256 amountIn = pair.quoteExactOut(address(tokenIn), amount);
        tokenIn.mint(address(this), amountIn);
        uint256 before = _k();
        pair.swapExactOut(address(tokenIn), amount, amountIn, address(this), block.timestamp);
        ++ghost_swaps;
        if (_k() < before) ++ghost_kDecreases;
    }

    function addLiquidity(uint256 amount) external {
        amount = bound(amount, 1e6, 100_000e6);
        a.mint(address(this), amount);
        b.mint(address(this), amount);
        (uint112 r0, uint112 r1,) = pair.getReserves();
        uint256 supply = pair.totalSupply();
        // the pair takes the desired amount of the scarcer side and the matching amount of the other
        (uint256 a0, uint256 a1) = (amount, amount * uint256(r1) / r0);
        if (a1 > amount) (a0, a1) = (amount * uint256(r0) / r1, amount);
        if (a0 * supply / r0 == 0 || a1 * supply / r1 == 0) return;
        pair.addLiquidity(amount, amount, 0, address(this), block.timestamp);
    }

    function removeLiquidity(uint256 shares) external {
        uint256 held = pair.balanceOf(address(this));
        if (held == 0) return;
        shares = bound(shares, 1, held);
        (uint112 r0, uint112 r1,) = pair.getReserves();
        uint256 supply = pair.totalSupply();
        if (shares * r0 / supply == 0 || shares * r1 / supply == 0) return;
        pair.removeLiquidity(shares, 0, 0, address(this), block.timestamp);
    }

    function wait(uint256 secondsToWait) external {
        vm.warp(block.timestamp + bound(secondsToWait, 1, 1 hours));
    }
}

/// @notice Invariants of the constant-product pair.
contract ExchangeInvariantTest is Test {
    ConstantProductPair internal pair;
    ExchangeHandler internal handler;
    TestStablecoin internal a;
    TestStablecoin internal b;

    function setUp() public {
        vm.warp(1_750_000_000);
        a = new TestStablecoin(address(this));
        b = new TestStablecoin(address(this));
        pair = new ConstantProductPair(address(a), address(b));
        handler = new ExchangeHandler(pair, a, b);
        a.mint(address(handler), 1_000_000e6);
        b.mint(address(handler), 1_000_000e6);
        vm.prank(address(handler));
        pair.addLiquidity(1_000_000e6, 1_000_000e6, 0, address(handler), block.timestamp);
        a.transferOwnership(address(handler));
        b.transferOwnership(address(handler));
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice The product of the reserves never decreases on a swap.
    function invariant_KNeverDecreasesOnSwap() public view {
        assertEq(handler.ghost_kDecreases(), 0, "k decreased on a swap");
    }

    /// @notice The pair's reserves always equal its token balances (no value leaks in or out unrecorded).
    function invariant_ReservesEqualBalances() public view {
        (uint112 r0, uint112 r1,) = pair.getReserves();
        (address t0, address t1) = pair.tokens();
        assertEq(uint256(r0), TestStablecoin(t0).balanceOf(address(pair)), "reserve0");
        assertEq(uint256(r1), TestStablecoin(t1).balanceOf(address(pair)), "reserve1");
    }
}
