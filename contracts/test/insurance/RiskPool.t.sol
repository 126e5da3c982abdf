// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
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
        assertEq(pool.maxWithdraw(UNDERWRITER), CAPITAL, "all of it while nothing is locked");
        assertEq(pool.maxRedeem(UNDERWRITER), pool.balanceOf(UNDERWRITER), "every share while nothing is locked");
        _lock(900_000e6);
        assertEq(pool.maxWithdraw(UNDERWRITER), 100_000e6, "only the free capital");
        assertEq(pool.maxRedeem(UNDERWRITER), pool.convertToShares(100_000e6), "the shares the free capital buys");
    }

    function test_RevertWhen_WithdrawBeyondFreeCapital() public {
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
        _lock(900_000e6);
        uint256 shares = pool.balanceOf(UNDERWRITER);
        uint256 max = pool.maxRedeem(UNDERWRITER);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxRedeem.selector, UNDERWRITER, shares, max));
        vm.prank(UNDERWRITER);
        pool.redeem(shares, UNDERWRITER, UNDERWRITER);
    }

    function testFuzz_WithdrawingTheMaximumLeavesLockedCapitalCovered(uint256 locked) public {
        locked = bound(locked, 0, CAPITAL);
        _lock(locked);
        uint256 max = pool.maxWithdraw(UNDERWRITER);
        assertEq(max, CAPITAL - locked, "the sole underwriter may take exactly the free capital");
        vm.prank(UNDERWRITER);
        pool.withdraw(max, UNDERWRITER, UNDERWRITER);
        assertEq(pool.totalAssets(), pool.lockedCapital(), "what is left is exactly the locked capital");
    }
}
