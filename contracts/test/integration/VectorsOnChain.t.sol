// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DeviceRegistry} from "../../src/core/DeviceRegistry.sol";
import {ParametricInsurance} from "../../src/insurance/ParametricInsurance.sol";
import {PaymentHub} from "../../src/payments/PaymentHub.sol";
import {TestStablecoin} from "../../src/mocks/TestStablecoin.sol";
import {IParametricInsurance} from "../../src/insurance/interfaces/IParametricInsurance.sol";
import {IPaymentHub} from "../../src/payments/interfaces/IPaymentHub.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {CustomerAuthorization, EdgeMessages, Observation, PaymentIntent} from "../../src/core/libraries/EdgeMessages.sol";
import {VectorsBase} from "../utils/VectorsBase.sol";

/// @notice The real contracts, placed at the vectors' addresses with the vectors' registry, judge the firmware-signed
/// messages: every valid vector is accepted (or refused for the one reason the contract has, e.g. a metric the
/// insurance does not cover), and every rejection vector that reaches the chain is refused with the contract error
/// matching its gateway reason.
contract VectorsOnChainTest is VectorsBase {

    ParametricInsurance internal insurance;
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
        insurance = new ParametricInsurance(verifyingContract, address(token));

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

    function test_VectorsOnChain_ObservationsJudged() public withVectors {
        uint256 n = _count("observations");
        uint256 accepted;
        for (uint256 i; i < n; ++i) {
            Observation memory obs = _observation(i);
            bytes memory sig = _bytes("observations", i, "signature");
            if (obs.metric != EdgeMessages.METRIC_RAINFALL) {
                // Valid device messages, but the insurance only covers rainfall.
                vm.expectRevert(
                    abi.encodeWithSelector(
                        IParametricInsurance.ParametricInsuranceUnsupportedMetric.selector, obs.metric
                    )
                );
                insurance.submitObservation(obs, sig);
                continue;
            }
            insurance.submitObservation(obs, sig);
            assertEq(uint256(insurance.series(obs.device).lastSequence), obs.sequence, "recorded");
            ++accepted;
        }
        assertTrue(accepted > 0, "at least one rainfall vector accepted");
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
        uint256 checked;
        for (uint256 i; i < n; ++i) {
            bytes memory payload = _bytes("rejections", i, "payload");
            string memory reason = _string("rejections", i, "reason");
            uint256 fresh = vm.snapshotState(); // each rejection assumes nothing stored yet
            bool onChain = payload.length == OBSERVATION_ENVELOPE && uint8(payload[1]) == 1
                ? _rejectObservation(payload, reason)
                : payload.length == SUBMISSION && uint8(payload[1]) == 2 ? _rejectPayment(payload, reason) : false;
            if (onChain) ++checked;
            vm.revertToState(fresh);
        }
        assertTrue(checked > 0, "some rejections reach the contracts");
    }

    function _is(string memory a, string memory b) internal pure returns (bool) {
        return keccak256(bytes(a)) == keccak256(bytes(b));
    }

    /// @dev Submits a rejected observation and expects the contract error of its reason; false for reasons only the
    /// gateway can see (envelope header, topic).
    function _rejectObservation(bytes memory payload, string memory reason) internal returns (bool) {
        if (uint8(payload[0]) != 1) return false; // unknown version: nothing on chain to compare
        (Observation memory obs, bytes memory sig) = _decodeObservation(payload);
        bytes memory expected;
        if (_is(reason, "WrongDomain") || _is(reason, "BadSignature") || (_is(reason, "Malformed") && !_plainV(sig))) {
            expected = abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceBadSignature.selector, obs.device);
        } else if (_is(reason, "UnknownDevice")) {
            expected =
                abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceUnknownDevice.selector, obs.device);
        } else if (_is(reason, "WrongRole")) {
            expected = abi.encodeWithSelector(
                IParametricInsurance.ParametricInsuranceWrongRole.selector, obs.device, DeviceRoles.TERMINAL
            );
        } else if (_is(reason, "Malformed") && obs.flags & ~EdgeMessages.KNOWN_FLAGS != 0) {
            expected = abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceReservedFlags.selector, obs.flags);
        } else if (_is(reason, "Malformed") && obs.windowEnd <= obs.windowStart) {
            expected = abi.encodeWithSelector(
                IParametricInsurance.ParametricInsuranceBadWindow.selector, obs.windowStart, obs.windowEnd
            );
        } else {
            return false; // Truncated, Oversized, TopicMismatch, unknown kind: the envelope, not the message
        }
        vm.expectRevert(expected);
        insurance.submitObservation(obs, sig);
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
