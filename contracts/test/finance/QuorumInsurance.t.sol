// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {QuorumInsurance} from "../../src/QuorumInsurance.sol";
import {RiskPool} from "../../src/RiskPool.sol";
import {IQuorumInsurance} from "../../src/interfaces/IQuorumInsurance.sol";
import {IRiskPool} from "../../src/interfaces/IRiskPool.sol";
import {DeviceRoles} from "../../src/libraries/DeviceRoles.sol";
import {EdgeMessages, Observation} from "../../src/libraries/EdgeMessages.sol";
import {QuorumRound} from "../../src/libraries/QuorumRound.sol";
import {SensorList} from "../../src/libraries/SensorList.sol";
import {EdgeTest} from "../utils/EdgeTest.sol";
import {Test} from "../utils/Test.sol";

/// @dev Cheatcodes these tests need beyond test/utils/Vm.sol.
interface CreateCheats {
    function computeCreateAddress(address deployer, uint256 nonce) external pure returns (address);
    function setNonce(address account, uint64 newNonce) external;
}

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

    /// @dev The round's items: each observation packed under its device's index in the region.
    function _pack(Observation[] memory obs, bytes[] memory sigs) internal view returns (bytes memory items) {
        for (uint256 i; i < obs.length; ++i) {
            items = bytes.concat(items, QuorumRound.encodeItem(_indexOf(obs[i].device), obs[i], sigs[i]));
        }
    }

    /// @dev A device's index in the fixture's region; past the region (NotInRegion) for any other device.
    function _indexOf(address device) internal view returns (uint8) {
        for (uint256 i; i < sensors.length; ++i) {
            if (sensors[i] == device) return uint8(i);
        }
        return type(uint8).max;
    }

    function _submit(uint64 day, Observation[] memory obs, bytes[] memory sigs) internal returns (uint256) {
        return insurance.submitRound(region, 1, DAY0 + day * DAY, DAY0 + (day + 1) * DAY, _pack(obs, sigs));
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

    function test_CreateRegion_RecordsSensorsIndexesAndActiveSet() public view {
        address[] memory listed = insurance.regionSensors(region);
        assertEq(listed.length, 5, "five sensors");
        for (uint256 i; i < 5; ++i) {
            assertEq(listed[i], sensors[i], "in order");
            (uint32 regionId, uint8 index, uint64 last) = insurance.sensorState(sensors[i]);
            assertEq(uint256(regionId), region, "region");
            assertEq(uint256(index), i, "index");
            assertEq(uint256(last), 0, "no sequence yet");
        }
        (uint64 windowEnd, uint32 counted, uint64 epoch, uint32 verified) = insurance.regionState(region);
        assertEq(uint256(windowEnd) + counted + epoch, 0, "no window yet, registry epoch 0");
        assertEq(uint256(verified), 0x1f, "every sensor was checked active at creation");
        (uint32 none,,) = insurance.sensorState(address(0xBEEF));
        assertEq(uint256(none), 0, "not a sensor of any region");
        assertEq(insurance.regionSensors(99).length, 0, "no such region");
    }

    function test_CreateRegion_TakesTheRegistryEpochAndThirtyTwoSensors() public {
        vm.startPrank(address(0x0A11));
        registry.registerDevice(address(0xDEAD), DeviceRoles.SENSOR);
        registry.revokeDevice(address(0xDEAD));
        address[] memory many = new address[](32);
        for (uint256 i; i < 32; ++i) {
            many[i] = address(uint160(0x5000 + i));
            registry.registerDevice(many[i], DeviceRoles.SENSOR);
        }
        vm.stopPrank();
        vm.prank(INSURER);
        uint32 big = insurance.createRegion(many);
        (,, uint64 epoch, uint32 verified) = insurance.regionState(big);
        assertEq(uint256(epoch), 1, "the registry's epoch at creation");
        assertEq(uint256(verified), type(uint32).max, "all 32 seen active");
        assertEq(insurance.regionSensors(big)[31], many[31], "the last one listed");
        (, uint8 index,) = insurance.sensorState(many[31]);
        assertEq(uint256(index), 31, "indexed");
    }

    function test_RevertWhen_CreateRegionInvalid() public {
        vm.startPrank(INSURER);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadRegion.selector, address(0)));
        insurance.createRegion(new address[](0));
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadRegion.selector, address(0)));
        insurance.createRegion(new address[](33));
        address[] memory twice = new address[](2);
        (twice[0], twice[1]) = (address(0x7001), address(0x7001));
        vm.stopPrank();
        _register(address(0x0A11), address(0x7001), DeviceRoles.SENSOR);
        _register(address(0x0A11), address(0x7002), DeviceRoles.TERMINAL);
        vm.startPrank(INSURER);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadRegion.selector, address(0x7001)));
        insurance.createRegion(twice); // the same sensor twice
        twice[1] = address(0x7002);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadRegion.selector, address(0x7002)));
        insurance.createRegion(twice); // a terminal
        vm.stopPrank();
    }

    function test_RevertWhen_CreateRegionListLandsElsewhere() public {
        // the contract finds region n's sensor list at its n-th CREATE; a shifted nonce must not go unnoticed
        _register(address(0x0A11), address(0x7001), DeviceRoles.SENSOR);
        address[] memory one = new address[](1);
        one[0] = address(0x7001);
        CreateCheats(address(vm)).setNonce(address(insurance), 9);
        vm.prank(INSURER);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadRegion.selector, address(0)));
        insurance.createRegion(one);
    }

    function test_CreateProduct_FourPerRegionAndLaterProductsDecideRounds() public {
        vm.startPrank(INSURER);
        IQuorumInsurance.Product memory hourly = _droughtTerms(3);
        hourly.windowLength = 1 hours;
        insurance.createProduct(hourly);
        insurance.createProduct(hourly);
        IQuorumInsurance.Product memory flood = _droughtTerms(3);
        (flood.direction, flood.trigger, flood.exit) = (IQuorumInsurance.Direction.Above, 60_000, 100_000);
        uint32 floodId = insurance.createProduct(flood); // the region's fourth product
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceTooManyProducts.selector, region));
        insurance.createProduct(flood);
        vm.stopPrank();
        vm.prank(FARMER);
        uint256 id = insurance.buyPolicy(floodId, FARMER, DAY0 + DAY, DAY0 + 31 * DAY, SUM);
        vm.warp(DAY0 + 4 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        _submit(2, obs, sigs); // a dry day: the drought product has no policy, the flood product pays nothing
        (obs, sigs) = _round(3, _values(80_000, 80_000, 80_000, 0, 0));
        _submit(3, obs, sigs); // a wet day after a counted round rewrote the region's state
        assertEq(uint256(insurance.policy(id).paid), SUM / 2, "the fourth product paid half at 80 mm");
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

    function _expectSkip(uint256 index, address device, IQuorumInsurance.SkipReason reason) internal {
        vm.expectEmit(true, false, false, true, address(insurance));
        emit IQuorumInsurance.ObservationSkipped(index, device, reason);
    }

    function _one(Observation memory obs, bytes memory sig)
        internal
        pure
        returns (Observation[] memory one, bytes[] memory sigs)
    {
        (one, sigs) = (new Observation[](1), new bytes[](1));
        (one[0], sigs[0]) = (obs, sig);
    }

    function test_SubmitRound_SkipsBadItemsWithEvents() public {
        _buy(1, 31);
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        sigs[0] = _signObservation(sensorKeys[1], obs[0]); // signed by another sensor
        obs[1].windowStart += 1; // signed over another window: the contract rebuilds this round's window
        sigs[1] = _signObservation(sensorKeys[1], obs[1]);
        obs[2].flags = 0x01; // Stuck, validly signed
        sigs[2] = _signObservation(sensorKeys[2], obs[2]);
        _expectSkip(0, sensors[0], IQuorumInsurance.SkipReason.BadSignature);
        _expectSkip(1, sensors[1], IQuorumInsurance.SkipReason.BadSignature);
        _expectSkip(2, sensors[2], IQuorumInsurance.SkipReason.BadFlags);
        uint256 counted = _submit(2, obs, sigs);
        assertEq(counted, 2, "two good items of five");
        assertEq(token.balanceOf(FARMER), 95_000e6, "2 < quorum 3");
        (uint64 windowEnd, uint32 countedBits,,) = insurance.regionState(region);
        assertEq(uint256(windowEnd), DAY0 + 3 * DAY, "the window counted");
        assertEq(uint256(countedBits), 0x18, "sensors 3 and 4 counted");
    }

    function test_SubmitRound_SkipsEveryDisqualifyingFlag() public {
        vm.warp(DAY0 + 3 * DAY);
        uint32[3] memory bad = [uint32(0x02), 0x10, 0x8000_0000]; // OutOfRange, reserved bits
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        for (uint256 i; i < 3; ++i) {
            obs[i].flags = bad[i];
            sigs[i] = _signObservation(sensorKeys[i], obs[i]);
            _expectSkip(i, sensors[i], IQuorumInsurance.SkipReason.BadFlags);
        }
        obs[3].flags = 0x0c; // Gap and Rebooted are information, not disqualifying
        sigs[3] = _signObservation(sensorKeys[3], obs[3]);
        assertEq(_submit(2, obs, sigs), 2, "sensors 3 and 4 counted");
    }

    function test_SubmitRound_SkipsMalleatedSignature() public {
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        sigs[4] = _malleate(sigs[4]); // recovers the same signer, but with a high s
        _expectSkip(4, sensors[4], IQuorumInsurance.SkipReason.BadSignature);
        assertEq(_submit(2, obs, sigs), 4, "the malleated item refused");
    }

    function test_SubmitRound_SkipsIndexPastTheRegion() public {
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        bytes memory items = bytes.concat(
            QuorumRound.encodeItem(5, obs[0], sigs[0]), QuorumRound.encodeItem(0, obs[0], sigs[0])
        );
        _expectSkip(0, address(0), IQuorumInsurance.SkipReason.NotInRegion);
        assertEq(insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, items), 1, "index 0 counted");
        _expectSkip(0, address(0), IQuorumInsurance.SkipReason.NotInRegion);
        assertEq(insurance.submitRound(99, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, items), 0, "no such region");
    }

    function test_SubmitRound_SkipsDeviceOutsideTheRegion() public {
        vm.warp(DAY0 + 3 * DAY);
        uint256 outsiderKey = 0x0D75;
        _register(address(0x0A11), vm.addr(outsiderKey), DeviceRoles.SENSOR);
        Observation memory obs = _rain(vm.addr(outsiderKey), 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, 0);
        bytes memory sig = _signObservation(outsiderKey, obs);
        // under a region sensor's index, the rebuilt message names that sensor: the outsider's signature fails
        bytes memory items = QuorumRound.encodeItem(2, obs, sig);
        _expectSkip(0, sensors[2], IQuorumInsurance.SkipReason.BadSignature);
        assertEq(insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, items), 0, "outsider refused");
    }

    function test_SubmitRound_SkipsReplayedSequence() public {
        vm.warp(DAY0 + 4 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        _submit(2, obs, sigs);
        // the next day, sensor 0 signs with the sequence it already used, sensor 1 with a lower one
        (Observation[] memory next, bytes[] memory nextSigs) = _round(3, _values(0, 0, 0, 0, 0));
        next[0].sequence = obs[0].sequence;
        next[1].sequence = obs[1].sequence - 1;
        nextSigs[0] = _signObservation(sensorKeys[0], next[0]);
        nextSigs[1] = _signObservation(sensorKeys[1], next[1]);
        _expectSkip(0, sensors[0], IQuorumInsurance.SkipReason.SequenceReplayed);
        _expectSkip(1, sensors[1], IQuorumInsurance.SkipReason.SequenceReplayed);
        assertEq(_submit(3, next, nextSigs), 3, "the three fresh sequences counted");
        (,, uint64 last) = insurance.sensorState(sensors[0]);
        assertEq(uint256(last), obs[0].sequence, "sensor 0's sequence unchanged");
        (,, last) = insurance.sensorState(sensors[2]);
        assertEq(uint256(last), next[2].sequence, "sensor 2's sequence moved");
    }

    function testFuzz_SubmitRound_SequencesSharingASlotStayApart(uint64[5] memory sequences) public {
        vm.warp(DAY0 + 4 * DAY);
        Observation[] memory obs = new Observation[](5);
        bytes[] memory sigs = new bytes[](5);
        for (uint256 i; i < 5; ++i) {
            if (sequences[i] == 0) sequences[i] = 1; // 0 is never above the initial last sequence
            obs[i] = _rain(sensors[i], sequences[i], DAY0 + 2 * DAY, DAY0 + 3 * DAY, 0);
            sigs[i] = _signObservation(sensorKeys[i], obs[i]);
        }
        assertEq(_submit(2, obs, sigs), 5, "all counted");
        for (uint256 i; i < 5; ++i) {
            (,, uint64 last) = insurance.sensorState(sensors[i]);
            assertEq(uint256(last), sequences[i], "each lane holds its own sensor's sequence");
            // the next window accepts exactly the sequences above it
            obs[i] = _rain(sensors[i], sequences[i], DAY0 + 3 * DAY, DAY0 + 4 * DAY, 0);
            if (i % 2 == 0 && sequences[i] < type(uint64).max) ++obs[i].sequence;
            sigs[i] = _signObservation(sensorKeys[i], obs[i]);
        }
        uint256 expected;
        for (uint256 i; i < 5; ++i) if (obs[i].sequence > sequences[i]) ++expected;
        assertEq(_submit(3, obs, sigs), expected, "only higher sequences counted");
    }

    function test_SubmitRound_SensorCountsOncePerWindow() public {
        _buy(1, 31);
        vm.warp(DAY0 + 3 * DAY);
        // the same sensor, three fresh sequences of the same window: one vote
        Observation[] memory three = new Observation[](3);
        bytes[] memory threeSigs = new bytes[](3);
        for (uint256 i; i < 3; ++i) {
            three[i] = _rain(sensors[0], ++seq[sensors[0]], DAY0 + 2 * DAY, DAY0 + 3 * DAY, 0);
            threeSigs[i] = _signObservation(sensorKeys[0], three[i]);
        }
        bytes memory items = _pack(three, threeSigs);
        _expectSkip(1, sensors[0], IQuorumInsurance.SkipReason.AlreadyCounted);
        _expectSkip(2, sensors[0], IQuorumInsurance.SkipReason.AlreadyCounted);
        assertEq(insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, items), 1, "one vote per sensor and window");
        assertEq(token.balanceOf(FARMER), 95_000e6, "no quorum from one sensor");
        (,, uint64 last) = insurance.sensorState(sensors[0]);
        assertEq(uint256(last), three[0].sequence, "only the counted item's sequence recorded");
        // a later round of the same window: sensor 0 again is skipped, the missing sensors are added
        (Observation[] memory again, bytes[] memory againSigs) = _one(three[2], threeSigs[2]);
        items = _pack(again, againSigs);
        _expectSkip(0, sensors[0], IQuorumInsurance.SkipReason.AlreadyCounted);
        assertEq(insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, items), 0, "already counted");
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        (Observation[] memory rest, bytes[] memory restSigs) = (new Observation[](4), new bytes[](4));
        for (uint256 i = 1; i < 5; ++i) (rest[i - 1], restSigs[i - 1]) = (obs[i], sigs[i]);
        assertEq(_submit(2, rest, restSigs), 4, "the four missing sensors counted");
        (, uint32 counted,,) = insurance.regionState(region);
        assertEq(uint256(counted), 0x1f, "all five counted for the window");
        assertEq(token.balanceOf(FARMER), 95_000e6 + SUM, "the later round met the quorum on its own");
    }

    function test_SubmitRound_SkipsOlderWindow() public {
        vm.warp(DAY0 + 4 * DAY);
        (Observation[] memory late, bytes[] memory lateSigs) = _round(2, _values(0, 0, 0, 0, 0));
        (Observation[] memory obs, bytes[] memory sigs) = _round(3, _values(0, 0, 0, 0, 0));
        _submit(3, obs, sigs);
        for (uint256 i; i < 5; ++i) {
            _expectSkip(i, sensors[i], IQuorumInsurance.SkipReason.WindowNotNewer);
        }
        assertEq(_submit(2, late, lateSigs), 0, "an older window counts nothing");
        (uint64 windowEnd, uint32 counted,,) = insurance.regionState(region);
        assertEq(uint256(windowEnd), DAY0 + 4 * DAY, "the newer window stays");
        assertEq(uint256(counted), 0x1f, "with its sensors");
    }

    function test_SubmitRound_RoundWithoutValidItemLeavesRegionState() public {
        vm.warp(DAY0 + 4 * DAY);
        (Observation[] memory junk, bytes[] memory junkSigs) = _round(3, _values(0, 0, 0, 0, 0));
        for (uint256 i; i < 5; ++i) junkSigs[i] = _signObservation(0xBAD, junk[i]);
        assertEq(_submit(3, junk, junkSigs), 0, "forgeries count nothing");
        (uint64 windowEnd,,,) = insurance.regionState(region);
        assertEq(uint256(windowEnd), 0, "a forged round cannot move the region's window");
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        assertEq(_submit(2, obs, sigs), 5, "the genuine earlier window still counts");
    }

    function test_SubmitRound_RevokedSensorRefusedNextRound() public {
        vm.warp(DAY0 + 4 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        _submit(2, obs, sigs);
        (,, uint64 epoch, uint32 verified) = insurance.regionState(region);
        assertEq(uint256(epoch), 0, "no revocation yet");
        assertEq(uint256(verified), 0x1f, "all seen active");

        vm.prank(address(0x0A11));
        registry.revokeDevice(sensors[2]);
        (obs, sigs) = _round(3, _values(0, 0, 0, 0, 0));
        _expectSkip(2, sensors[2], IQuorumInsurance.SkipReason.NotActiveSensor);
        assertEq(_submit(3, obs, sigs), 4, "the revoked sensor refused at once");
        (,, epoch, verified) = insurance.regionState(region);
        assertEq(uint256(epoch), 1, "the region follows the registry's epoch");
        assertEq(uint256(verified), 0x1b, "the others seen active again, sensor 2 not");
    }

    function test_SubmitRound_ReregisteredDeviceCountsOnlyAsSensor() public {
        vm.warp(DAY0 + 5 * DAY);
        vm.startPrank(address(0x0A11));
        registry.revokeDevice(sensors[0]);
        registry.revokeDevice(sensors[1]);
        registry.registerDevice(sensors[0], DeviceRoles.TERMINAL);
        registry.registerDevice(sensors[1], DeviceRoles.SENSOR);
        vm.stopPrank();
        (Observation[] memory obs, bytes[] memory sigs) = _round(3, _values(0, 0, 0, 0, 0));
        _expectSkip(0, sensors[0], IQuorumInsurance.SkipReason.NotActiveSensor);
        assertEq(_submit(3, obs, sigs), 4, "a terminal now: refused; a sensor again: counted");
    }

    function test_RevertWhen_RoundMalformed() public {
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        bytes memory items = _pack(obs, sigs);
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
        insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, ""); // no item
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
        insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, bytes.concat(items, hex"00")); // a part
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
        insurance.submitRound(region, 1, DAY0 + 3 * DAY, DAY0 + 4 * DAY, items); // window ends in the future
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
        insurance.submitRound(region, 1, DAY0 + 3 * DAY, DAY0 + 3 * DAY, items); // empty window
        bytes memory many = items;
        for (uint256 i; i < 6; ++i) many = bytes.concat(many, items);
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
        insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, many); // 35 items > 32
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

/// @dev Exposes QuorumRound's calldata decoding for the codec tests.
contract QuorumRoundHarness {
    function encodeItem(uint8 index, Observation calldata obs, bytes calldata signature)
        external
        pure
        returns (bytes memory)
    {
        return QuorumRound.encodeItem(index, obs, signature);
    }

    function head(bytes calldata item) external pure returns (uint256 index, uint64 sequence, uint32 flags) {
        return QuorumRound.head(item);
    }

    function value(bytes calldata item) external pure returns (int64) {
        return QuorumRound.value(item);
    }

    function itemAt(bytes calldata items, uint256 i) external pure returns (bytes memory) {
        return QuorumRound.itemAt(items, i);
    }

    function recoverSigner(bytes32 separator, Observation calldata key, bytes calldata item, address device)
        external
        view
        returns (address)
    {
        bytes32[10] memory words = QuorumRound.observationWords(key.metric, key.windowStart, key.windowEnd);
        return QuorumRound.recoverSigner(words, separator, item, device);
    }
}

/// @notice The packed item layout: what the reference encoder writes is what the contract reads back, and the digest
/// the contract rebuilds is the one the device signed (EdgeMessages.hash under the domain).
contract QuorumRoundTest is Test {
    QuorumRoundHarness internal harness = new QuorumRoundHarness();
    bytes32 internal constant SEPARATOR = keccak256("a domain separator");

    function testFuzz_EncodeThenDecode_RoundTripsEveryField(uint256 keySeed, uint8 index, Observation memory obs)
        public
        view
    {
        uint256 key = boundKey(keySeed);
        obs.device = vm.addr(key);
        bytes memory sig = signDigest(key, EdgeMessages.toTypedDataHash(SEPARATOR, EdgeMessages.hash(obs)));
        bytes memory item = QuorumRound.encodeItem(index, obs, sig);
        assertEq(item.length, QuorumRound.ITEM_LENGTH, "item length");
        (uint256 i, uint64 sequence, uint32 flags) = harness.head(item);
        assertEq(i, index, "index");
        assertEq(uint256(sequence), obs.sequence, "sequence");
        assertEq(uint256(flags), obs.flags, "flags");
        assertEq(int256(harness.value(item)), int256(obs.value), "value, sign included");
        // the rebuilt digest carries device, round key, sampleCount, prevHash and the signature bytes: the device
        // recovers only if every one of them came back
        assertEq(harness.recoverSigner(SEPARATOR, obs, item, obs.device), obs.device, "the device recovers");
        Observation memory other = obs;
        other.windowEnd = obs.windowEnd ^ 1;
        assertTrue(harness.recoverSigner(SEPARATOR, other, item, obs.device) != obs.device, "another window does not");
    }

    function test_RevertWhen_EncodeItemSignatureNot65Bytes() public {
        Observation memory obs;
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
        harness.encodeItem(0, obs, new bytes(64)); // a compact (EIP-2098) signature is not the wire format
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
        harness.encodeItem(0, obs, new bytes(66));
        assertEq(harness.encodeItem(0, obs, new bytes(65)).length, QuorumRound.ITEM_LENGTH, "65 bytes pack");
    }

    function testFuzz_ItemAt_SlicesTheItemsInOrder(bytes32 seed, uint8 count, uint8 pick) public view {
        uint256 n = bound(count, 1, 32);
        uint256 i = bound(pick, 0, n - 1);
        bytes memory items;
        for (uint256 k; k < n; ++k) {
            bytes memory item = new bytes(QuorumRound.ITEM_LENGTH);
            for (uint256 b; b < QuorumRound.ITEM_LENGTH; b += 32) {
                bytes32 word = keccak256(abi.encode(seed, k, b));
                for (uint256 j; j < 32 && b + j < QuorumRound.ITEM_LENGTH; ++j) item[b + j] = word[j];
            }
            items = bytes.concat(items, item);
        }
        bytes memory expected = new bytes(QuorumRound.ITEM_LENGTH);
        for (uint256 b; b < QuorumRound.ITEM_LENGTH; ++b) expected[b] = items[i * QuorumRound.ITEM_LENGTH + b];
        assertEq(harness.itemAt(items, i), expected, "item i");
    }

    function testFuzz_RecoverSigner_RefusesGarbageAndHighS(uint256 keySeed, bytes32 r, bytes32 s, uint8 v) public view {
        uint256 key = boundKey(keySeed);
        Observation memory obs;
        obs.device = vm.addr(key);
        bytes memory sig = signDigest(key, EdgeMessages.toTypedDataHash(SEPARATOR, EdgeMessages.hash(obs)));
        // the malleated twin: same signer for ecrecover, refused for its high s
        (bytes32 r0, bytes32 s0, uint8 v0) = (bytes32(0), bytes32(0), uint8(sig[64]));
        assembly ("memory-safe") {
            r0 := mload(add(sig, 0x20))
            s0 := mload(add(sig, 0x40))
        }
        bytes memory twin = abi.encodePacked(r0, bytes32(SECP256K1_N - uint256(s0)), v0 == 27 ? uint8(28) : uint8(27));
        assertEq(harness.recoverSigner(SEPARATOR, obs, QuorumRound.encodeItem(0, obs, twin), obs.device), address(0), "high s");
        bytes memory junk = abi.encodePacked(r, s, v);
        vm.assume(keccak256(junk) != keccak256(sig));
        assertTrue(harness.recoverSigner(SEPARATOR, obs, QuorumRound.encodeItem(0, obs, junk), obs.device) != obs.device, "junk");
    }
}

/// @dev Stores and reads SensorList data contracts for the list tests.
contract SensorListHarness {
    function store(address[] calldata list) external returns (address) {
        return SensorList.store(list);
    }

    function load(address pointer, uint256 count) external view returns (address[] memory) {
        return SensorList.toArray(SensorList.load(pointer, count));
    }
}

/// @notice Lists written as code read back whole, at the CREATE address the contract predicts for them.
contract SensorListTest is Test {
    SensorListHarness internal harness = new SensorListHarness();

    function testFuzz_StoreThenLoad_ReturnsTheListAtItsCreateAddress(uint256 seed, uint8 count) public {
        address[] memory list = new address[](bound(count, 1, 32));
        for (uint256 i; i < list.length; ++i) list[i] = address(uint160(uint256(keccak256(abi.encode(seed, i)))));
        address expected = SensorList.createdAt(address(harness), 1); // the harness's first creation
        address pointer = harness.store(list);
        assertEq(pointer, expected, "at the predicted address");
        assertEq(pointer.code.length, 1 + 20 * list.length, "STOP then the addresses");
        assertEq(uint256(uint8(pointer.code[0])), 0, "starts with STOP");
        address[] memory back = harness.load(pointer, list.length);
        for (uint256 i; i < list.length; ++i) assertEq(back[i], list[i], "entry");
    }

    function testFuzz_CreatedAt_MatchesCreateAddress(address deployer, uint32 nonce) public pure {
        vm.assume(nonce > 0);
        assertEq(
            SensorList.createdAt(deployer, nonce),
            CreateCheats(address(vm)).computeCreateAddress(deployer, nonce),
            "keccak256(rlp([deployer, nonce]))"
        );
    }

    function test_CreatedAt_AtEveryNonceLengthBoundary() public pure {
        uint32[8] memory nonces = [uint32(1), 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0xffffffff];
        for (uint256 i; i < nonces.length; ++i) {
            assertEq(
                SensorList.createdAt(address(0xC0FFEE), nonces[i]),
                CreateCheats(address(vm)).computeCreateAddress(address(0xC0FFEE), nonces[i]),
                "boundary"
            );
        }
    }
}
