// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IQuorumInsurance} from "../../src/insurance/interfaces/IQuorumInsurance.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {EdgeMessages, Observation} from "../../src/core/libraries/EdgeMessages.sol";
import {QuorumRound} from "../../src/insurance/libraries/QuorumRound.sol";
import {InsuranceFixture, PayoutReceiverStub} from "./InsuranceFixture.sol";

/// @notice QuorumInsurance rounds: the median and the payouts it decides, quorum and the deadline, every skip reason
/// in the order the contract checks them, windows collected across rounds, the revocation epoch, and malformed rounds.
/// The attacks of issue 15 are in QuorumAttacks.t.sol, decisions after the deadline in QuorumWindows.t.sol.
contract QuorumRoundsTest is InsuranceFixture {
    function setUp() public {
        _deployInsurance(5);
    }

    function test_SubmitRound_MedianBelowTriggerPaysLinearly() public {
        uint256 id = _buy(1, 31);
        vm.warp(DAY0 + 3 * DAY);
        // median 30 mm: halfway between 50 mm and 10 mm pays half
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(90_000, 30_000, 5_000, 30_000, 31_000));
        vm.expectEmit(true, true, false, true, address(insurance));
        emit IQuorumInsurance.WindowDecided(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, 5, 30_000);
        vm.expectEmit(true, true, false, true, address(insurance));
        emit IQuorumInsurance.PolicyPaid(id, FARMER, SUM / 2, SUM / 2, 30_000);
        uint256 counted = _submit(2, obs, sigs);
        assertEq(counted, 5, "all five counted");
        assertEq(token.balanceOf(FARMER), 95_000e6 + SUM / 2, "half the sum insured paid");
        assertEq(uint256(insurance.policy(id).paid), SUM / 2, "paid recorded");
        assertEq(pool.lockedCapital(), SUM / 2, "paid capital left the lock");
        // a drier day tops up to the full sum and closes the policy
        vm.warp(DAY0 + 4 * DAY);
        (obs, sigs) = _round(3, _values(0, 0, 5_000, 90_000, 90_000));
        vm.expectEmit(true, true, false, true, address(insurance));
        emit IQuorumInsurance.PolicyPaid(id, FARMER, SUM / 2, SUM, 5_000);
        vm.expectEmit(true, false, false, true, address(insurance));
        emit IQuorumInsurance.PolicyClosed(id, 0);
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
        _submit(2, obs, sigs);
        vm.warp(DAY0 + 5 * DAY + 1); // past the window's deadline (its end + 2 days)
        vm.expectEmit(true, false, false, true, address(insurance));
        emit IQuorumInsurance.WindowIgnored(drought, DAY0 + 3 * DAY, 2);
        insurance.decideWindow(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY);
        assertEq(token.balanceOf(FARMER), 95_000e6, "insufficient data pays nothing");
    }

    function test_SubmitRound_NoPayoutOnStaleData() public {
        _buy(1, 31);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        vm.warp(DAY0 + 6 * DAY); // 3 days after the window: staleness is 2 days
        for (uint256 i; i < 5; ++i) _expectSkip(i, sensors[i], IQuorumInsurance.SkipReason.WindowDecided);
        vm.expectEmit(true, false, false, true, address(insurance));
        emit IQuorumInsurance.WindowIgnored(drought, DAY0 + 3 * DAY, 0);
        assertEq(_submit(2, obs, sigs), 0, "late items count nothing");
        assertEq(token.balanceOf(FARMER), 95_000e6, "stale data pays nothing");
        (, bool decided,) = insurance.windowState(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY);
        assertTrue(decided, "the late round decided the window over what had arrived: nothing");
    }

    function test_SubmitRound_CallsANotifiedBeneficiaryBack() public {
        uint256 id = _buy(1, 31);
        PayoutReceiverStub receiver = new PayoutReceiverStub();
        vm.prank(FARMER);
        insurance.setBeneficiary(id, address(receiver), true);
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        _submit(2, obs, sigs);
        assertEq(receiver.paidTotal(), SUM, "told of the payout");
        assertEq(token.balanceOf(address(receiver)), SUM, "and paid");
    }

    function test_SubmitRound_PayoutStandsWhenTheCallbackReverts() public {
        uint256 id = _buy(1, 31);
        PayoutReceiverStub receiver = new PayoutReceiverStub();
        vm.prank(FARMER);
        insurance.setBeneficiary(id, address(receiver), true);
        receiver.setRefusals(false, true);
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        vm.expectEmit(true, true, false, true, address(insurance));
        emit IQuorumInsurance.PayoutCallbackFailed(id, address(receiver));
        _submit(2, obs, sigs);
        assertEq(token.balanceOf(address(receiver)), SUM, "paid all the same");
        assertEq(uint8(insurance.policy(id).status), uint8(IQuorumInsurance.PolicyStatus.Closed), "and closed");
    }

    function test_SubmitRound_LaterProductsOfTheRegionDecideRounds() public {
        vm.startPrank(INSURER);
        IQuorumInsurance.Product memory hourly = _droughtTerms(3);
        hourly.windowLength = 1 hours;
        insurance.createProduct(hourly);
        insurance.createProduct(hourly);
        IQuorumInsurance.Product memory flood = _droughtTerms(3);
        (flood.direction, flood.trigger, flood.exit) = (IQuorumInsurance.Direction.Above, 60_000, 100_000);
        uint32 floodId = insurance.createProduct(flood); // the region's fourth product
        vm.stopPrank();
        vm.prank(FARMER);
        uint256 id = insurance.buyPolicy(floodId, FARMER, DAY0 + DAY, DAY0 + 31 * DAY, SUM);
        vm.warp(DAY0 + 4 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        _submit(2, obs, sigs); // a dry day: the drought product has no policy, the flood product pays nothing
        (obs, sigs) = _round(3, _values(80_000, 80_000, 80_000, 0, 0));
        _submit(3, obs, sigs); // a wet day: both day-long products decide it, the hourly ones are on another grid
        assertEq(uint256(insurance.policy(id).paid), SUM / 2, "the fourth product paid half at 80 mm");
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

    function test_ObservationDigest_IsWhatARoundVerifies() public {
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(-1, 0, 1, 0, 0));
        for (uint256 i; i < 5; ++i) {
            bytes32 digest = insurance.observationDigest(obs[i]);
            assertEq(digest, registry.hashTypedData(EdgeMessages.hash(obs[i])), "the registry's EIP-712 digest");
            sigs[i] = signDigest(sensorKeys[i], digest);
        }
        // sensor 0 signs the digest of another value: the round rebuilds the digest of the item it carries
        Observation memory other = _rain(sensors[0], obs[0].sequence, obs[0].windowStart, obs[0].windowEnd, 7);
        other.prevHash = obs[0].prevHash;
        sigs[0] = signDigest(sensorKeys[0], insurance.observationDigest(other));
        _expectSkip(0, sensors[0], IQuorumInsurance.SkipReason.BadSignature);
        assertEq(_submit(2, obs, sigs), 4, "the items signed over their own observationDigest count");
    }

    function testFuzz_ObservationDigest_IsTheRegistrysDigest(Observation memory obs) public view {
        assertEq(insurance.observationDigest(obs), registry.hashTypedData(EdgeMessages.hash(obs)), "digest");
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
        (uint32 countedBits, bool decided, int64[] memory values) =
            insurance.windowState(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY);
        assertFalse(decided, "two of five: the window waits for more");
        assertEq(uint256(countedBits), 0x18, "sensors 3 and 4 counted");
        assertEq(values.length, 5, "a value per sensor");
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
        // no such region: it has no product whose grid the window could sit on
        vm.expectRevert(
            abi.encodeWithSelector(
                IQuorumInsurance.QuorumInsuranceOffGrid.selector, uint32(99), uint32(1), DAY0 + 2 * DAY, DAY0 + 3 * DAY
            )
        );
        insurance.submitRound(99, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, items);
    }

    function test_SubmitRound_SkipsDeviceOutsideTheRegion() public {
        vm.warp(DAY0 + 3 * DAY);
        uint256 outsiderKey = 0x0D75;
        _register(DEVICE_OWNER, outsiderKey, DeviceRoles.SENSOR);
        Observation memory obs = _rain(vm.addr(outsiderKey), 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, 0);
        bytes memory sig = _signObservation(outsiderKey, obs);
        // under a region sensor's index, the rebuilt message names that sensor: the outsider's signature fails
        bytes memory items = QuorumRound.encodeItem(2, obs, sig);
        _expectSkip(0, sensors[2], IQuorumInsurance.SkipReason.BadSignature);
        assertEq(insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, items), 0, "outsider refused");
    }

    function test_SubmitRound_SkipsReplayedItems() public {
        vm.warp(DAY0 + 4 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        (Observation[] memory first, bytes[] memory firstSigs) = (new Observation[](2), new bytes[](2));
        for (uint256 i; i < 2; ++i) (first[i], firstSigs[i]) = (obs[i], sigs[i]);
        _submit(2, first, firstSigs);
        // the same two items again, into the open window: they counted already
        _expectSkip(0, sensors[0], IQuorumInsurance.SkipReason.AlreadyCounted);
        _expectSkip(1, sensors[1], IQuorumInsurance.SkipReason.AlreadyCounted);
        assertEq(_submit(2, first, firstSigs), 0, "a replay counts nothing");
        assertEq(_submit(2, obs, sigs), 3, "the three missing sensors count, the two replays do not");
        // and once more, into the decided window
        for (uint256 i; i < 5; ++i) _expectSkip(i, sensors[i], IQuorumInsurance.SkipReason.WindowDecided);
        assertEq(_submit(2, obs, sigs), 0, "a decided window takes nothing");
    }

    function test_SubmitRound_SequenceOrderIsNotEnforcedOnChain() public {
        vm.warp(DAY0 + 4 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        (Observation[] memory next, bytes[] memory nextSigs) = _round(3, _values(0, 0, 0, 0, 0));
        // the next day signed with lower sequences than the day before (a device that lost its counter): the signature
        // binds the metric and window, and each sensor counts once per window, so the order of sequences is the
        // gateway's to check (hash chain), not a rule a relayer could turn against earlier items
        for (uint256 i; i < 5; ++i) {
            next[i].sequence = obs[i].sequence - 1;
            nextSigs[i] = _signObservation(sensorKeys[i], next[i]);
        }
        assertEq(_submit(3, next, nextSigs), 5, "the later window counts");
        assertEq(_submit(2, obs, sigs), 5, "and the earlier one, relayed after it, still counts");
    }

    function testFuzz_SubmitRound_StoredValuesSharingASlotStayApart(int64[5] memory v, uint256 split) public {
        _buy(1, 31);
        vm.warp(DAY0 + 3 * DAY);
        int64[] memory values = new int64[](5);
        for (uint256 i; i < 5; ++i) values[i] = v[i];
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, values);
        // a first round of `k` sensors stores their values (four lanes to a slot), the rest completes the window
        uint256 k = bound(split, 1, 4);
        (Observation[] memory head, bytes[] memory headSigs) = (new Observation[](k), new bytes[](k));
        for (uint256 i; i < k; ++i) (head[i], headSigs[i]) = (obs[i], sigs[i]);
        _submit(2, head, headSigs);
        (uint32 counted, bool decided, int64[] memory stored) =
            insurance.windowState(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY);
        assertEq(uint256(counted), (uint256(1) << k) - 1, "the first k counted");
        assertFalse(decided, "open");
        for (uint256 i; i < 5; ++i) {
            assertEq(int256(stored[i]), i < k ? int256(v[i]) : int256(0), "each lane holds its own sensor's value");
        }
        int64[] memory sorted = new int64[](5);
        for (uint256 i; i < 5; ++i) sorted[i] = v[i];
        for (uint256 i; i < 5; ++i) {
            for (uint256 j = i + 1; j < 5; ++j) {
                if (sorted[j] < sorted[i]) (sorted[i], sorted[j]) = (sorted[j], sorted[i]);
            }
        }
        vm.expectEmit(true, true, false, true, address(insurance));
        emit IQuorumInsurance.WindowDecided(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, 5, sorted[2]);
        assertEq(_submit(2, obs, sigs), 5 - k, "the rest counted");
        (counted, decided, stored) = insurance.windowState(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY);
        assertTrue(decided, "all five: decided");
        for (uint256 i; i < 5; ++i) assertEq(int256(stored[i]), 0, "no value kept once decided");
        uint256 expected = uint256(SUM) * insurance.payoutFraction(drought, sorted[2]) / 1e18;
        assertEq(token.balanceOf(FARMER), 95_000e6 + expected, "paid by the median of all five");
    }

    function test_SubmitRound_SensorCountsOncePerWindow() public {
        _buy(1, 31);
        vm.warp(DAY0 + 3 * DAY);
        // the same sensor, three fresh sequences of the same window: one vote
        Observation[] memory three = new Observation[](3);
        bytes[] memory threeSigs = new bytes[](3);
        for (uint256 i; i < 3; ++i) {
            three[i] = _rain(sensors[0], ++seq[sensors[0]], DAY0 + 2 * DAY, DAY0 + 3 * DAY, int64(uint64(i)) * 1000);
            threeSigs[i] = _signObservation(sensorKeys[0], three[i]);
        }
        bytes memory items = _pack(three, threeSigs);
        _expectSkip(1, sensors[0], IQuorumInsurance.SkipReason.AlreadyCounted);
        _expectSkip(2, sensors[0], IQuorumInsurance.SkipReason.AlreadyCounted);
        assertEq(insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, items), 1, "one vote per sensor and window");
        assertEq(token.balanceOf(FARMER), 95_000e6, "no quorum from one sensor");
        (, bool decided, int64[] memory values) = insurance.windowState(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY);
        assertEq(int256(values[0]), int256(three[0].value), "only the counted item's value kept");
        assertFalse(decided, "one of five: open");
        // a later round of the same window: sensor 0 again is skipped, the missing sensors are added
        (Observation[] memory again, bytes[] memory againSigs) = _one(three[2], threeSigs[2]);
        items = _pack(again, againSigs);
        _expectSkip(0, sensors[0], IQuorumInsurance.SkipReason.AlreadyCounted);
        assertEq(insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, items), 0, "already counted");
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        (Observation[] memory rest, bytes[] memory restSigs) = (new Observation[](4), new bytes[](4));
        for (uint256 i = 1; i < 5; ++i) (rest[i - 1], restSigs[i - 1]) = (obs[i], sigs[i]);
        assertEq(_submit(2, rest, restSigs), 4, "the four missing sensors counted");
        uint32 counted;
        (counted, decided,) = insurance.windowState(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY);
        assertEq(uint256(counted), 0x1f, "all five counted for the window");
        assertTrue(decided, "and it is decided");
        assertEq(token.balanceOf(FARMER), 95_000e6 + SUM, "the five values, sensor 0's first among them, pay");
    }

    function test_SubmitRound_EarlierWindowCountsAfterALaterOne() public {
        vm.warp(DAY0 + 4 * DAY);
        (Observation[] memory late, bytes[] memory lateSigs) = _round(2, _values(0, 0, 0, 0, 0));
        (Observation[] memory obs, bytes[] memory sigs) = _round(3, _values(0, 0, 0, 0, 0));
        _submit(3, obs, sigs);
        assertEq(_submit(2, late, lateSigs), 5, "a later window relayed first does not shut the earlier one");
        (uint32 counted, bool decided,) = insurance.windowState(region, 1, DAY0 + 3 * DAY, DAY0 + 4 * DAY);
        assertEq(uint256(counted), 0x1f, "the later window keeps its sensors");
        assertTrue(decided, "and its decision");
    }

    function test_SubmitRound_RoundWithoutValidItemLeavesWindowState() public {
        vm.warp(DAY0 + 4 * DAY);
        (Observation[] memory junk, bytes[] memory junkSigs) = _round(3, _values(0, 0, 0, 0, 0));
        for (uint256 i; i < 5; ++i) junkSigs[i] = _signObservation(0xBAD, junk[i]);
        assertEq(_submit(3, junk, junkSigs), 0, "forgeries count nothing");
        (uint32 counted, bool decided,) = insurance.windowState(region, 1, DAY0 + 3 * DAY, DAY0 + 4 * DAY);
        assertEq(uint256(counted), 0, "a forged round counts no sensor");
        assertFalse(decided, "and decides nothing");
        (Observation[] memory obs, bytes[] memory sigs) = _round(3, _values(0, 0, 0, 0, 0));
        assertEq(_submit(3, obs, sigs), 5, "the genuine items of the window still count");
    }

    function test_SubmitRound_RevokedSensorRefusedNextRound() public {
        vm.warp(DAY0 + 4 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        _submit(2, obs, sigs);
        (uint64 epoch, uint32 verified) = insurance.regionState(region);
        assertEq(uint256(epoch), 0, "no revocation yet");
        assertEq(uint256(verified), 0x1f, "all seen active");

        vm.prank(DEVICE_OWNER);
        registry.revokeDevice(sensors[2]);
        (obs, sigs) = _round(3, _values(0, 0, 0, 0, 0));
        _expectSkip(2, sensors[2], IQuorumInsurance.SkipReason.NotActiveSensor);
        assertEq(_submit(3, obs, sigs), 4, "the revoked sensor refused at once");
        (epoch, verified) = insurance.regionState(region);
        assertEq(uint256(epoch), 1, "the region follows the registry's epoch");
        assertEq(uint256(verified), 0x1b, "the others seen active again, sensor 2 not");
    }

    function test_SubmitRound_ReregisteredDeviceCountsOnlyAsSensor() public {
        vm.warp(DAY0 + 5 * DAY);
        vm.startPrank(DEVICE_OWNER);
        registry.revokeDevice(sensors[0]);
        registry.revokeDevice(sensors[1]);
        vm.stopPrank();
        _register(DEVICE_OWNER, sensorKeys[0], DeviceRoles.TERMINAL);
        _register(DEVICE_OWNER, sensorKeys[1], DeviceRoles.SENSOR);
        (Observation[] memory obs, bytes[] memory sigs) = _round(3, _values(0, 0, 0, 0, 0));
        _expectSkip(0, sensors[0], IQuorumInsurance.SkipReason.NotActiveSensor);
        assertEq(_submit(3, obs, sigs), 4, "a terminal now: refused; a sensor again: counted");
    }

    /// @dev Five valid items of day 2, submitted at the end of day 3.
    function _dayTwoItems() internal returns (bytes memory) {
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        return _pack(obs, sigs);
    }

    function test_RevertWhen_RoundHasNoItem() public {
        vm.warp(DAY0 + 3 * DAY);
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
        insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, "");
    }

    function test_RevertWhen_RoundEndsInAPartialItem() public {
        bytes memory items = bytes.concat(_dayTwoItems(), hex"00");
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
        insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, items);
    }

    function test_RevertWhen_RoundHasMoreItemsThanARegionHasSensors() public {
        bytes memory items = _dayTwoItems();
        bytes memory many = items;
        for (uint256 i; i < 6; ++i) many = bytes.concat(many, items);
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
        insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, many); // 35 items > 32
    }

    function test_RevertWhen_RoundWindowEndsInTheFuture() public {
        bytes memory items = _dayTwoItems();
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
        insurance.submitRound(region, 1, DAY0 + 3 * DAY, DAY0 + 4 * DAY, items);
    }

    function test_RevertWhen_RoundWindowEmpty() public {
        bytes memory items = _dayTwoItems();
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
        insurance.submitRound(region, 1, DAY0 + 3 * DAY, DAY0 + 3 * DAY, items);
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
