// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {QuorumInsurance} from "../../src/QuorumInsurance.sol";
import {RiskPool} from "../../src/RiskPool.sol";
import {IQuorumInsurance} from "../../src/interfaces/IQuorumInsurance.sol";
import {IRiskPool} from "../../src/interfaces/IRiskPool.sol";
import {DeviceRoles} from "../../src/libraries/DeviceRoles.sol";
import {Observation} from "../../src/libraries/EdgeMessages.sol";
import {EdgeTest} from "../utils/EdgeTest.sol";

/// @dev Shared fixture: a pool with 1,000,000 tUSD of underwriting, five sensors in one region, and a drought
/// product (3-of-5 median of daily rainfall; pays from 50 mm down to 10 mm, linearly).
abstract contract InsuranceFixture is EdgeTest {
    RiskPool internal pool;
    QuorumInsurance internal insurance;
    uint32 internal region;
    uint32 internal drought;
    uint256[] internal sensorKeys;
    address[] internal sensors;
    mapping(address => uint64) internal seq;

    address internal constant INSURER = address(0x1A5);
    address internal constant UNDERWRITER = address(0xD00D);
    address internal constant FARMER = address(0xFA12);
    uint128 internal constant SUM = 100_000e6;

    function _deployInsurance(uint256 sensorCount) internal {
        _deployBase();
        pool = new RiskPool(token, INSURER);
        insurance = new QuorumInsurance(address(registry), address(pool), INSURER);
        vm.prank(INSURER);
        pool.setInsurer(address(insurance));
        for (uint256 i; i < sensorCount; ++i) {
            uint256 key = 0x5E0500 + i;
            sensorKeys.push(key);
            sensors.push(vm.addr(key));
            _register(address(0x0A11), vm.addr(key), DeviceRoles.SENSOR);
        }
        vm.prank(INSURER);
        region = insurance.createRegion(sensors);
        vm.prank(INSURER);
        drought = insurance.createProduct(_droughtTerms(3));
        token.mint(UNDERWRITER, 1_000_000e6);
        vm.startPrank(UNDERWRITER);
        token.approve(address(pool), type(uint256).max);
        pool.deposit(1_000_000e6, UNDERWRITER);
        vm.stopPrank();
        token.mint(FARMER, 100_000e6);
        vm.prank(FARMER);
        token.approve(address(insurance), type(uint256).max);
    }

    function _droughtTerms(uint8 quorum) internal view returns (IQuorumInsurance.Product memory) {
        return IQuorumInsurance.Product({
            region: region,
            metric: 1,
            quorum: quorum,
            direction: IQuorumInsurance.Direction.Below,
            windowLength: uint32(DAY),
            staleness: uint32(2 * DAY),
            premiumBps: 500,
            active: true,
            trigger: 50_000,
            exit: 10_000
        });
    }

    function _buy(uint64 startDay, uint64 endDay) internal returns (uint256) {
        vm.prank(FARMER);
        return insurance.buyPolicy(drought, FARMER, DAY0 + startDay * DAY, DAY0 + endDay * DAY, SUM);
    }

    /// @dev Signed observations of day `day` from the first `values.length` sensors. Each carries a non-zero
    /// prevHash, as a device's hash chain does on the wire (the contract does not check the chain).
    function _round(uint64 day, int64[] memory values)
        internal
        returns (Observation[] memory obs, bytes[] memory sigs)
    {
        obs = new Observation[](values.length);
        sigs = new bytes[](values.length);
        for (uint256 i; i < values.length; ++i) {
            address s = sensors[i];
            obs[i] = _rain(s, ++seq[s], DAY0 + day * DAY, DAY0 + (day + 1) * DAY, values[i]);
            obs[i].prevHash = keccak256(abi.encode(s, seq[s]));
            sigs[i] = _signObservation(sensorKeys[i], obs[i]);
        }
    }

    function _submit(uint64 day, Observation[] memory obs, bytes[] memory sigs) internal returns (uint256) {
        return insurance.submitRound(region, 1, DAY0 + day * DAY, DAY0 + (day + 1) * DAY, obs, sigs);
    }

    function _values(int64 a, int64 b, int64 c, int64 d, int64 e) internal pure returns (int64[] memory v) {
        v = new int64[](5);
        (v[0], v[1], v[2], v[3], v[4]) = (a, b, c, d, e);
    }
}

contract QuorumInsuranceTest is InsuranceFixture {
    function setUp() public {
        _deployInsurance(5);
    }

    function test_Deposit_MintsSharesAndWithdrawIsCappedByLockedCapital() public {
        assertEq(pool.totalAssets(), 1_000_000e6, "deposited");
        _buy(1, 31);
        assertEq(pool.lockedCapital(), SUM, "sum insured locked");
        assertEq(pool.totalAssets(), 1_000_000e6 + 5000e6, "premium joined the pool");
        // The sole underwriter owns all but the vault's virtual share; ERC-4626 rounds one unit down.
        assertTrue(pool.maxWithdraw(UNDERWRITER) + 1 >= 1_005_000e6 - SUM, "free capital can be withdrawn");
        assertTrue(pool.maxWithdraw(UNDERWRITER) <= 1_005_000e6 - SUM, "locked capital cannot be withdrawn");
        vm.prank(UNDERWRITER);
        vm.expectRevert();
        pool.withdraw(1_005_000e6 - SUM + 1, UNDERWRITER, UNDERWRITER);
        vm.prank(UNDERWRITER);
        pool.withdraw(1_005_000e6 - SUM - 1, UNDERWRITER, UNDERWRITER);
        assertTrue(pool.totalAssets() >= pool.lockedCapital(), "assets still cover locked capital");
    }

    function test_RevertWhen_PoolCapitalCalledByOthers() public {
        vm.expectRevert(abi.encodeWithSelector(IRiskPool.RiskPoolNotInsurer.selector, address(this)));
        pool.lockCapital(1);
        vm.expectRevert(abi.encodeWithSelector(IRiskPool.RiskPoolNotInsurer.selector, address(this)));
        pool.releaseCapital(1);
        vm.expectRevert(abi.encodeWithSelector(IRiskPool.RiskPoolNotInsurer.selector, address(this)));
        pool.payClaim(address(this), 1);
    }

    function test_RevertWhen_PolicyExceedsFreeCapital() public {
        vm.prank(UNDERWRITER);
        pool.withdraw(950_000e6, UNDERWRITER, UNDERWRITER);
        vm.prank(FARMER);
        vm.expectRevert(abi.encodeWithSelector(IRiskPool.RiskPoolInsufficientCapital.selector, SUM, 55_000e6));
        insurance.buyPolicy(drought, FARMER, DAY0 + DAY, DAY0 + 31 * DAY, SUM);
    }

    function test_BuyPolicy_PaysPremiumIntoPool() public {
        uint256 id = _buy(1, 31);
        IQuorumInsurance.Policy memory p = insurance.policy(id);
        assertEq(p.beneficiary, FARMER, "beneficiary");
        assertEq(uint256(p.sumInsured), SUM, "sum");
        assertEq(token.balanceOf(FARMER), 100_000e6 - 5000e6, "premium 5% paid");
        assertEq(insurance.activePolicies(drought).length, 1, "listed active");
    }

    function test_RevertWhen_BuyPolicyBadInputs() public {
        vm.startPrank(FARMER);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceProductUnavailable.selector, uint32(9)));
        insurance.buyPolicy(9, FARMER, DAY0, DAY0 + DAY, SUM);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadCoverage.selector, DAY0, DAY0 + 1));
        insurance.buyPolicy(drought, FARMER, DAY0, DAY0 + 1, SUM);
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadPolicy.selector);
        insurance.buyPolicy(drought, address(0), DAY0, DAY0 + DAY, SUM);
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadPolicy.selector);
        insurance.buyPolicy(drought, FARMER, DAY0, DAY0 + DAY, 0);
        vm.stopPrank();
        vm.prank(INSURER);
        insurance.setProductActive(drought, false);
        vm.prank(FARMER);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceProductUnavailable.selector, drought));
        insurance.buyPolicy(drought, FARMER, DAY0, DAY0 + DAY, SUM);
    }

    function test_RevertWhen_ProductOrRegionInvalid() public {
        vm.startPrank(INSURER);
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadProduct.selector);
        insurance.createProduct(_droughtTerms(6)); // k > n
        IQuorumInsurance.Product memory t = _droughtTerms(3);
        t.exit = 60_000; // exit above the trigger on a Below product
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadProduct.selector);
        insurance.createProduct(t);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadRegion.selector, sensors[0]));
        insurance.createRegion(sensors); // already in a region
        vm.stopPrank();
        vm.expectRevert();
        insurance.createProduct(_droughtTerms(3)); // not the owner
    }

    function test_SubmitRound_MedianBelowTriggerPaysLinearly() public {
        uint256 id = _buy(1, 31);
        vm.warp(DAY0 + 3 * DAY);
        // median 30 mm: halfway between 50 mm and 10 mm pays half
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(90_000, 30_000, 5_000, 30_000, 31_000));
        uint256 counted = _submit(2, obs, sigs);
        assertEq(counted, 5, "all five counted");
        assertEq(token.balanceOf(FARMER), 95_000e6 + SUM / 2, "half the sum insured paid");
        assertEq(uint256(insurance.policy(id).paid), SUM / 2, "paid recorded");
        assertEq(pool.lockedCapital(), SUM / 2, "paid capital left the lock");
        // a drier day tops up to the full sum and closes the policy
        vm.warp(DAY0 + 4 * DAY);
        (obs, sigs) = _round(3, _values(0, 0, 5_000, 90_000, 90_000));
        _submit(3, obs, sigs);
        assertEq(token.balanceOf(FARMER), 95_000e6 + SUM, "full sum paid");
        assertEq(uint8(insurance.policy(id).status), uint8(IQuorumInsurance.PolicyStatus.Closed), "closed");
        assertEq(pool.lockedCapital(), 0, "nothing locked");
    }

    function test_SubmitRound_NoPayoutBelowQuorum() public {
        _buy(1, 31);
        vm.warp(DAY0 + 3 * DAY);
        int64[] memory two = new int64[](2);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, two);
        vm.expectEmit(true, false, false, true, address(insurance));
        emit IQuorumInsurance.RoundIgnored(drought, DAY0 + 3 * DAY, 2, false);
        _submit(2, obs, sigs);
        assertEq(token.balanceOf(FARMER), 95_000e6, "insufficient data pays nothing");
    }

    function test_SubmitRound_NoPayoutOnStaleData() public {
        _buy(1, 31);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        vm.warp(DAY0 + 6 * DAY); // 3 days after the window: staleness is 2 days
        _submit(2, obs, sigs);
        assertEq(token.balanceOf(FARMER), 95_000e6, "stale data pays nothing");
    }

    function test_SubmitRound_SkipsBadItemsWithEvents() public {
        _buy(1, 31);
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        sigs[0] = _signObservation(sensorKeys[1], obs[0]); // signed by another sensor
        obs[1].windowStart += 1; // another window
        obs[2].flags = 0x01; // Stuck
        vm.expectEmit(true, false, false, true, address(insurance));
        emit IQuorumInsurance.ObservationSkipped(0, sensors[0], IQuorumInsurance.SkipReason.BadSignature);
        uint256 counted = _submit(2, obs, sigs);
        assertEq(counted, 2, "two good items of five");
        assertEq(token.balanceOf(FARMER), 95_000e6, "2 < quorum 3");
        // the replay of a good item is skipped too
        Observation[] memory again = new Observation[](1);
        bytes[] memory againSigs = new bytes[](1);
        again[0] = obs[3];
        againSigs[0] = sigs[3];
        assertEq(_submit(2, again, againSigs), 0, "replayed sequence skipped");
    }

    function test_SubmitRound_SensorCountsOncePerWindow() public {
        _buy(1, 31);
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        Observation[] memory three = new Observation[](3);
        bytes[] memory threeSigs = new bytes[](3);
        // the same sensor, three fresh sequences of the same window: one vote
        three[0] = obs[0];
        threeSigs[0] = sigs[0];
        for (uint256 i = 1; i < 3; ++i) {
            three[i] = obs[0];
            three[i].sequence = obs[0].sequence + uint64(i);
            threeSigs[i] = _signObservation(sensorKeys[0], three[i]);
        }
        assertEq(_submit(2, three, threeSigs), 1, "one vote per sensor and window");
        assertEq(token.balanceOf(FARMER), 95_000e6, "no quorum from one sensor");
    }

    function test_RevertWhen_RoundMalformed() public {
        Observation[] memory none = new Observation[](0);
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
        insurance.submitRound(region, 1, DAY0, DAY0 + DAY, none, new bytes[](0));
        (Observation[] memory obs, bytes[] memory sigs) = _round(0, _values(0, 0, 0, 0, 0));
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
        insurance.submitRound(region, 1, DAY0, DAY0 + DAY, obs, sigs); // window ends in the future
    }

    function test_ExpirePolicy_ReleasesCapitalAfterStaleness() public {
        uint256 id = _buy(1, 3);
        vm.warp(DAY0 + 4 * DAY);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceNotExpirable.selector, id));
        insurance.expirePolicy(id);
        vm.warp(DAY0 + 5 * DAY + 1);
        insurance.expirePolicy(id);
        assertEq(pool.lockedCapital(), 0, "released");
        assertEq(insurance.activePolicies(drought).length, 0, "no longer active");
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceNotExpirable.selector, id));
        insurance.expirePolicy(id);
    }

    function test_SetBeneficiary_RedirectsPayout() public {
        uint256 id = _buy(1, 31);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceNotBeneficiary.selector, address(this)));
        insurance.setBeneficiary(id, address(this), false);
        vm.prank(FARMER);
        insurance.setBeneficiary(id, address(0xBEEF), false);
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        _submit(2, obs, sigs);
        assertEq(token.balanceOf(address(0xBEEF)), SUM, "new beneficiary paid");
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

    function testFuzz_MedianDecidesLikeSortedMiddle(uint256 seed) public {
        _buy(1, 31);
        vm.warp(DAY0 + 3 * DAY);
        int64[] memory v = new int64[](5);
        for (uint256 i; i < 5; ++i) v[i] = int64(uint64(bound(uint256(keccak256(abi.encode(seed, i))), 0, 80_000)));
        int64[] memory sorted = new int64[](5);
        for (uint256 i; i < 5; ++i) sorted[i] = v[i];
        for (uint256 i; i < 5; ++i) {
            for (uint256 j = i + 1; j < 5; ++j) {
                if (sorted[j] < sorted[i]) (sorted[i], sorted[j]) = (sorted[j], sorted[i]);
            }
        }
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, v);
        _submit(2, obs, sigs);
        uint256 expected = uint256(SUM) * insurance.payoutFraction(drought, sorted[2]) / 1e18;
        assertEq(token.balanceOf(FARMER), 95_000e6 + expected, "paid by the middle value");
    }
}
