// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";

import {RiskPool} from "../../src/insurance/RiskPool.sol";
import {IRiskPool} from "../../src/insurance/interfaces/IRiskPool.sol";
import {EdgeTest} from "../utils/EdgeTest.sol";

/// @dev The pool on its own: an address of the test's choosing stands in for the insurer, so every rule of the pool
/// is reached directly rather than through QuorumInsurance.
contract RiskPoolTest is EdgeTest {
    RiskPool internal pool;
    address internal constant OWNER = address(0x0AAA);
    address internal constant INSURER = address(0x1A5);
    address internal constant UNDERWRITER = address(0xD00D);
    address internal constant CLAIMANT = address(0xFA12);
    uint256 internal constant CAPITAL = 1_000_000e6;

    function setUp() public {
        _deployBase();
        pool = new RiskPool(token, OWNER);
        vm.prank(OWNER);
        pool.setInsurer(INSURER);
        token.mint(UNDERWRITER, CAPITAL);
        vm.startPrank(UNDERWRITER);
        token.approve(address(pool), type(uint256).max);
        pool.deposit(CAPITAL, UNDERWRITER);
        vm.stopPrank();
    }

    function _lock(uint256 amount) internal {
        vm.prank(INSURER);
        pool.lockCapital(amount);
    }

    /// @dev The underwriter asks to redeem every share and waits out the delay.
    function _requestAll() internal {
        vm.startPrank(UNDERWRITER);
        pool.requestRedeem(pool.balanceOf(UNDERWRITER));
        vm.stopPrank();
        vm.warp(block.timestamp + pool.redeemDelay());
    }

    function test_Constructor_WrapsTheStablecoinWithSixMoreDecimals() public view {
        assertEq(pool.asset(), address(token), "asset");
        assertEq(pool.owner(), OWNER, "owner");
        assertEq(uint256(pool.decimals()), 12, "the decimals offset of 6 on top of the stablecoin's 6");
        assertEq(pool.balanceOf(UNDERWRITER), CAPITAL * 1e6, "a first deposit mints 10^6 shares per unit");
    }

    function test_SetInsurer_ByOwnerEmitsInsurerSet() public {
        vm.expectEmit(true, false, false, true, address(pool));
        emit IRiskPool.InsurerSet(address(0xBEEF));
        vm.prank(OWNER);
        pool.setInsurer(address(0xBEEF));
        assertEq(pool.insurer(), address(0xBEEF), "insurer replaced");
    }

    function test_RevertWhen_SetInsurerByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, INSURER));
        vm.prank(INSURER);
        pool.setInsurer(INSURER);
    }

    function test_RevertWhen_LockCapitalByNonInsurer() public {
        vm.expectRevert(abi.encodeWithSelector(IRiskPool.RiskPoolNotInsurer.selector, address(this)));
        pool.lockCapital(1);
    }

    function test_RevertWhen_ReleaseCapitalByNonInsurer() public {
        _lock(1);
        vm.expectRevert(abi.encodeWithSelector(IRiskPool.RiskPoolNotInsurer.selector, address(this)));
        pool.releaseCapital(1);
    }

    function test_RevertWhen_PayClaimByNonInsurer() public {
        _lock(1);
        vm.expectRevert(abi.encodeWithSelector(IRiskPool.RiskPoolNotInsurer.selector, address(this)));
        pool.payClaim(address(this), 1);
    }

    function test_LockCapital_MovesFreeCapitalBehindPolicies() public {
        vm.expectEmit(false, false, false, true, address(pool));
        emit IRiskPool.CapitalLocked(300_000e6, 300_000e6);
        _lock(300_000e6);
        assertEq(pool.lockedCapital(), 300_000e6, "locked");
        assertEq(pool.freeCapital(), CAPITAL - 300_000e6, "free");
        assertEq(pool.totalAssets(), CAPITAL, "locking moves no money");
    }

    function test_RevertWhen_LockCapitalBeyondFreeCapital() public {
        _lock(600_000e6);
        vm.expectRevert(
            abi.encodeWithSelector(IRiskPool.RiskPoolInsufficientCapital.selector, 400_000e6 + 1, 400_000e6)
        );
        _lock(400_000e6 + 1);
    }

    function test_ReleaseCapital_FreesLockedCapital() public {
        _lock(300_000e6);
        vm.expectEmit(false, false, false, true, address(pool));
        emit IRiskPool.CapitalReleased(100_000e6, 200_000e6);
        vm.prank(INSURER);
        pool.releaseCapital(100_000e6);
        assertEq(pool.lockedCapital(), 200_000e6, "locked");
        assertEq(pool.freeCapital(), CAPITAL - 200_000e6, "free");
    }

    function test_RevertWhen_ReleaseCapitalBeyondLocked() public {
        _lock(300_000e6);
        vm.expectRevert(abi.encodeWithSelector(IRiskPool.RiskPoolExceedsLocked.selector, 300_000e6 + 1, 300_000e6));
        vm.prank(INSURER);
        pool.releaseCapital(300_000e6 + 1);
    }

    function test_PayClaim_PaysFromLockedCapital() public {
        _lock(100_000e6);
        vm.expectEmit(true, false, false, true, address(pool));
        emit IRiskPool.ClaimPaid(CLAIMANT, 40_000e6, 60_000e6);
        vm.prank(INSURER);
        pool.payClaim(CLAIMANT, 40_000e6);
        assertEq(token.balanceOf(CLAIMANT), 40_000e6, "claimant paid");
        assertEq(pool.lockedCapital(), 60_000e6, "the paid part left the lock");
        assertEq(pool.totalAssets(), CAPITAL - 40_000e6, "underwriters bore the claim");
        assertEq(pool.freeCapital(), CAPITAL - 100_000e6, "free capital unchanged by a claim");
    }

    function test_RevertWhen_PayClaimBeyondLocked() public {
        _lock(100_000e6);
        vm.expectRevert(abi.encodeWithSelector(IRiskPool.RiskPoolExceedsLocked.selector, 100_000e6 + 1, 100_000e6));
        vm.prank(INSURER);
        pool.payClaim(CLAIMANT, 100_000e6 + 1);
    }

    function test_MaxWithdrawAndMaxRedeem_StopAtFreeCapital() public {
        uint256 shares = pool.balanceOf(UNDERWRITER);
        _requestAll();
        assertEq(pool.maxWithdraw(UNDERWRITER), CAPITAL, "all of it while nothing is locked");
        assertEq(pool.maxRedeem(UNDERWRITER), shares, "every share while nothing is locked");
        _lock(900_000e6);
        assertEq(pool.maxWithdraw(UNDERWRITER), 100_000e6, "only the free capital");
        assertEq(pool.maxRedeem(UNDERWRITER), pool.convertToShares(100_000e6), "the shares the free capital buys");
    }

    function test_RevertWhen_WithdrawBeyondFreeCapital() public {
        _requestAll();
        _lock(900_000e6);
        vm.expectRevert(
            abi.encodeWithSelector(
                ERC4626.ERC4626ExceededMaxWithdraw.selector, UNDERWRITER, 100_000e6 + 1, uint256(100_000e6)
            )
        );
        vm.prank(UNDERWRITER);
        pool.withdraw(100_000e6 + 1, UNDERWRITER, UNDERWRITER);
    }

    function test_RevertWhen_RedeemBeyondFreeCapital() public {
        uint256 shares = pool.balanceOf(UNDERWRITER);
        _requestAll();
        _lock(900_000e6);
        uint256 max = pool.maxRedeem(UNDERWRITER);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxRedeem.selector, UNDERWRITER, shares, max));
        vm.prank(UNDERWRITER);
        pool.redeem(shares, UNDERWRITER, UNDERWRITER);
    }

    function testFuzz_WithdrawingTheMaximumLeavesLockedCapitalCovered(uint256 locked) public {
        locked = bound(locked, 0, CAPITAL);
        _requestAll();
        _lock(locked);
        uint256 max = pool.maxWithdraw(UNDERWRITER);
        assertEq(max, CAPITAL - locked, "the sole underwriter may take exactly the free capital");
        vm.prank(UNDERWRITER);
        pool.withdraw(max, UNDERWRITER, UNDERWRITER);
        assertEq(pool.totalAssets(), pool.lockedCapital(), "what is left is exactly the locked capital");
    }

    // ---- premiums earned over the coverage ----

    /// @dev The insurer pays `amount` into the pool and schedules it over [start, end).
    function _premium(uint256 amount, uint64 start, uint64 end) internal {
        token.mint(address(pool), amount);
        vm.prank(INSURER);
        pool.earnPremium(amount, start, end);
    }

    function test_EarnPremium_IsEarnedLinearlyFromTheStartsMidnight() public {
        vm.warp(DAY0 + 12 hours);
        token.mint(address(pool), 10_000e6);
        vm.expectEmit(false, false, false, true, address(pool));
        emit IRiskPool.PremiumScheduled(10_000e6, DAY0 + 2 * DAY, DAY0 + 12 * DAY);
        vm.prank(INSURER);
        pool.earnPremium(10_000e6, DAY0 + DAY + 1, DAY0 + 11 * DAY + 1); // both round up to midnight
        assertEq(pool.totalAssets(), CAPITAL, "nothing earned at the sale");
        vm.warp(DAY0 + 2 * DAY);
        assertEq(pool.unearnedPremium(), 10_000e6, "nor before the coverage starts");
        vm.warp(DAY0 + 4 * DAY + 12 hours);
        assertEq(pool.totalAssets(), CAPITAL + 2_500e6, "a quarter of the way through: a quarter earned");
        vm.warp(DAY0 + 30 * DAY);
        assertEq(pool.totalAssets(), CAPITAL + 10_000e6, "all of it once the coverage ended");
        assertEq(pool.unearnedPremium(), 0, "nothing left unearned");
    }

    function test_EarnPremium_StartingThisVeryMidnightRunsAtOnce() public {
        _premium(1_000e6, DAY0, DAY0 + 10 * DAY); // DAY0 is both now and a midnight
        vm.warp(DAY0 + DAY);
        assertEq(pool.unearnedPremium(), 900e6, "one day of ten earned");
    }

    function test_EarnPremium_ShorterThanADayIsEarnedOverOne() public {
        _premium(1_000e6, DAY0 + DAY, DAY0 + DAY + 3 hours);
        vm.warp(DAY0 + DAY + 12 hours);
        assertEq(pool.unearnedPremium(), 500e6, "half of the one day");
    }

    function test_Accrual_WritesTheEarningForward() public {
        _premium(3_000e6, DAY0, DAY0 + 3 * DAY);
        vm.warp(DAY0 + 2 * DAY);
        token.mint(UNDERWRITER, 2e6);
        vm.prank(UNDERWRITER);
        pool.deposit(1e6, UNDERWRITER); // accrues two days
        assertEq(pool.unearnedPremium(), 1_000e6, "two of three days earned");
        vm.warp(DAY0 + 3 * DAY);
        assertEq(pool.unearnedPremium(), 0, "the third day after the checkpoint");
        vm.prank(UNDERWRITER);
        uint256 paid = pool.mint(1e11, UNDERWRITER); // accrues the third day
        assertEq(pool.totalAssets(), CAPITAL + 3_000e6 + 1e6 + paid, "every premium earned, the deposits in");
    }

    function test_RevertWhen_EarnPremiumByNonInsurer() public {
        vm.expectRevert(abi.encodeWithSelector(IRiskPool.RiskPoolNotInsurer.selector, address(this)));
        pool.earnPremium(1, DAY0 + DAY, DAY0 + 2 * DAY);
    }

    function test_RevertWhen_EarnPremiumEndsBeforeItStarts() public {
        vm.expectRevert(abi.encodeWithSelector(IRiskPool.RiskPoolBadPremiumPeriod.selector, DAY0 + DAY, DAY0 + DAY));
        vm.prank(INSURER);
        pool.earnPremium(1, DAY0 + DAY, DAY0 + DAY);
    }

    function test_RevertWhen_EarnPremiumCoverageEnded() public {
        vm.warp(DAY0 + 3 * DAY);
        vm.expectRevert(abi.encodeWithSelector(IRiskPool.RiskPoolBadPremiumPeriod.selector, DAY0, DAY0 + 3 * DAY));
        vm.prank(INSURER);
        pool.earnPremium(1, DAY0, DAY0 + 3 * DAY);
    }

    /// @notice A just-in-time depositor earns no more than its time-share of the premium: whenever it enters and
    /// leaves, what it takes out beyond its deposit is at most its share of the premium earned while it was in.
    function testFuzz_JustInTimeDepositorEarnsAtMostItsTimeShare(uint256 deposit, uint256 before, uint256 stay)
        public
    {
        deposit = bound(deposit, 1e6, 100_000_000e6);
        before = bound(before, 0, 40 * DAY);
        stay = bound(stay, 0, 60 * DAY);
        address jit = address(0x0717);
        token.mint(jit, deposit);
        vm.warp(DAY0 + before / 2);
        vm.startPrank(jit);
        token.approve(address(pool), type(uint256).max);
        uint256 shares = pool.deposit(deposit, jit);
        vm.stopPrank();
        uint256 unearnedAtEntry = pool.unearnedPremium();
        _premium(30_000e6, uint64(block.timestamp), uint64(block.timestamp) + 30 * DAY); // sold right after
        vm.warp(block.timestamp + stay);
        uint256 unearnedAtRequest = pool.unearnedPremium();
        vm.prank(jit);
        pool.requestRedeem(shares);
        vm.warp(block.timestamp + pool.redeemDelay());
        uint256 max = pool.maxRedeem(jit);
        vm.prank(jit);
        uint256 out = pool.redeem(max, jit, jit);
        // premium earned while the depositor was in, up to its request (it forgoes what came after)
        uint256 earned = 30_000e6 + unearnedAtEntry - unearnedAtRequest;
        uint256 share = earned * deposit / (deposit + CAPITAL);
        assertTrue(out <= deposit + share + 1, "no more than its share of the premium earned while in");
        assertEq(pool.balanceOf(jit), 0, "and it left entirely");
    }

    // ---- redemption requests ----

    function test_RequestRedeem_EscrowsTheSharesAtTodaysWorth() public {
        uint256 shares = pool.balanceOf(UNDERWRITER) / 4;
        uint64 unlocks = uint64(block.timestamp) + 7 days;
        vm.expectEmit(true, false, false, true, address(pool));
        emit IRiskPool.RedeemRequested(UNDERWRITER, shares, CAPITAL / 4, unlocks);
        vm.prank(UNDERWRITER);
        (uint256 assets, uint64 unlocksAt) = pool.requestRedeem(shares);
        assertEq(assets, CAPITAL / 4, "worth a quarter of the pool");
        assertEq(uint256(unlocksAt), unlocks, "after the delay");
        (uint256 pendingShares, uint256 pendingAssets, uint64 pendingUnlock) = pool.pendingRedeem(UNDERWRITER);
        assertEq(pendingShares, shares, "shares pending");
        assertEq(pendingAssets, assets, "their worth");
        assertEq(uint256(pendingUnlock), unlocks, "unlock");
        assertEq(pool.balanceOf(address(pool)), shares, "held by the pool");
        assertEq(pool.maxRedeem(UNDERWRITER), 0, "nothing redeemable before the delay");
        assertEq(pool.maxWithdraw(UNDERWRITER), 0, "nor withdrawable");
        // a second request adds to the first and restarts the delay
        vm.warp(block.timestamp + 6 days);
        vm.prank(UNDERWRITER);
        pool.requestRedeem(shares);
        (pendingShares,, pendingUnlock) = pool.pendingRedeem(UNDERWRITER);
        assertEq(pendingShares, 2 * shares, "both requests");
        assertEq(uint256(pendingUnlock), block.timestamp + 7 days, "the delay restarted");
    }

    function test_RevertWhen_RequestRedeemOfZeroShares() public {
        vm.expectRevert(IRiskPool.RiskPoolZeroShares.selector);
        vm.prank(UNDERWRITER);
        pool.requestRedeem(0);
    }

    function test_RevertWhen_RedeemBeforeTheDelay() public {
        uint256 shares = pool.balanceOf(UNDERWRITER);
        vm.startPrank(UNDERWRITER);
        pool.requestRedeem(shares);
        vm.warp(block.timestamp + 7 days - 1);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxRedeem.selector, UNDERWRITER, shares, 0));
        pool.redeem(shares, UNDERWRITER, UNDERWRITER);
        vm.stopPrank();
    }

    function test_RevertWhen_WithdrawWithoutARequest() public {
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxWithdraw.selector, UNDERWRITER, 1, 0));
        vm.prank(UNDERWRITER);
        pool.withdraw(1, UNDERWRITER, UNDERWRITER);
    }

    function test_Redeem_BearsAClaimDecidedDuringTheDelay() public {
        _lock(100_000e6);
        _requestAll();
        vm.prank(INSURER);
        pool.payClaim(CLAIMANT, 100_000e6);
        uint256 max = pool.maxRedeem(UNDERWRITER);
        vm.prank(UNDERWRITER);
        uint256 out = pool.redeem(max, UNDERWRITER, UNDERWRITER);
        // the price after the claim, less the unit ERC-4626's virtual share rounds away
        assertTrue(out <= CAPITAL - 100_000e6 && out + 1 >= CAPITAL - 100_000e6, "the price after the claim");
    }

    function test_Redeem_ForgoesGainsMadeDuringTheDelay() public {
        address other = address(0x0E7);
        token.mint(other, CAPITAL);
        vm.startPrank(other);
        token.approve(address(pool), type(uint256).max);
        pool.deposit(CAPITAL, other);
        vm.stopPrank();
        _requestAll();
        token.mint(address(pool), 20_000e6); // a gain while the request waited
        uint256 max = pool.maxRedeem(UNDERWRITER);
        vm.prank(UNDERWRITER);
        uint256 out = pool.redeem(max, UNDERWRITER, UNDERWRITER);
        assertEq(out, CAPITAL, "paid at the request's price");
        assertTrue(pool.convertToAssets(pool.balanceOf(other)) >= CAPITAL + 20_000e6 - 1, "the gain stays with who stays");
    }

    function test_Withdraw_BurnsTheSharesAtTheLowerPrice() public {
        uint256 shares = pool.balanceOf(UNDERWRITER);
        _requestAll();
        token.mint(address(pool), 100_000e6); // today's price is higher than the request's
        vm.prank(UNDERWRITER);
        uint256 burnt = pool.withdraw(CAPITAL / 2, UNDERWRITER, UNDERWRITER);
        assertEq(burnt, shares / 2, "half the shares for half the request's worth");
        (uint256 left, uint256 assets,) = pool.pendingRedeem(UNDERWRITER);
        assertEq(left, shares - burnt, "the rest pending");
        assertEq(assets, CAPITAL / 2, "worth the rest");
    }

    function test_Redeem_ByAnApprovedCaller() public {
        uint256 shares = pool.balanceOf(UNDERWRITER);
        _requestAll();
        vm.prank(UNDERWRITER);
        pool.approve(address(this), shares);
        assertEq(pool.redeem(shares, CLAIMANT, UNDERWRITER), CAPITAL, "redeemed for the owner");
        assertEq(token.balanceOf(CLAIMANT), CAPITAL, "to the receiver");
        assertEq(pool.allowance(UNDERWRITER, address(this)), 0, "the allowance spent");
    }

    function test_RevertWhen_RedeemByAnUnapprovedCaller() public {
        uint256 shares = pool.balanceOf(UNDERWRITER);
        _requestAll();
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(this), 0, shares)
        );
        pool.redeem(shares, CLAIMANT, UNDERWRITER);
    }

    function test_RevertWhen_PreviewRedeemOrWithdraw() public {
        vm.expectRevert(IRiskPool.RiskPoolAsyncRedemption.selector);
        pool.previewRedeem(1);
        vm.expectRevert(IRiskPool.RiskPoolAsyncRedemption.selector);
        pool.previewWithdraw(1);
    }

    function test_SetRedeemDelay_ByOwner() public {
        assertEq(uint256(pool.redeemDelay()), 7 days, "a week by default");
        assertEq(uint256(pool.MAX_REDEEM_DELAY()), 90 days, "at most ninety days");
        vm.expectEmit(false, false, false, true, address(pool));
        emit IRiskPool.RedeemDelaySet(14 days);
        vm.prank(OWNER);
        pool.setRedeemDelay(14 days);
        assertEq(uint256(pool.redeemDelay()), 14 days, "set");
    }

    function test_RevertWhen_SetRedeemDelayByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, INSURER));
        vm.prank(INSURER);
        pool.setRedeemDelay(1 days);
    }

    function test_RevertWhen_SetRedeemDelayAboveTheMaximum() public {
        vm.expectRevert(abi.encodeWithSelector(IRiskPool.RiskPoolBadDelay.selector, uint32(90 days + 1)));
        vm.prank(OWNER);
        pool.setRedeemDelay(90 days + 1);
    }
}
