// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ConstantProductPair} from "../../src/trading/ConstantProductPair.sol";
import {LendingMarket} from "../../src/lending/LendingMarket.sol";
import {PriceOracle} from "../../src/lending/PriceOracle.sol";
import {IAssetToken} from "../../src/tokenization/interfaces/IAssetToken.sol";
import {ILendingMarket} from "../../src/lending/interfaces/ILendingMarket.sol";
import {IPriceOracle} from "../../src/lending/interfaces/IPriceOracle.sol";
import {IQuorumInsurance} from "../../src/insurance/interfaces/IQuorumInsurance.sol";
import {Observation} from "../../src/core/libraries/EdgeMessages.sol";
import {InsuranceFixture} from "../insurance/InsuranceFixture.sol";
import {TokenizationFixture} from "../tokenization/Tokenization.t.sol";

/// @notice A farmer borrows against risk-pool shares with a drought policy pledged to the market; the drought
/// pays out and the payout repays the loan first, the rest reaching the farmer.
contract InsuranceBackedLoanLifecycleTest is InsuranceFixture {
    LendingMarket internal market;
    PriceOracle internal oracle;

    function setUp() public {
        _deployInsurance(5);
        oracle = new PriceOracle(address(this), address(0xFEED));
        market = new LendingMarket(
            address(token),
            address(oracle),
            address(insurance),
            ILendingMarket.RateModel({
                kink: 0.8e18, baseRate: 634_195_839, slopeLow: 3_170_979_198, slopeHigh: 31_709_791_983, reserveFactor: 0.1e18
            }),
            address(this)
        );
        oracle.setFeed(address(pool), IPriceOracle.Feed(IPriceOracle.Source.Vault, address(pool), 0, 0));
        market.setCollateral(
            address(pool), ILendingMarket.CollateralConfig({borrowCF: 0.5e18, liquidateCF: 0.6e18, discount: 0.05e18, supplyCap: type(uint128).max})
        );
        token.mint(address(this), 200_000e6);
        token.approve(address(market), type(uint256).max);
        market.supply(200_000e6);
    }

    function test_Lifecycle_DroughtPayoutRepaysLoanFirst() public {
        // the farmer underwrites a little too, and posts those risk-pool shares as collateral
        token.mint(FARMER, 50_000e6);
        vm.startPrank(FARMER);
        token.approve(address(pool), type(uint256).max);
        uint256 shares = pool.deposit(50_000e6, FARMER);
        pool.approve(address(market), shares);
        market.supplyCollateral(address(pool), shares);
        market.borrow(20_000e6);
        vm.stopPrank();

        // buys drought cover and pledges it: the market becomes the beneficiary and records the borrower
        uint256 policyId = _buy(1, 31);
        vm.prank(FARMER);
        insurance.setBeneficiary(policyId, address(market), true);
        assertEq(market.pledgedBy(policyId), FARMER, "pledged by the farmer");

        // a dry day: the quorum's median 30 mm pays half of 100,000
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(30_000, 30_000, 30_000, 0, 90_000));
        uint256 farmerBefore = token.balanceOf(FARMER);
        uint256 debt = market.borrowBalanceOf(FARMER);
        _submit(2, obs, sigs);

        assertEq(market.borrowBalanceOf(FARMER), 0, "loan repaid from the payout");
        assertEq(token.balanceOf(FARMER), farmerBefore + SUM / 2 - debt, "the rest went to the farmer");
        assertEq(uint256(insurance.policy(policyId).paid), SUM / 2, "half paid");

        // debt-free, the farmer takes the policy back and withdraws collateral
        vm.prank(FARMER);
        market.releasePolicy(policyId);
        assertEq(insurance.policy(policyId).beneficiary, FARMER, "beneficiary back");
        vm.prank(FARMER);
        market.withdrawCollateral(address(pool), shares);
        assertEq(pool.balanceOf(FARMER), shares, "shares back");
    }

    function test_Lifecycle_UnderwriterEarnsPremiumsWhenNoDrought() public {
        uint256 id = _buy(1, 3);
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(80_000, 80_000, 80_000, 80_000, 80_000));
        _submit(2, obs, sigs);
        vm.warp(DAY0 + 7 * DAY + 1);
        insurance.expirePolicy(id);
        vm.startPrank(UNDERWRITER);
        pool.requestRedeem(pool.balanceOf(UNDERWRITER));
        vm.warp(block.timestamp + pool.redeemDelay());
        uint256 out = pool.redeem(pool.maxRedeem(UNDERWRITER), UNDERWRITER, UNDERWRITER);
        vm.stopPrank();
        assertTrue(out > 1_000_000e6 + 4999e6, "underwriter got capital plus the premium");
        assertEq(uint8(insurance.policy(id).status), uint8(IQuorumInsurance.PolicyStatus.Closed), "closed");
    }
}

/// @notice A solar plant is issued to verified investors, its meter's production is billed to the offtaker and
/// distributed, and its tokens trade on the exchange only to verified holders.
contract AssetLifecycleTest is TokenizationFixture {
    ConstantProductPair internal pair;

    function setUp() public {
        _deployTokenization();
        pair = new ConstantProductPair(address(asset), address(token));
        vm.startPrank(ISSUER);
        ids.registerIdentity(address(pair), 276); // the pool is a verified holder, exempt from the cap
        asset.setCapExempt(address(pair), true);
        asset.setHolderCap(700e18);
        vm.stopPrank();
        vm.startPrank(BOB);
        asset.approve(address(pair), type(uint256).max);
        token.approve(address(pair), type(uint256).max);
        vm.stopPrank();
        token.mint(BOB, 10_000e6);
    }

    function test_Lifecycle_ProductionRevenueAndCompliantTrading() public {
        // Bob provides liquidity: 200 tokens at 10 tUSD each
        (address t0,) = pair.tokens();
        (uint256 a0, uint256 a1) = t0 == address(asset) ? (uint256(200e18), uint256(2000e6)) : (uint256(2000e6), uint256(200e18));
        vm.prank(BOB);
        pair.addLiquidity(a0, a1, 0, BOB, block.timestamp);

        // a day of production: 500 kWh at 0.08 = 40 tUSD, shared 600:200 between Alice and Bob (the pair holds 200)
        (Observation[] memory obs, bytes[] memory sigs) = _production(0, 500_000);
        assertEq(distributor.submitProduction(obs, sigs), 40e6, "billed");
        assertTrue(distributor.claimable(ALICE) + 1 >= 24e6, "Alice 60%");

        // Carol is not verified: she cannot buy from the pool
        token.mint(CAROL, 1000e6);
        vm.startPrank(CAROL);
        token.approve(address(pair), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IAssetToken.AssetTokenUnverifiedReceiver.selector, CAROL));
        pair.swapExactIn(address(token), 100e6, 0, CAROL, block.timestamp);
        vm.stopPrank();

        // once verified she can, within the holder cap
        vm.prank(ISSUER);
        ids.registerIdentity(CAROL, 528);
        vm.prank(CAROL);
        uint256 bought = pair.swapExactIn(address(token), 100e6, 0, CAROL, block.timestamp);
        assertEq(asset.balanceOf(CAROL), bought, "Carol holds tokens");

        // revenue after the trade goes to Carol pro rata, earlier revenue stays with earlier holders
        distributor.depositRevenue(1000e6);
        assertTrue(distributor.claimable(CAROL) + 1 >= 1000e6 * bought / 1000e18, "Carol earns from the second deposit");
        vm.prank(ALICE);
        uint256 claimed = distributor.claim();
        assertTrue(claimed + 2 >= 24e6 + 600e6, "Alice: 60% of both");
    }
}
