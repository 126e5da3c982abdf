// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DeviceRegistry} from "../../src/core/DeviceRegistry.sol";
import {PaymentHub} from "../../src/payments/PaymentHub.sol";
import {QuorumInsurance} from "../../src/insurance/QuorumInsurance.sol";
import {RiskPool} from "../../src/insurance/RiskPool.sol";
import {TestStablecoin} from "../../src/mocks/TestStablecoin.sol";
import {IPaymentHub} from "../../src/payments/interfaces/IPaymentHub.sol";
import {IQuorumInsurance} from "../../src/insurance/interfaces/IQuorumInsurance.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {CustomerAuthorization, EdgeMessages, Observation, PaymentIntent} from "../../src/core/libraries/EdgeMessages.sol";
import {QuorumRound} from "../../src/insurance/libraries/QuorumRound.sol";
import {VectorsBase} from "../utils/VectorsBase.sol";

/// @notice The real contracts, placed at the vectors' addresses with the vectors' registry, judge the firmware-signed
/// messages. Observations go to QuorumInsurance.submitRound, the vectors' sensors forming one region: every valid
/// vector counts in its window (or is skipped for the one reason the contract has, a Stuck or OutOfRange flag), and
/// every observation rejection that reaches the chain gets QuorumInsurance's own outcome for its gateway reason (an
/// ObservationSkipped reason, a reverted round, or a device no region can hold). Every payment intent settles on
/// PaymentHub, and every payment rejection gets the hub error matching its gateway reason.
contract VectorsOnChainTest is VectorsBase {
    /// @dev The Observation flags QuorumInsurance skips an item for (PROTOCOL.md §3): Stuck and OutOfRange.
    uint32 internal constant STUCK_OR_OUT_OF_RANGE = 0x03;

    RiskPool internal pool;
    QuorumInsurance internal insurance;
    uint32 internal region;
    PaymentHub internal hub;
    TestStablecoin internal token;

    /// @dev Device `i` of `list` is registered by the vector's owner with the vector's registration proof (signed by
    /// the firmware core); the real registry recomputes the vector's digest.
    function _registerVectorDevice(DeviceRegistry registry, string memory list, uint256 i, uint8 role) internal {
        address device = _address(list, i, "address");
        address owner = _address(list, i, "owner");
        assertEq(
            registry.registrationDigest(device, owner, role), _bytes32(list, i, "registrationDigest"), "digest"
        );
        vm.prank(owner);
        registry.registerDevice(device, role, _bytes(list, i, "registrationProof"));
    }

    function setUp() public override {
        super.setUp();
        if (bytes(json).length == 0) return;

        // The registry at the domain's address, holding the devices the vectors assume.
        vm.etch(verifyingContract, address(new DeviceRegistry()).code);
        DeviceRegistry registry = DeviceRegistry(verifyingContract);
        for (uint256 i; i < _count("registry.sensors"); ++i) {
            _registerVectorDevice(registry, "registry.sensors", i, DeviceRoles.SENSOR);
        }
        for (uint256 i; i < _count("registry.terminals"); ++i) {
            _registerVectorDevice(registry, "registry.terminals", i, DeviceRoles.TERMINAL);
        }

        // Token and hub at the addresses the customers signed for; the hub is built for that registry (etched code has
        // no storage: no fee, so the merchant is paid the whole amount).
        Customer memory c = _customer(0);
        vm.etch(c.tokenAddress, address(new TestStablecoin(address(this))).code);
        token = TestStablecoin(c.tokenAddress);
        _becomeOwner(token);
        vm.etch(c.router, address(new PaymentHub(verifyingContract, address(this), address(this), 0)).code);
        hub = PaymentHub(c.router);

        // The quorum insurer on the vectors' registry, its pool in the customers' token, the vectors' sensors one region
        // (products are made per window under test: a region holds four, the vectors use five grids).
        pool = new RiskPool(token, address(this));
        insurance = new QuorumInsurance(verifyingContract, address(pool), address(this));
        pool.setInsurer(address(insurance));
        address[] memory sensors = new address[](_count("registry.sensors"));
        for (uint256 i; i < sensors.length; ++i) {
            sensors[i] = _address("registry.sensors", i, "address");
        }
        region = insurance.createRegion(sensors);

        // Strictly after every authorization's validAfter (the vectors use 0 and 2026-01-01).
        uint256 latest;
        for (uint256 i; i < _count("paymentIntents"); ++i) {
            uint256 validAfter = _uint("paymentIntents", i, "customer.validAfter");
            if (validAfter > latest) latest = validAfter;
        }
        vm.warp(latest + 1);
    }

    /// @dev Etched code comes without storage: find and write Ownable's owner slot.
    function _becomeOwner(TestStablecoin t) internal {
        for (uint256 slot; slot < 16; ++slot) {
            vm.store(address(t), bytes32(slot), bytes32(uint256(uint160(address(this)))));
            if (t.owner() == address(this)) return;
            vm.store(address(t), bytes32(slot), bytes32(0));
        }
        revert("Ownable slot not found");
    }

    /// @dev A product of the region on `obs`'s grid (its metric and window length), then the clock at the window's end:
    /// a round of that window is on time. Staleness 0, because one vector's window ends at 2^64 − 1, where any grace
    /// would overflow the deadline; the round's second is then the last one on time.
    function _openWindowOf(Observation memory obs) internal {
        uint32 length = uint32(obs.windowEnd - obs.windowStart);
        insurance.createProduct(
            IQuorumInsurance.Product({
                region: region,
                metric: obs.metric,
                quorum: 1,
                direction: IQuorumInsurance.Direction.Below,
                windowLength: length,
                staleness: 0,
                premiumBps: 100,
                active: true,
                trigger: 0,
                exit: 0,
                waitingPeriod: 0,
                maxCoverage: length,
                minSumInsured: 1
            })
        );
        vm.warp(obs.windowEnd);
    }

    /// @dev A round of `obs`'s window carrying the one item `obs` signed by `sig`, under its device's index in the
    /// region.
    function _submitOne(Observation memory obs, bytes memory sig, uint8 index) internal returns (uint256) {
        return insurance.submitRound(
            region, obs.metric, obs.windowStart, obs.windowEnd, QuorumRound.encodeItem(index, obs, sig)
        );
    }

    function _expectSkip(address device, IQuorumInsurance.SkipReason reason) internal {
        vm.expectEmit(true, true, false, true, address(insurance));
        emit IQuorumInsurance.ObservationSkipped(0, device, reason);
    }

    function test_VectorsOnChain_ObservationDigestIsTheSignedDigest() public withVectors {
        uint256 n = _count("observations");
        assertTrue(n > 0, "observation vectors present");
        for (uint256 i; i < n; ++i) {
            assertEq(insurance.observationDigest(_observation(i)), _bytes32("observations", i, "digest"), "digest");
        }
    }

    function test_VectorsOnChain_ObservationsJudged() public withVectors {
        uint256 n = _count("observations");
        uint256 counted;
        for (uint256 i; i < n; ++i) {
            Observation memory obs = _observation(i);
            bytes memory sig = _bytes("observations", i, "signature");
            (uint32 sensorRegion, uint8 index) = insurance.sensorState(obs.device);
            assertEq(uint256(sensorRegion), region, "the vector's sensor is in the region");
            uint256 fresh = vm.snapshotState(); // each vector's window and product on their own
            _openWindowOf(obs);
            if (obs.flags & STUCK_OR_OUT_OF_RANGE != 0) {
                // A valid device message that the insurance does not count: the sensor flagged its own value.
                _expectSkip(obs.device, IQuorumInsurance.SkipReason.BadFlags);
                assertEq(_submitOne(obs, sig, index), 0, "a flagged value is skipped");
            } else {
                vm.expectEmit(true, true, false, true, address(insurance));
                emit IQuorumInsurance.WindowCollected(region, obs.metric, obs.windowStart, obs.windowEnd, 1);
                assertEq(_submitOne(obs, sig, index), 1, "counted");
                (uint32 countedBits, bool decided, int64[] memory values) =
                    insurance.windowState(region, obs.metric, obs.windowStart, obs.windowEnd);
                assertEq(uint256(countedBits), uint256(1) << index, "the vector's sensor counted");
                assertFalse(decided, "one of three sensors: the window waits for the others");
                assertEq(values[index], obs.value, "its value kept with the window");
                ++counted;
            }
            vm.revertToState(fresh);
        }
        assertTrue(counted > 0, "at least one vector counted");
    }

    function test_VectorsOnChain_PaymentIntentsSettle() public withVectors {
        uint256 n = _count("paymentIntents");
        for (uint256 i; i < n; ++i) {
            PaymentIntent memory intent = _intent(i);
            bytes memory submission = _bytes("paymentIntents", i, "submission");
            CustomerAuthorization memory auth = _decodeAuthorization(submission);
            (, bytes memory terminalSig) = _decodeIntent(submission);
            token.mint(auth.from, intent.amount);
            uint256 before = token.balanceOf(intent.merchant);

            hub.settle(intent, terminalSig, auth);

            assertEq(token.balanceOf(intent.merchant) - before, intent.amount, "merchant paid");
            assertTrue(hub.isSettled(intent.terminal, intent.sequence), "settled");
        }
        // Submitting the first one again is the relayer's "already settled".
        bytes memory first = _bytes("paymentIntents", 0, "submission");
        (, bytes memory sig0) = _decodeIntent(first);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPaymentHub.PaymentHubAlreadySettled.selector, _bytes32("paymentIntents", 0, "digest")
            )
        );
        hub.settle(_intent(0), sig0, _decodeAuthorization(first));
    }

    function test_VectorsOnChain_RejectionsRefused() public withVectors {
        uint256 n = _count("rejections");
        uint256 observations;
        uint256 payments;
        uint256 clock = block.timestamp; // the payment rejections are judged at setUp's time
        for (uint256 i; i < n; ++i) {
            bytes memory payload = _bytes("rejections", i, "payload");
            string memory reason = _string("rejections", i, "reason");
            uint256 fresh = vm.snapshotState(); // each rejection assumes nothing stored yet
            if (payload.length == OBSERVATION_ENVELOPE && uint8(payload[1]) == 1) {
                if (_rejectObservation(payload, reason)) ++observations;
            } else if (payload.length == SUBMISSION && uint8(payload[1]) == 2) {
                if (_rejectPayment(payload, reason)) ++payments;
            }
            vm.revertToState(fresh);
            vm.warp(clock);
        }
        assertTrue(observations > 0, "some observation rejections reach the insurance");
        assertTrue(payments > 0, "some payment rejections reach the hub");
    }

    function _is(string memory a, string memory b) internal pure returns (bool) {
        return keccak256(bytes(a)) == keccak256(bytes(b));
    }

    /// @dev Judges a rejected observation by QuorumInsurance's own outcome for its gateway reason; false for reasons
    /// only the gateway can see (envelope header, topic). A bad signature (another domain, a changed body, high s, a v
    /// other than 27 or 28) or a reserved flag is an item skipped with its reason; an empty or reversed window reverts
    /// the round; a device that is not an active sensor (unknown, or a terminal) can be in no region, so no round
    /// carries it as itself (the gateway does not relay it), and under a region sensor's index its signature fails.
    function _rejectObservation(bytes memory payload, string memory reason) internal returns (bool) {
        if (uint8(payload[0]) != 1) return false; // unknown version: nothing on chain to compare
        (Observation memory obs, bytes memory sig) = _decodeObservation(payload);
        (uint32 sensorRegion, uint8 index) = insurance.sensorState(obs.device);
        if (_is(reason, "UnknownDevice") || _is(reason, "WrongRole")) {
            assertEq(uint256(sensorRegion), 0, "not an active sensor: in no region");
            address[] memory alone = new address[](1);
            alone[0] = obs.device;
            vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadRegion.selector, obs.device));
            insurance.createRegion(alone);
            _openWindowOf(obs);
            address first = insurance.regionSensors(region)[0];
            _expectSkip(first, IQuorumInsurance.SkipReason.BadSignature);
            assertEq(_submitOne(obs, sig, 0), 0, "carried under a sensor's index, it counts nothing");
            return true;
        }
        if (_is(reason, "Malformed") && obs.windowEnd <= obs.windowStart) {
            // A round-level fault: the whole round reverts, whatever its items.
            assertEq(uint256(sensorRegion), region, "the vector's sensor is in the region");
            vm.warp(obs.windowStart > obs.windowEnd ? obs.windowStart : obs.windowEnd);
            vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
            _submitOne(obs, sig, index);
            return true;
        }
        IQuorumInsurance.SkipReason expected;
        if (_is(reason, "WrongDomain") || _is(reason, "BadSignature") || (_is(reason, "Malformed") && !_plainV(sig))) {
            expected = IQuorumInsurance.SkipReason.BadSignature;
        } else if (_is(reason, "Malformed") && obs.flags & ~EdgeMessages.KNOWN_FLAGS != 0) {
            expected = IQuorumInsurance.SkipReason.BadFlags;
        } else {
            return false; // Truncated, Oversized, TopicMismatch, unknown kind: the envelope, not the message
        }
        assertEq(uint256(sensorRegion), region, "the vector's sensor is in the region");
        _openWindowOf(obs);
        _expectSkip(obs.device, expected);
        assertEq(_submitOne(obs, sig, index), 0, "the rejected item counts nothing");
        (uint32 countedBits,,) = insurance.windowState(region, obs.metric, obs.windowStart, obs.windowEnd);
        assertEq(uint256(countedBits), 0, "the window holds nothing");
        return true;
    }

    function _rejectPayment(bytes memory payload, string memory reason) internal returns (bool) {
        if (uint8(payload[0]) != 1) return false;
        (PaymentIntent memory intent, bytes memory sig) = _decodeIntent(payload);
        CustomerAuthorization memory auth = _decodeAuthorization(payload);
        token.mint(auth.from, intent.amount);
        bytes memory expected;
        if (_is(reason, "WrongDomain") || _is(reason, "BadSignature") || (_is(reason, "Malformed") && !_plainV(sig))) {
            expected = abi.encodeWithSelector(IPaymentHub.PaymentHubBadSignature.selector, intent.terminal);
        } else if (_is(reason, "UnknownDevice")) {
            expected = abi.encodeWithSelector(IPaymentHub.PaymentHubNotTerminal.selector, intent.terminal);
        } else if (_is(reason, "WrongRole")) {
            expected = abi.encodeWithSelector(IPaymentHub.PaymentHubNotTerminal.selector, intent.terminal);
        } else if (_is(reason, "Expired") && intent.expiry < block.timestamp) {
            expected = abi.encodeWithSelector(IPaymentHub.PaymentHubIntentExpired.selector, intent.expiry);
        } else if (_is(reason, "Expired")) {
            expected = abi.encodeWithSelector(IPaymentHub.PaymentHubAuthorizationFailed.selector);
        } else if (_is(reason, "BadAuthorization")) {
            expected = abi.encodeWithSelector(IPaymentHub.PaymentHubAuthorizationFailed.selector);
        } else {
            return false;
        }
        vm.expectRevert(expected);
        hub.settle(intent, sig, auth);
        return true;
    }

    function _plainV(bytes memory sig) internal pure returns (bool) {
        uint8 v = uint8(sig[64]);
        return v == 27 || v == 28;
    }
}
