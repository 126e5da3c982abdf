// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LendingMarket} from "../../src/lending/LendingMarket.sol";
import {PriceOracle} from "../../src/lending/PriceOracle.sol";
import {ILendingMarket} from "../../src/lending/interfaces/ILendingMarket.sol";
import {TokenizationFixture} from "../tokenization/Tokenization.t.sol";

/// @notice Issue 15 "also": revenue on asset tokens held by the lending market was stranded in the distributor;
/// the market now claims it into its cash (the reserves).
contract LendingRevenueTest is TokenizationFixture {
    LendingMarket internal market;

    function setUp() public {
        _deployTokenization();
        PriceOracle oracle = new PriceOracle(ISSUER, address(0xFEED));
        ILendingMarket.RateModel memory rates =
            ILendingMarket.RateModel({kink: 0.8e18, baseRate: 0, slopeLow: 0, slopeHigh: 0, reserveFactor: 0.1e18});
        market = new LendingMarket(address(token), address(oracle), address(0), rates, ISSUER);
        vm.prank(ISSUER);
        ids.registerIdentity(address(market), 276);
        vm.prank(BOB);
        asset.transfer(address(market), 250e18); // as if posted as collateral: 25% of the supply
    }

    function test_ClaimRevenue_MovesTheMarketsShareIntoReserves() public {
        distributor.depositRevenue(1000e6);
        uint256 owed = distributor.claimable(address(market));
        assertTrue(owed + 1 >= 250e6, "the market's 25% accrued to it");
        vm.expectEmit(true, false, false, true, address(market));
        emit ILendingMarket.RevenueClaimed(address(distributor), owed);
        assertEq(market.claimRevenue(address(distributor)), owed, "claimed");
        assertEq(token.balanceOf(address(market)), owed, "into the market's cash");
        assertEq(market.reserves(), int256(owed), "which are reserves");
        assertEq(distributor.claimable(address(market)), 0, "nothing left stranded");
    }
}
