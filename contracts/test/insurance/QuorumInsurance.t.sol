// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";

import {QuorumInsurance} from "../../src/insurance/QuorumInsurance.sol";
import {IQuorumInsurance} from "../../src/insurance/interfaces/IQuorumInsurance.sol";
import {IRiskPool} from "../../src/insurance/interfaces/IRiskPool.sol";
import {Observation} from "../../src/core/libraries/EdgeMessages.sol";
import {InsuranceFixture, PayoutReceiverStub} from "./InsuranceFixture.sol";

/// @notice QuorumInsurance's deployment, products, policies and beneficiaries; regions are in QuorumRegions.t.sol,
/// rounds in QuorumRounds.t.sol.
contract QuorumInsuranceTest is InsuranceFixture {
    function setUp() public {
        _deployInsurance(5);
    }

    // ---- deployment and constants ----

    function test_Constructor_WiresRegistryPoolAndOwner() public view {
        assertEq(insurance.registry(), address(registry), "registry");
        assertEq(insurance.pool(), address(pool), "pool");
        assertEq(insurance.owner(), INSURER, "owner");
        assertEq(insurance.domainSeparator(), registry.domainSeparator(), "the registry's domain");
    }

    function test_RevertWhen_ConstructedOnForeignRegistry() public {
        address foreign = _expectForeignRegistryRefused();
        new QuorumInsurance(foreign, address(pool), INSURER);
    }

    function test_Constants_BoundEveryRoundsWork() public view {
        assertEq(insurance.MAX_REGION_SENSORS(), 32, "sensors per region: the bitmaps are uint32");
        assertEq(insurance.MAX_REGION_PRODUCTS(), 4, "products per region");
        assertEq(insurance.MAX_ACTIVE_POLICIES(), 32, "active policies per product");
        assertEq(insurance.CALLBACK_GAS(), 300_000, "gas forwarded to a payout callback");
    }

    // ---- products ----

    function test_CreateProduct_StoresTheTermsAsActive() public {
        IQuorumInsurance.Product memory terms = _droughtTerms(2);
        terms.active = false; // ignored: a new product sells
        IQuorumInsurance.Product memory stored = _droughtTerms(2);
        vm.expectEmit(true, false, false, true, address(insurance));
        emit IQuorumInsurance.ProductCreated(drought + 1, stored);
        vm.prank(INSURER);
        uint32 id = insurance.createProduct(terms);
        assertEq(uint256(id), drought + 1, "ids count from 1");
        IQuorumInsurance.Product memory p = insurance.product(id);
        assertEq(keccak256(abi.encode(p)), keccak256(abi.encode(stored)), "every term stored, active");
        assertEq(uint256(insurance.product(99).quorum), 0, "no such product: empty terms");
    }

    function test_RevertWhen_CreateProductByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        insurance.createProduct(_droughtTerms(3));
    }

    /// @dev Expects createProduct(terms) by the owner to revert with QuorumInsuranceBadProduct.
    function _assertBadProduct(IQuorumInsurance.Product memory terms) internal {
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadProduct.selector);
        vm.prank(INSURER);
        insurance.createProduct(terms);
    }

    function test_RevertWhen_CreateProductQuorumAboveSensors() public {
        _assertBadProduct(_droughtTerms(6)); // k = 6 > n = 5
    }

    function test_RevertWhen_CreateProductQuorumZero() public {
        _assertBadProduct(_droughtTerms(0));
    }

    function test_RevertWhen_CreateProductInUnknownRegion() public {
        IQuorumInsurance.Product memory t = _droughtTerms(1);
        t.region = 99;
        _assertBadProduct(t);
    }

    function test_RevertWhen_CreateProductWindowZero() public {
        IQuorumInsurance.Product memory t = _droughtTerms(3);
        t.windowLength = 0;
        _assertBadProduct(t);
    }

    function test_RevertWhen_CreateProductPremiumZero() public {
        IQuorumInsurance.Product memory t = _droughtTerms(3);
        t.premiumBps = 0;
        _assertBadProduct(t);
    }

    function test_RevertWhen_CreateProductPremiumAboveTheSumInsured() public {
        IQuorumInsurance.Product memory t = _droughtTerms(3);
        t.premiumBps = 10_001;
        _assertBadProduct(t);
    }

    function test_RevertWhen_CreateProductBelowWithExitAboveTrigger() public {
        IQuorumInsurance.Product memory t = _droughtTerms(3);
        t.exit = 60_000;
        _assertBadProduct(t);
    }

    function test_RevertWhen_CreateProductAboveWithExitBelowTrigger() public {
        IQuorumInsurance.Product memory t = _droughtTerms(3);
        (t.direction, t.trigger, t.exit) = (IQuorumInsurance.Direction.Above, 60_000, 59_999);
        _assertBadProduct(t);
    }

    function test_RevertWhen_CreateProductWithoutMinimumSum() public {
        IQuorumInsurance.Product memory t = _droughtTerms(3);
        t.minSumInsured = 0;
        _assertBadProduct(t);
    }

    function test_RevertWhen_CreateProductCoverageShorterThanWaitingAndAWindow() public {
        IQuorumInsurance.Product memory t = _droughtTerms(3);
        (t.waitingPeriod, t.maxCoverage) = (uint32(2 * DAY), uint32(3 * DAY - 1));
        _assertBadProduct(t);
    }

    function test_RevertWhen_CreateProductOutlastsTheRedeemDelay() public {
        IQuorumInsurance.Product memory t = _droughtTerms(3);
        t.staleness = uint32(3 * DAY + 1); // 1 day + 2 x 3 days + 2 s > the pool's 7 days
        _assertBadProduct(t);
    }

    function test_RevertWhen_CreateProductOnAGridWithAnotherStaleness() public {
        IQuorumInsurance.Product memory t = _droughtTerms(3);
        t.staleness = uint32(DAY); // same metric and window length as the drought product, another deadline
        _assertBadProduct(t);
        t.windowLength = uint32(1 hours); // another grid may have its own
        vm.prank(INSURER);
        insurance.createProduct(t);
    }

    function test_RevertWhen_CreateProductBeyondFourPerRegion() public {
        vm.startPrank(INSURER);
        for (uint256 i = 1; i < 4; ++i) insurance.createProduct(_droughtTerms(3)); // the fixture made the first
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceTooManyProducts.selector, region));
        insurance.createProduct(_droughtTerms(3));
        vm.stopPrank();
    }

    function test_SetProductActive_StopsAndRestartsSales() public {
        vm.expectEmit(true, false, false, true, address(insurance));
        emit IQuorumInsurance.ProductActiveSet(drought, false);
        vm.prank(INSURER);
        insurance.setProductActive(drought, false);
        assertFalse(insurance.product(drought).active, "stopped");
        vm.prank(INSURER);
        insurance.setProductActive(drought, true);
        assertTrue(insurance.product(drought).active, "restarted");
        assertEq(_buy(1, 31), 1, "sells again");
    }

    function test_RevertWhen_SetProductActiveByNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        insurance.setProductActive(drought, false);
    }

    function test_RevertWhen_SetProductActiveOnUnknownProduct() public {
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceProductUnavailable.selector, uint32(9)));
        vm.prank(INSURER);
        insurance.setProductActive(9, true);
    }

    function testFuzz_PayoutFractionIsMonotoneAndBounded(uint256 a, uint256 b) public view {
        int64 va = int64(int256(bound(a, 0, 200_000)) - 100_000);
        int64 vb = int64(int256(bound(b, 0, 200_000)) - 100_000);
        uint256 fa = insurance.payoutFraction(drought, va);
        uint256 fb = insurance.payoutFraction(drought, vb);
        assertTrue(fa <= 1e18 && fb <= 1e18, "at most the full sum");
        if (va <= vb) assertTrue(fa >= fb, "drier pays at least as much");
        if (va >= 50_000) assertEq(fa, 0, "nothing at or above the trigger");
        if (va <= 10_000) assertEq(fa, 1e18, "everything at or below the exit");
    }

    // ---- policies ----

    function test_BuyPolicy_PaysPremiumIntoPoolAndLocksTheSum() public {
        vm.expectEmit(true, true, true, true, address(insurance));
        emit IQuorumInsurance.PolicyBought(1, drought, FARMER, FARMER, DAY0 + DAY, DAY0 + 31 * DAY, SUM, 5000e6);
        uint256 id = _buy(1, 31);
        IQuorumInsurance.Policy memory p = insurance.policy(id);
        assertEq(p.beneficiary, FARMER, "beneficiary");
        assertEq(uint256(p.sumInsured), SUM, "sum");
        assertEq(uint256(p.start), DAY0 + DAY, "start");
        assertEq(uint256(p.end), DAY0 + 31 * DAY, "end");
        assertEq(uint8(p.status), uint8(IQuorumInsurance.PolicyStatus.Active), "active");
        assertEq(token.balanceOf(FARMER), 100_000e6 - 5000e6, "premium 5% paid");
        assertEq(token.balanceOf(address(pool)), 1_000_000e6 + 5000e6, "the premium joined the pool");
        assertEq(pool.unearnedPremium(), 5000e6, "unearned until the coverage runs");
        assertEq(pool.totalAssets(), 1_000_000e6, "so not yet part of the underwriters' assets");
        assertEq(pool.lockedCapital(), SUM, "sum insured locked");
        assertEq(insurance.activePolicies(drought).length, 1, "listed active");
    }

    function test_BuyPolicy_LockedCapitalCannotBeWithdrawn() public {
        _buy(1, 31);
        vm.startPrank(UNDERWRITER);
        pool.requestRedeem(pool.balanceOf(UNDERWRITER));
        vm.stopPrank();
        vm.warp(block.timestamp + pool.redeemDelay());
        uint256 free = pool.freeCapital();
        assertEq(free, 1_000_000e6 + 5000e6 * 6 / 30 - SUM, "the capital, six of thirty days' premium, less the lock");
        uint256 max = pool.maxWithdraw(UNDERWRITER);
        // The sole underwriter owns all but the vault's virtual share; ERC-4626 rounds one unit down.
        assertTrue(max + 1 >= free && max <= free, "only the free capital can be withdrawn");
        vm.expectRevert(
            abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxWithdraw.selector, UNDERWRITER, free + 1, max)
        );
        vm.prank(UNDERWRITER);
        pool.withdraw(free + 1, UNDERWRITER, UNDERWRITER);
        vm.prank(UNDERWRITER);
        pool.withdraw(max, UNDERWRITER, UNDERWRITER);
        assertTrue(pool.totalAssets() >= pool.lockedCapital(), "what is left still covers the locked capital");
    }

    function test_RevertWhen_PolicyExceedsFreeCapital() public {
        vm.startPrank(UNDERWRITER);
        pool.requestRedeem(pool.convertToShares(950_000e6));
        vm.warp(block.timestamp + pool.redeemDelay());
        pool.withdraw(950_000e6, UNDERWRITER, UNDERWRITER);
        vm.stopPrank();
        // the premium is not yet earned, so it does not back the policy it pays for
        (uint64 start, uint64 end) = (uint64(block.timestamp) + DAY, uint64(block.timestamp) + 31 * DAY);
        vm.prank(FARMER);
        vm.expectRevert(abi.encodeWithSelector(IRiskPool.RiskPoolInsufficientCapital.selector, SUM, 50_000e6));
        insurance.buyPolicy(drought, FARMER, start, end, SUM);
    }

    function test_RevertWhen_BuyPolicyOfUnknownProduct() public {
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceProductUnavailable.selector, uint32(9)));
        vm.prank(FARMER);
        insurance.buyPolicy(9, FARMER, DAY0, DAY0 + DAY, SUM);
    }

    function test_RevertWhen_BuyPolicyOfStoppedProduct() public {
        vm.prank(INSURER);
        insurance.setProductActive(drought, false);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceProductUnavailable.selector, drought));
        vm.prank(FARMER);
        insurance.buyPolicy(drought, FARMER, DAY0, DAY0 + DAY, SUM);
    }

    function test_RevertWhen_BuyPolicyShorterThanAWindow() public {
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadCoverage.selector, DAY0, DAY0 + 1));
        vm.prank(FARMER);
        insurance.buyPolicy(drought, FARMER, DAY0, DAY0 + 1, SUM);
    }

    function test_RevertWhen_BuyPolicyEndingBeforeItStarts() public {
        (uint64 start, uint64 end) = (DAY0 + 3 * DAY, DAY0 + DAY);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadCoverage.selector, start, end));
        vm.prank(FARMER);
        insurance.buyPolicy(drought, FARMER, start, end, SUM);
    }

    function test_RevertWhen_BuyPolicyCoverageEnded() public {
        vm.warp(DAY0 + 3 * DAY);
        (uint64 start, uint64 end) = (DAY0 + DAY, DAY0 + 3 * DAY);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadCoverage.selector, start, end));
        vm.prank(FARMER);
        insurance.buyPolicy(drought, FARMER, start, end, SUM);
    }

    function test_RevertWhen_BuyPolicyEndingBeyondUint48() public {
        (uint64 start, uint64 end) = (uint64(1 << 48) - DAY, uint64(1 << 48));
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadCoverage.selector, start, end));
        vm.prank(FARMER);
        insurance.buyPolicy(drought, FARMER, start, end, SUM);
    }

    function test_RevertWhen_BuyPolicyWithinTheWaitingPeriod() public {
        IQuorumInsurance.Product memory t = _droughtTerms(3);
        t.waitingPeriod = uint32(7 * DAY);
        vm.prank(INSURER);
        uint32 waiting = insurance.createProduct(t);
        (uint64 start, uint64 end) = (DAY0 + 7 * DAY - 1, DAY0 + 31 * DAY);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadCoverage.selector, start, end));
        vm.prank(FARMER);
        insurance.buyPolicy(waiting, FARMER, start, end, SUM);
        vm.prank(FARMER);
        insurance.buyPolicy(waiting, FARMER, start + 1, end, SUM); // a week from now
    }

    function test_RevertWhen_BuyPolicyEndingBeyondMaxCoverage() public {
        (uint64 start, uint64 end) = (DAY0 + DAY, DAY0 + 400 * DAY + 1);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadCoverage.selector, start, end));
        vm.prank(FARMER);
        insurance.buyPolicy(drought, FARMER, start, end, SUM);
    }

    function test_RevertWhen_BuyPolicyBelowTheMinimumSum() public {
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadPolicy.selector);
        vm.prank(FARMER);
        insurance.buyPolicy(drought, FARMER, DAY0 + DAY, DAY0 + 31 * DAY, 100e6 - 1);
    }

    function test_BuyPolicy_SchedulesThePremiumOverTheCoverage() public {
        vm.expectEmit(false, false, false, true, address(pool));
        emit IRiskPool.PremiumScheduled(5000e6, DAY0 + DAY, DAY0 + 31 * DAY);
        _buy(1, 31);
        vm.warp(DAY0 + 16 * DAY);
        assertEq(pool.unearnedPremium(), 2500e6, "half the coverage run: half the premium earned");
    }

    function test_RevertWhen_BuyPolicyForZeroBeneficiary() public {
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadPolicy.selector);
        vm.prank(FARMER);
        insurance.buyPolicy(drought, address(0), DAY0, DAY0 + DAY, SUM);
    }

    function test_RevertWhen_BuyPolicyWithZeroSumInsured() public {
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadPolicy.selector);
        vm.prank(FARMER);
        insurance.buyPolicy(drought, FARMER, DAY0, DAY0 + DAY, 0);
    }

    function test_RevertWhen_BuyPolicyBeyondMaxActivePolicies() public {
        vm.startPrank(FARMER);
        for (uint256 i; i < 32; ++i) insurance.buyPolicy(drought, FARMER, DAY0 + DAY, DAY0 + 3 * DAY, 1000e6);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceTooManyPolicies.selector, drought));
        insurance.buyPolicy(drought, FARMER, DAY0 + DAY, DAY0 + 3 * DAY, 1000e6);
        vm.stopPrank();
    }

    function test_BuyPolicy_ClosingAPolicyFreesItsPlace() public {
        vm.startPrank(FARMER);
        for (uint256 i; i < 32; ++i) insurance.buyPolicy(drought, FARMER, DAY0 + DAY, DAY0 + 3 * DAY, 1000e6);
        vm.stopPrank();
        vm.warp(DAY0 + 7 * DAY + 1);
        insurance.expirePolicy(7);
        vm.prank(FARMER);
        uint256 id = insurance.buyPolicy(drought, FARMER, DAY0 + 8 * DAY, DAY0 + 10 * DAY, 1000e6);
        assertEq(id, 33, "the 33rd policy takes the expired one's place");
        assertEq(insurance.activePolicies(drought).length, 32, "32 active again");
    }

    function test_ExpirePolicy_ReleasesCapitalAfterStaleness() public {
        uint256 id = _buy(1, 3);
        vm.warp(DAY0 + 7 * DAY + 1); // end (day 3) + twice the staleness (2 days) has passed
        vm.expectEmit(true, false, false, true, address(insurance));
        emit IQuorumInsurance.PolicyClosed(id, SUM);
        insurance.expirePolicy(id);
        assertEq(uint8(insurance.policy(id).status), uint8(IQuorumInsurance.PolicyStatus.Closed), "closed");
        assertEq(pool.lockedCapital(), 0, "released");
        assertEq(insurance.activePolicies(drought).length, 0, "no longer active");
    }

    function test_RevertWhen_ExpirePolicyWithinStaleness() public {
        uint256 id = _buy(1, 3);
        vm.warp(DAY0 + 7 * DAY); // the last window, whose deadline was day 5, may still be decided
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceNotExpirable.selector, id));
        insurance.expirePolicy(id);
    }

    function test_RevertWhen_ExpirePolicyTwice() public {
        uint256 id = _buy(1, 3);
        vm.warp(DAY0 + 7 * DAY + 1);
        insurance.expirePolicy(id);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceNotExpirable.selector, id));
        insurance.expirePolicy(id);
    }

    // ---- beneficiaries ----

    function test_SetBeneficiary_RedirectsPayout() public {
        uint256 id = _buy(1, 31);
        vm.expectEmit(true, true, true, true, address(insurance));
        emit IQuorumInsurance.BeneficiaryChanged(id, FARMER, address(0xBEEF), false);
        vm.prank(FARMER);
        insurance.setBeneficiary(id, address(0xBEEF), false);
        assertEq(insurance.policy(id).beneficiary, address(0xBEEF), "reassigned");
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        _submit(2, obs, sigs);
        assertEq(token.balanceOf(address(0xBEEF)), SUM, "new beneficiary paid");
    }

    function test_SetBeneficiary_WithNotifyTellsTheReceiver() public {
        uint256 id = _buy(1, 31);
        PayoutReceiverStub receiver = new PayoutReceiverStub();
        vm.prank(FARMER);
        insurance.setBeneficiary(id, address(receiver), true);
        assertEq(receiver.assignedPolicy(), id, "told which policy");
        assertEq(receiver.assignedFrom(), FARMER, "and by whom");
        assertTrue(insurance.policy(id).notify, "called back on payouts");
    }

    function test_RevertWhen_SetBeneficiaryRefusedByTheReceiver() public {
        uint256 id = _buy(1, 31);
        PayoutReceiverStub receiver = new PayoutReceiverStub();
        receiver.setRefusals(true, false);
        vm.expectRevert(abi.encodeWithSelector(PayoutReceiverStub.Refused.selector, id));
        vm.prank(FARMER);
        insurance.setBeneficiary(id, address(receiver), true);
    }

    function test_RevertWhen_SetBeneficiaryByOther() public {
        uint256 id = _buy(1, 31);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceNotBeneficiary.selector, address(this)));
        insurance.setBeneficiary(id, address(this), false);
    }

    function test_RevertWhen_SetBeneficiaryOfClosedPolicy() public {
        uint256 id = _buy(1, 3);
        vm.warp(DAY0 + 7 * DAY + 1);
        insurance.expirePolicy(id);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceNotBeneficiary.selector, FARMER));
        vm.prank(FARMER);
        insurance.setBeneficiary(id, address(0xBEEF), false);
    }

    function test_RevertWhen_SetBeneficiaryToZero() public {
        uint256 id = _buy(1, 31);
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadPolicy.selector);
        vm.prank(FARMER);
        insurance.setBeneficiary(id, address(0), false);
    }
}
