// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILendingMarket} from "../../src/lending/interfaces/ILendingMarket.sol";
import {LendingFixture} from "./LendingMarket.t.sol";

/// @dev Pledges with an address standing in for the insurance, so the market's side is tested on its own.
contract LendingPledgeTest is LendingFixture {
    address internal constant INSURANCE = address(0x1A5);
    uint256 internal constant POLICY = 7;

    function setUp() public {
        _deployLending(INSURANCE);
    }

    function _pledge() internal {
        vm.prank(INSURANCE);
        market.onPolicyAssigned(POLICY, BORROWER);
    }

    function test_OnPolicyAssigned_RecordsThePledger() public {
        vm.expectEmit(true, true, false, true, address(market));
        emit ILendingMarket.PolicyPledged(POLICY, BORROWER);
        _pledge();
        assertEq(market.pledgedBy(POLICY), BORROWER, "pledger recorded");
    }

    function test_RevertWhen_PledgeNotFromTheInsurance() public {
        vm.expectRevert(abi.encodeWithSelector(ILendingMarket.LendingMarketUnauthorized.selector, BORROWER));
        vm.prank(BORROWER);
        market.onPolicyAssigned(POLICY, BORROWER);
    }

    function test_RevertWhen_PayoutNotFromTheInsurance() public {
        vm.expectRevert(abi.encodeWithSelector(ILendingMarket.LendingMarketUnauthorized.selector, BORROWER));
        vm.prank(BORROWER);
        market.onPolicyPayout(POLICY, 1);
    }

    function test_RevertWhen_PolicyPledgedTwice() public {
        _pledge();
        vm.expectRevert(abi.encodeWithSelector(ILendingMarket.LendingMarketBadPledge.selector, POLICY));
        vm.prank(INSURANCE);
        market.onPolicyAssigned(POLICY, LIQUIDATOR);
    }

    function test_RevertWhen_ReleasePolicyByAnotherThanThePledger() public {
        _pledge();
        vm.expectRevert(abi.encodeWithSelector(ILendingMarket.LendingMarketBadPledge.selector, POLICY));
        vm.prank(LIQUIDATOR);
        market.releasePolicy(POLICY);
    }

    function test_RevertWhen_ReleasePolicyWhileInDebt() public {
        _borrowAgainst(10_000e6, 1000e6);
        _pledge();
        vm.expectRevert(abi.encodeWithSelector(ILendingMarket.LendingMarketBadPledge.selector, POLICY));
        vm.prank(BORROWER);
        market.releasePolicy(POLICY);
    }

    function test_OnPolicyPayout_RepaysTheDebtThenPaysTheBorrower() public {
        _borrowAgainst(10_000e6, 1000e6);
        _pledge();
        uint256 debt = market.borrowBalanceOf(BORROWER);
        token.mint(address(market), 1500e6); // the insurance pays first, then tells the market
        vm.expectEmit(true, true, false, true, address(market));
        emit ILendingMarket.InsurancePayout(POLICY, BORROWER, 1500e6, debt);
        vm.prank(INSURANCE);
        market.onPolicyPayout(POLICY, 1500e6);
        assertEq(market.borrowBalanceOf(BORROWER), 0, "debt repaid");
        assertEq(token.balanceOf(BORROWER), 1000e6 + 1500e6 - debt, "the rest to the borrower");
    }

    function test_OnPolicyPayout_UnpledgedPolicyStaysAsReserves() public {
        int256 reservesBefore = market.reserves();
        token.mint(address(market), 100e6);
        vm.prank(INSURANCE);
        market.onPolicyPayout(POLICY + 1, 100e6);
        assertEq(market.reserves(), reservesBefore + 100e6, "kept as reserves");
    }
}
