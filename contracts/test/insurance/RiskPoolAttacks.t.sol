// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Observation} from "../../src/core/libraries/EdgeMessages.sol";
import {InsuranceFixture} from "./InsuranceFixture.sol";

/// @notice Issue 15, rows 9 and 10: underwriters timing the pool around premiums and claims.
contract RiskPoolAttacksTest is InsuranceFixture {
    address internal constant JIT = address(0x0717);
    address internal constant STAYER = address(0x57A7);

    function setUp() public {
        _deployInsurance(5);
    }

    function _fund(address who, uint256 amount) internal returns (uint256 shares) {
        token.mint(who, amount);
        vm.startPrank(who);
        token.approve(address(pool), type(uint256).max);
        shares = pool.deposit(amount, who);
        vm.stopPrank();
    }

    /// Row 9: a deposit just before buyPolicy took > 88 % of the premium and left at once. Now what it holds right
    /// after the sale is worth no more than it paid in: the premium is earned over the coverage, not at the sale.
    function test_Attack_JustInTimeDepositEarnsNoneOfTheFreshPremium() public {
        uint256 shares = _fund(JIT, 10_000_000e6);
        _buy(1, 31); // 5,000 of premium
        vm.startPrank(JIT);
        uint256 out = pool.redeem(pool.maxRedeem(JIT), JIT, JIT);
        vm.stopPrank();
        uint256 worth = out + pool.convertToAssets(pool.balanceOf(JIT));
        assertTrue(shares > 0, "deposited");
        assertTrue(worth <= 10_000_000e6 + 1, "the just-in-time depositor takes none of the fresh premium");
    }

    /// Row 10: an underwriter who saw a payout round coming exited at the pre-claim price and the one who stayed
    /// paid nearly the whole claim. Exits now wait; a claim decided meanwhile is shared.
    function test_Attack_ExitAheadOfAPayoutRoundDoesNotDodgeTheClaim() public {
        // two equal underwriters besides the fixture's: an exiting one (UNDERWRITER) and one who stays
        _fund(STAYER, 1_000_000e6);
        _buy(1, 31);
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        // the exit, front-running the round
        vm.startPrank(UNDERWRITER);
        uint256 out = pool.redeem(pool.maxRedeem(UNDERWRITER), UNDERWRITER, UNDERWRITER);
        vm.stopPrank();
        _submit(2, obs, sigs); // pays the full 100,000
        uint256 exiter = out + pool.convertToAssets(pool.balanceOf(UNDERWRITER));
        uint256 stayer = pool.convertToAssets(pool.balanceOf(STAYER));
        // each put in 1,000,000; the claim is 100,000 and the premium 5,000: half each, give or take the premium
        assertTrue(1_000_000e6 - stayer <= SUM / 2, "the stayer bears no more than half the claim");
        assertTrue(1_000_000e6 - exiter + 2_500e6 >= SUM / 2, "the exiter bears its half too");
    }
}
