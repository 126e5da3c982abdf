// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PairFixture} from "../trading/ConstantProductPair.t.sol";
import {PairLiquidity} from "../utils/PairLiquidity.sol";

/// @notice A day of a USD/EUR pair: a first provider seeds it at 1.10, a second joins pro rata, traders swap both
/// ways with both kinds of swap while the TWAP ring fills, the average stays near 1.10 through a one-minute spike,
/// and both providers leave with more than they brought, paid by the 0.3% fee.
contract ExchangeLifecycleTest is PairFixture {
    address internal constant SECOND_LP = address(0x2B2);

    function setUp() public {
        _deployPair();
        eur.mint(TRADER, 1_000_000e6);
    }

    /// @dev What `usdAmount` and `eurAmount` are worth in USD at 1 EUR = 1.10 USD.
    function _value(uint256 usdAmount, uint256 eurAmount) internal pure returns (uint256) {
        return usdAmount + eurAmount * 11 / 10;
    }

    function _reservesInUsdOrder() internal view returns (uint256 usdReserve, uint256 eurReserve) {
        (uint112 r0, uint112 r1,) = pair.getReserves();
        (address t0,) = pair.tokens();
        return t0 == address(usd) ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
    }

    function test_Lifecycle_ProvideTradeAverageAndWithdraw() public {
        // 09:00 the first provider seeds 1,100,000 USD against 1,000,000 EUR
        uint256 firstShares = PairLiquidity.seed(pair, usd, eur, 1_100_000e6, 1_000_000e6);
        uint256 firstValue = _value(1_100_000e6, 1_000_000e6);

        // a second provider joins with a tenth of that, pro rata
        usd.mint(SECOND_LP, 110_000e6);
        eur.mint(SECOND_LP, 100_000e6);
        vm.startPrank(SECOND_LP);
        usd.approve(address(pair), type(uint256).max);
        eur.approve(address(pair), type(uint256).max);
        (address t0,) = pair.tokens();
        uint256 secondShares = t0 == address(usd)
            ? pair.addLiquidity(110_000e6, 100_000e6, 1, SECOND_LP, block.timestamp)
            : pair.addLiquidity(100_000e6, 110_000e6, 1, SECOND_LP, block.timestamp);
        vm.stopPrank();
        assertEq(secondShares, (firstShares + pair.MINIMUM_LIQUIDITY()) / 10, "a tenth of the shares for a tenth");

        // trading through the day, every 10 minutes: 11,000 USD in for euros, then euros in for 11,000 USD out
        for (uint256 i; i < 48; ++i) {
            vm.warp(block.timestamp + 10 minutes);
            vm.startPrank(TRADER);
            if (i % 2 == 0) {
                pair.swapExactIn(address(usd), 11_000e6, 0, TRADER, block.timestamp);
            } else {
                pair.swapExactOut(address(eur), 11_000e6, type(uint256).max, TRADER, block.timestamp);
            }
            vm.stopPrank();
        }
        (uint256 avg,) = pair.twap(address(eur), 30 minutes);
        assertTrue(avg > 1.09e18 && avg < 1.13e18, "half an hour's average stays within the trades' 2% swing");

        // a one-minute spike: someone spends 300,000 USD on euros at once; the hour's average barely moves
        vm.warp(block.timestamp + 10 minutes);
        vm.prank(TRADER);
        pair.swapExactIn(address(usd), 300_000e6, 0, TRADER, block.timestamp);
        vm.warp(block.timestamp + 1 minutes);
        (uint256 spiked,) = pair.twap(address(eur), 1 hours);
        (uint256 usdReserve, uint256 eurReserve) = _reservesInUsdOrder();
        assertTrue(usdReserve * 1e18 / eurReserve > 1.6e18, "the spot price jumped");
        assertTrue(spiked < 1.2e18, "the hour's average did not follow it");
        vm.prank(TRADER);
        pair.swapExactOut(address(eur), 300_000e6, type(uint256).max, TRADER, block.timestamp); // sold back

        // 18:00 both providers leave; the fees grew the pool under their shares
        uint256 k = usdReserve * eurReserve;
        (usdReserve, eurReserve) = _reservesInUsdOrder();
        assertTrue(usdReserve * eurReserve >= k, "k never fell");
        (uint256 a0, uint256 a1) = pair.removeLiquidity(firstShares, 1, 1, address(this), block.timestamp);
        (uint256 usdOut, uint256 eurOut) = t0 == address(usd) ? (a0, a1) : (a1, a0);
        assertTrue(_value(usdOut, eurOut) > firstValue, "the first provider earned fees");
        vm.prank(SECOND_LP);
        pair.removeLiquidity(secondShares, 1, 1, SECOND_LP, block.timestamp);
        assertTrue(
            _value(usd.balanceOf(SECOND_LP), eur.balanceOf(SECOND_LP)) > _value(110_000e6, 100_000e6),
            "so did the second"
        );
        assertEq(pair.totalSupply(), pair.MINIMUM_LIQUIDITY(), "only the locked minimum is left");
        (usdReserve, eurReserve) = _reservesInUsdOrder();
        assertEq(usdReserve, usd.balanceOf(address(pair)), "usd reserve is the balance");
        assertEq(eurReserve, eur.balanceOf(address(pair)), "eur reserve is the balance");
    }
}
