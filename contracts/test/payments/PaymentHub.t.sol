// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PaymentHub} from "../../src/payments/PaymentHub.sol";
import {IPaymentHub} from "../../src/payments/interfaces/IPaymentHub.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {CustomerAuthorization, EdgeMessages, PaymentIntent} from "../../src/core/libraries/EdgeMessages.sol";
import {EdgeTest} from "../utils/EdgeTest.sol";
import {PayerLog} from "../utils/PayerLog.sol";

abstract contract PaymentFixture is EdgeTest {
    PaymentHub internal hub;
    uint256 internal constant TERMINAL_KEY = 0x7E42;
    uint256 internal constant CUSTOMER_KEY = 0xC0FFEE;
    address internal terminal;
    address internal customer;
    address internal constant MERCHANT = address(0x0A11);
    address internal constant TREASURY = address(0x7EA5);
    address internal constant OWNER = address(0x0AAA);
    uint64 internal nextSequence = 1;
    PayerLog.Book internal book;

    function _deployHub() internal {
        _deployBase();
        hub = new PaymentHub(address(registry), OWNER, TREASURY, 100); // 1%
        terminal = vm.addr(TERMINAL_KEY);
        customer = vm.addr(CUSTOMER_KEY);
        _register(MERCHANT, TERMINAL_KEY, DeviceRoles.TERMINAL);
        token.mint(customer, 1_000_000e6);
    }

    function _intent(uint256 amount) internal returns (PaymentIntent memory intent) {
        intent = PaymentIntent({
            terminal: terminal,
            merchant: MERCHANT,
            token: address(token),
            amount: amount,
            expiry: uint64(block.timestamp + 5 minutes),
            orderRef: keccak256(abi.encode(nextSequence)),
            sequence: nextSequence++,
            prevHash: bytes32(0)
        });
    }

    function _digest(PaymentIntent memory intent) internal view returns (bytes32) {
        return registry.hashTypedData(EdgeMessages.hash(intent));
    }

    function _auth(PaymentIntent memory intent) internal view returns (CustomerAuthorization memory) {
        return _authorize(CUSTOMER_KEY, address(hub), intent.amount, _digest(intent), block.timestamp + 1 hours);
    }

    /// @dev Notes a settled sale in the merchant's book (settlement order), for refunds.
    function _note(PaymentIntent memory intent, address payer) internal {
        PayerLog.note(book, intent.terminal, intent.sequence, _digest(intent), payer);
    }

    /// @dev Settles `intent` with the customer's authorization and notes it.
    function _settle(PaymentIntent memory intent) internal virtual {
        hub.settle(intent, _signIntent(TERMINAL_KEY, intent), _auth(intent));
        _note(intent, customer);
    }

    /// @dev `caller` refunds `amount` of `intent` to `payer`, proving the payer with the book's payer log.
    function _refund(address caller, PaymentIntent memory intent, address payer, uint256 amount) internal {
        (uint128 logBefore, IPaymentHub.SaleRecord[] memory later) =
            PayerLog.proof(book, intent.terminal, intent.sequence, _digest(intent));
        vm.prank(caller);
        hub.refund(intent, payer, amount, logBefore, later);
    }

    /// @dev The customer's EIP-2612 permit for the hub to take `amount`.
    function _permit(uint256 amount, uint256 deadline) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                customer,
                address(hub),
                amount,
                token.nonces(customer),
                deadline
            )
        );
        return vm.sign(CUSTOMER_KEY, EdgeMessages.toTypedDataHash(token.DOMAIN_SEPARATOR(), structHash));
    }
}

contract PaymentHubTest is PaymentFixture {
    function setUp() public {
        _deployHub();
    }

    /// @dev Settles `intent` with `sig` and the customer's authorization for it, expecting `revertData`.
    function _expectSettleRevert(PaymentIntent memory intent, bytes memory sig, bytes memory revertData) internal {
        CustomerAuthorization memory auth = _auth(intent);
        vm.expectRevert(revertData);
        hub.settle(intent, sig, auth);
    }

    /// @dev A settled sale of `amount` whose merchant has approved the hub for refunds.
    function _settledSale(uint256 amount) internal returns (PaymentIntent memory intent) {
        intent = _intent(amount);
        _settle(intent);
        vm.prank(MERCHANT);
        token.approve(address(hub), type(uint256).max);
    }

    /// @dev `caller` refunds `amount` of `intent` to `payer`, expecting the refusal.
    function _expectRefundRefused(PaymentIntent memory intent, address caller, address payer, uint256 amount) internal {
        (uint128 logBefore, IPaymentHub.SaleRecord[] memory later) =
            PayerLog.proof(book, intent.terminal, intent.sequence, _digest(intent));
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubRefundRefused.selector, _digest(intent)));
        vm.prank(caller);
        hub.refund(intent, payer, amount, logBefore, later);
    }

    function test_Settle_PaysMerchantNetOfFeeAndRecordsSale() public {
        PaymentIntent memory intent = _intent(100e6);
        hub.settle(intent, _signIntent(TERMINAL_KEY, intent), _auth(intent));
        assertEq(token.balanceOf(MERCHANT), 99e6, "merchant net");
        assertEq(token.balanceOf(TREASURY), 1e6, "1% fee");
        assertEq(token.balanceOf(address(hub)), 0, "hub keeps nothing");
        assertTrue(hub.isSettled(terminal, intent.sequence), "settled bit set");
        assertFalse(hub.isSettled(terminal, intent.sequence + 1), "only its own bit");
        assertTrue(token.authorizationState(customer, _digest(intent)), "the payer's authorization used the digest");
        (uint128 bits, uint128 log) = hub.salesWord(terminal, 0);
        assertEq(uint256(bits), 1 << 1, "sequence 1's bit of word 0");
        assertEq(uint256(log), uint256(PayerLog.step(0, _digest(intent), customer)), "the payer logged");
    }

    function test_RevertWhen_SettleTwice() public {
        PaymentIntent memory intent = _intent(100e6);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        CustomerAuthorization memory auth = _auth(intent);
        hub.settle(intent, sig, auth);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubAlreadySettled.selector, _digest(intent)));
        hub.settle(intent, sig, auth);
    }

    function test_RevertWhen_SettleSignedByAnotherKey() public {
        PaymentIntent memory intent = _intent(100e6);
        _expectSettleRevert(
            intent,
            _signIntent(CUSTOMER_KEY, intent),
            abi.encodeWithSelector(IPaymentHub.PaymentHubBadSignature.selector, terminal)
        );
    }

    function test_RevertWhen_SettleExpired() public {
        PaymentIntent memory intent = _intent(100e6);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        vm.warp(intent.expiry + 1);
        _expectSettleRevert(
            intent, sig, abi.encodeWithSelector(IPaymentHub.PaymentHubIntentExpired.selector, intent.expiry)
        );
    }

    function test_RevertWhen_SettleForAnotherMerchant() public {
        PaymentIntent memory intent = _intent(1e6);
        intent.merchant = address(0xBAD);
        _expectSettleRevert(
            intent,
            _signIntent(TERMINAL_KEY, intent),
            abi.encodeWithSelector(IPaymentHub.PaymentHubMerchantMismatch.selector, address(0xBAD), MERCHANT)
        );
    }

    function test_RevertWhen_SettleZeroAmount() public {
        PaymentIntent memory intent = _intent(0);
        _expectSettleRevert(
            intent, _signIntent(TERMINAL_KEY, intent), abi.encodeWithSelector(IPaymentHub.PaymentHubZeroAmount.selector)
        );
    }

    function test_RevertWhen_SettleSignedBySensor() public {
        PaymentIntent memory intent = _intent(1e6);
        intent.terminal = _register(MERCHANT, 0x5E05, DeviceRoles.SENSOR);
        _expectSettleRevert(
            intent,
            _signIntent(0x5E05, intent),
            abi.encodeWithSelector(IPaymentHub.PaymentHubNotTerminal.selector, intent.terminal)
        );
    }

    /// @dev Issue 15 row 11 (replaces test_RevertWhen_SequenceNotAbove): there is no ordering rule, so a relayer
    /// who relays a terminal's later intent first does not kill the earlier pending sale.
    function test_Settle_EarlierIntentAfterALaterOne() public {
        PaymentIntent memory a = _intent(1e6);
        PaymentIntent memory b = _intent(1e6);
        hub.settle(b, _signIntent(TERMINAL_KEY, b), _auth(b));
        hub.settle(a, _signIntent(TERMINAL_KEY, a), _auth(a));
        assertTrue(hub.isSettled(terminal, a.sequence) && hub.isSettled(terminal, b.sequence), "both settled");
        assertEq(token.balanceOf(MERCHANT), 2e6 * 99 / 100, "both paid");
    }

    function test_RevertWhen_SettleAmountAboveMax() public {
        PaymentIntent memory intent = _intent(uint256(type(uint128).max) + 1);
        _expectSettleRevert(
            intent,
            _signIntent(TERMINAL_KEY, intent),
            abi.encodeWithSelector(IPaymentHub.PaymentHubAmountTooLarge.selector, intent.amount)
        );
    }

    function test_RevertWhen_SettleTokenWithoutCode() public {
        PaymentIntent memory intent = _intent(1e6);
        intent.token = address(0xC0DE1E55);
        _expectSettleRevert(
            intent, _signIntent(TERMINAL_KEY, intent), abi.encodeWithSelector(IPaymentHub.PaymentHubAuthorizationFailed.selector)
        );
    }

    function test_RevertWhen_CustomerAuthorizationForAnotherAmount() public {
        PaymentIntent memory intent = _intent(100e6);
        CustomerAuthorization memory auth =
            _authorize(CUSTOMER_KEY, address(hub), 1e6, _digest(intent), block.timestamp + 1 hours);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        vm.expectRevert(IPaymentHub.PaymentHubAuthorizationFailed.selector);
        hub.settle(intent, sig, auth);
        assertFalse(hub.isSettled(terminal, intent.sequence), "nothing recorded");
    }

    function test_SettleBatch_SkipsBadItemsAndPaysMerchantOnce() public {
        PaymentIntent[] memory intents = new PaymentIntent[](3);
        bytes[] memory sigs = new bytes[](3);
        CustomerAuthorization[] memory auths = new CustomerAuthorization[](3);
        for (uint256 i; i < 3; ++i) {
            intents[i] = _intent(10e6 * (i + 1));
            sigs[i] = _signIntent(TERMINAL_KEY, intents[i]);
            auths[i] = _auth(intents[i]);
        }
        auths[1].s = bytes32(uint256(auths[1].s) ^ 1); // a broken customer signature
        vm.expectEmit(false, true, false, true, address(hub));
        emit IPaymentHub.PaymentSkipped(1, _digest(intents[1]), IPaymentHub.PaymentHubAuthorizationFailed.selector);
        uint256 settled = hub.settleBatch(intents, sigs, auths);
        assertEq(settled, 2, "two of three");
        assertEq(token.balanceOf(MERCHANT), 40e6 * 99 / 100, "net of the two good sales");
        assertEq(token.balanceOf(TREASURY), 40e6 / 100, "their fees");
        assertFalse(hub.isSettled(terminal, intents[1].sequence), "skipped item left no record");
        assertTrue(hub.isSettled(terminal, intents[2].sequence), "the later item settled");
        (, uint128 log) = hub.salesWord(terminal, 0);
        uint128 expected = PayerLog.step(PayerLog.step(0, _digest(intents[0]), customer), _digest(intents[2]), customer);
        assertEq(uint256(log), uint256(expected), "the skipped item left no payer log step");
    }

    function test_RevertWhen_BatchEmpty() public {
        vm.expectRevert(IPaymentHub.PaymentHubBadBatch.selector);
        hub.settleBatch(new PaymentIntent[](0), new bytes[](0), new CustomerAuthorization[](0));
    }

    function test_RevertWhen_BatchSignaturesMissing() public {
        vm.expectRevert(IPaymentHub.PaymentHubBadBatch.selector);
        hub.settleBatch(new PaymentIntent[](2), new bytes[](1), new CustomerAuthorization[](2));
    }

    function test_RevertWhen_BatchAuthorizationsMissing() public {
        vm.expectRevert(IPaymentHub.PaymentHubBadBatch.selector);
        hub.settleBatch(new PaymentIntent[](2), new bytes[](2), new CustomerAuthorization[](1));
    }

    function test_Refund_PartsOfTheSaleWithinTheWindow() public {
        PaymentIntent memory intent = _settledSale(100e6);
        vm.expectEmit(true, true, true, true, address(hub));
        emit IPaymentHub.PaymentRefunded(_digest(intent), MERCHANT, customer, 40e6);
        _refund(MERCHANT, intent, customer, 40e6);
        vm.warp(intent.expiry + hub.refundWindow()); // the last second of the window
        _refund(MERCHANT, intent, customer, 59e6);
        assertEq(token.balanceOf(customer), 1_000_000e6 - 100e6 + 99e6, "refunded 99");
        assertEq(hub.refunded(_digest(intent)), 99e6, "recorded");
    }

    function test_RevertWhen_RefundBeyondTheSale() public {
        PaymentIntent memory intent = _settledSale(100e6);
        _refund(MERCHANT, intent, customer, 99e6);
        _expectRefundRefused(intent, MERCHANT, customer, 2e6); // 99 + 2 > 100
    }

    function test_RevertWhen_RefundToAnotherThanThePayer() public {
        PaymentIntent memory intent = _settledSale(100e6);
        _expectRefundRefused(intent, MERCHANT, MERCHANT, 1e6);
    }

    function test_RevertWhen_RefundToZeroPayer() public {
        PaymentIntent memory intent = _settledSale(100e6);
        _expectRefundRefused(intent, MERCHANT, address(0), 1e6);
    }

    function test_RevertWhen_RefundZero() public {
        PaymentIntent memory intent = _settledSale(100e6);
        _expectRefundRefused(intent, MERCHANT, customer, 0);
    }

    function test_RevertWhen_RefundByAnotherThanTheMerchant() public {
        PaymentIntent memory intent = _settledSale(100e6);
        _expectRefundRefused(intent, address(this), customer, 1e6);
    }

    function test_RevertWhen_RefundUnsettledSale() public {
        PaymentIntent memory unsettled = _intent(5e6);
        _expectRefundRefused(unsettled, MERCHANT, customer, 1e6);
    }

    function test_RevertWhen_RefundAfterTheWindow() public {
        PaymentIntent memory intent = _settledSale(100e6);
        vm.warp(intent.expiry + hub.refundWindow() + 1);
        _expectRefundRefused(intent, MERCHANT, customer, 1e6);
    }

    function test_PayWithPermit_PullsWithAllowance() public {
        PaymentIntent memory intent = _intent(50e6);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(50e6, deadline);
        // a front-runner spends the permit first: the payment still goes through
        token.permit(customer, address(hub), 50e6, deadline, v, r, s);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        vm.prank(customer);
        hub.payWithPermit(intent, sig, deadline, v, r, s);
        _note(intent, customer);
        assertEq(token.balanceOf(MERCHANT), 50e6 * 99 / 100, "merchant paid");
        // a permit leaves no EIP-3009 trace; the payer log has the payer (the sender) for refunds
        vm.prank(MERCHANT);
        token.approve(address(hub), 10e6);
        _refund(MERCHANT, intent, customer, 10e6);
        assertEq(hub.refunded(_digest(intent)), 10e6, "refunded");
    }

    function test_RevertWhen_PayWithPermitTwice() public {
        PaymentIntent memory intent = _intent(50e6);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(50e6, deadline);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        vm.prank(customer);
        hub.payWithPermit(intent, sig, deadline, v, r, s);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubAlreadySettled.selector, _digest(intent)));
        vm.prank(customer);
        hub.payWithPermit(intent, sig, deadline, v, r, s);
    }

    function testFuzz_FeeAndNetSumToAmount(uint256 amount, uint16 bps) public {
        amount = bound(amount, 1, 1_000_000e6);
        bps = uint16(bound(bps, 0, 1000));
        vm.prank(OWNER);
        hub.setFee(bps, TREASURY);
        PaymentIntent memory intent = _intent(amount);
        hub.settle(intent, _signIntent(TERMINAL_KEY, intent), _auth(intent));
        assertEq(token.balanceOf(MERCHANT) + token.balanceOf(TREASURY), amount, "nothing created or lost");
        assertEq(token.balanceOf(TREASURY), amount * bps / 10_000, "fee");
    }
}
