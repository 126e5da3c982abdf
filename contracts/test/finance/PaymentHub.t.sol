// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ConstantProductPair} from "../../src/ConstantProductPair.sol";
import {PaymentHub} from "../../src/PaymentHub.sol";
import {TestStablecoin} from "../../src/TestStablecoin.sol";
import {IPaymentHub} from "../../src/interfaces/IPaymentHub.sol";
import {DeviceRoles} from "../../src/libraries/DeviceRoles.sol";
import {CustomerAuthorization, EdgeMessages, PaymentIntent} from "../../src/libraries/EdgeMessages.sol";
import {EdgeTest} from "../utils/EdgeTest.sol";

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

    function _deployHub() internal {
        _deployBase();
        hub = new PaymentHub(address(registry), OWNER, TREASURY, 100); // 1%
        terminal = vm.addr(TERMINAL_KEY);
        customer = vm.addr(CUSTOMER_KEY);
        _register(MERCHANT, terminal, DeviceRoles.TERMINAL);
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
}

contract PaymentHubTest is PaymentFixture {
    function setUp() public {
        _deployHub();
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
        assertEq(uint256(hub.lastSequence(terminal)), 1, "sequence advanced");
    }

    function test_RevertWhen_SettleTwice() public {
        PaymentIntent memory intent = _intent(100e6);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        CustomerAuthorization memory auth = _auth(intent);
        hub.settle(intent, sig, auth);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubAlreadySettled.selector, _digest(intent)));
        hub.settle(intent, sig, auth);
    }

    function test_RevertWhen_SettleInvalid() public {
        PaymentIntent memory intent = _intent(100e6);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        CustomerAuthorization memory auth = _auth(intent);
        bytes memory wrongSig = _signIntent(CUSTOMER_KEY, intent);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubBadSignature.selector, terminal));
        hub.settle(intent, wrongSig, auth);
        vm.warp(block.timestamp + 6 minutes);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubIntentExpired.selector, intent.expiry));
        hub.settle(intent, sig, auth);
        PaymentIntent memory wrongMerchant = _intent(1e6);
        wrongMerchant.merchant = address(0xBAD);
        sig = _signIntent(TERMINAL_KEY, wrongMerchant);
        auth = _auth(wrongMerchant);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentHub.PaymentHubMerchantMismatch.selector, address(0xBAD), MERCHANT)
        );
        hub.settle(wrongMerchant, sig, auth);
        PaymentIntent memory zero = _intent(0);
        sig = _signIntent(TERMINAL_KEY, zero);
        auth = _auth(zero);
        vm.expectRevert(IPaymentHub.PaymentHubZeroAmount.selector);
        hub.settle(zero, sig, auth);
        PaymentIntent memory fromSensor = _intent(1e6);
        fromSensor.terminal = vm.addr(0x5E05);
        _register(MERCHANT, fromSensor.terminal, DeviceRoles.SENSOR);
        sig = _signIntent(0x5E05, fromSensor);
        auth = _auth(fromSensor);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubNotTerminal.selector, fromSensor.terminal));
        hub.settle(fromSensor, sig, auth);
    }

    function test_RevertWhen_SequenceNotAbove() public {
        PaymentIntent memory a = _intent(1e6);
        PaymentIntent memory b = _intent(1e6);
        hub.settle(b, _signIntent(TERMINAL_KEY, b), _auth(b));
        bytes memory sig = _signIntent(TERMINAL_KEY, a);
        CustomerAuthorization memory auth = _auth(a);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubSequenceReplayed.selector, terminal, 1, 2));
        hub.settle(a, sig, auth);
    }

    function test_RevertWhen_CustomerAuthorizationForAnotherAmount() public {
        PaymentIntent memory intent = _intent(100e6);
        CustomerAuthorization memory auth =
            _authorize(CUSTOMER_KEY, address(hub), 1e6, _digest(intent), block.timestamp + 1 hours);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        vm.expectRevert();
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
        assertEq(uint256(hub.lastSequence(terminal)), 3, "sequence of the last good item");
    }

    function test_RevertWhen_BatchMalformed() public {
        vm.expectRevert(IPaymentHub.PaymentHubBadBatch.selector);
        hub.settleBatch(new PaymentIntent[](0), new bytes[](0), new CustomerAuthorization[](0));
        vm.expectRevert(IPaymentHub.PaymentHubBadBatch.selector);
        hub.settleBatch(new PaymentIntent[](1), new bytes[](2), new CustomerAuthorization[](1));
    }

    function test_Refund_WithinWindowReturnsToPayer() public {
        PaymentIntent memory intent = _intent(100e6);
        hub.settle(intent, _signIntent(TERMINAL_KEY, intent), _auth(intent));
        vm.startPrank(MERCHANT);
        token.approve(address(hub), type(uint256).max);
        hub.refund(intent, customer, 40e6);
        hub.refund(intent, customer, 59e6);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubRefundRefused.selector, _digest(intent)));
        hub.refund(intent, customer, 2e6); // 99 + 2 > 100
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubRefundRefused.selector, _digest(intent)));
        hub.refund(intent, MERCHANT, 1e6); // not the payer
        vm.stopPrank();
        assertEq(token.balanceOf(customer), 1_000_000e6 - 100e6 + 99e6, "refunded 99");
        assertEq(hub.refunded(_digest(intent)), 99e6, "recorded");
    }

    function test_RevertWhen_RefundByOtherOrLate() public {
        PaymentIntent memory intent = _intent(100e6);
        hub.settle(intent, _signIntent(TERMINAL_KEY, intent), _auth(intent));
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubRefundRefused.selector, _digest(intent)));
        hub.refund(intent, customer, 1e6);
        PaymentIntent memory unsettled = _intent(5e6);
        vm.prank(MERCHANT);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubRefundRefused.selector, _digest(unsettled)));
        hub.refund(unsettled, customer, 1e6);
        vm.warp(block.timestamp + 31 days);
        vm.prank(MERCHANT);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubRefundRefused.selector, _digest(intent)));
        hub.refund(intent, customer, 1e6);
    }

    function test_PayWithPermit_PullsWithAllowance() public {
        PaymentIntent memory intent = _intent(50e6);
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                customer,
                address(hub),
                50e6,
                token.nonces(customer),
                deadline
            )
        );
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(CUSTOMER_KEY, EdgeMessages.toTypedDataHash(token.DOMAIN_SEPARATOR(), structHash));
        // a front-runner spends the permit first: the payment still goes through
        token.permit(customer, address(hub), 50e6, deadline, v, r, s);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        vm.prank(customer);
        hub.payWithPermit(intent, sig, deadline, v, r, s);
        assertEq(token.balanceOf(MERCHANT), 50e6 * 99 / 100, "merchant paid");
        // a permit leaves no EIP-3009 trace, so the hub kept the payer for refunds
        vm.startPrank(MERCHANT);
        token.approve(address(hub), 10e6);
        hub.refund(intent, customer, 10e6);
        vm.stopPrank();
        assertEq(hub.refunded(_digest(intent)), 10e6, "refunded");
    }

    function test_SetFee_OwnerOnlyAndBounded() public {
        vm.prank(OWNER);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubBadFee.selector, uint16(1001)));
        hub.setFee(1001, TREASURY);
        vm.expectRevert();
        hub.setFee(10, TREASURY);
        vm.prank(OWNER);
        hub.setFee(25, TREASURY);
        (uint16 bps,) = hub.fee();
        assertEq(uint256(bps), 25, "fee set");
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

contract CrossBorderTest is PaymentFixture {
    TestStablecoin internal eur;
    ConstantProductPair internal pair;

    function setUp() public {
        _deployHub();
        eur = new TestStablecoin(address(this));
        pair = new ConstantProductPair(address(token), address(eur));
        token.mint(address(this), 1_100_000e6);
        eur.mint(address(this), 1_000_000e6);
        token.approve(address(pair), type(uint256).max);
        eur.approve(address(pair), type(uint256).max);
        (address t0,) = pair.tokens();
        if (t0 == address(token)) pair.addLiquidity(1_100_000e6, 1_000_000e6, 0, address(this), block.timestamp);
        else pair.addLiquidity(1_000_000e6, 1_100_000e6, 0, address(this), block.timestamp);
        vm.prank(OWNER);
        hub.setPair(address(token), address(eur), address(pair));
    }

    function _eurIntent(uint256 amount) internal returns (PaymentIntent memory intent) {
        intent = _intent(amount);
        intent.token = address(eur);
    }

    function _crossAuth(PaymentIntent memory intent, uint256 maxInput)
        internal
        view
        returns (IPaymentHub.CrossBorderAuthorization memory a)
    {
        CustomerAuthorization memory c =
            _authorize(CUSTOMER_KEY, address(hub), maxInput, _digest(intent), block.timestamp + 1 hours);
        a = IPaymentHub.CrossBorderAuthorization(
            c.from, address(token), maxInput, c.validAfter, c.validBefore, c.v, c.r, c.s
        );
    }

    function test_SettleCrossBorder_PaysEuroAndReturnsUnusedDollars() public {
        PaymentIntent memory intent = _eurIntent(100e6);
        uint256 quote = pair.quoteExactOut(address(token), 100e6);
        hub.settleCrossBorder(intent, _signIntent(TERMINAL_KEY, intent), _crossAuth(intent, 120e6));
        assertEq(eur.balanceOf(MERCHANT), 99e6, "merchant got euros net of fee");
        assertEq(eur.balanceOf(TREASURY), 1e6, "fee in euros");
        assertEq(token.balanceOf(customer), 1_000_000e6 - quote, "customer paid only the swap's input");
        assertEq(token.balanceOf(address(hub)) + eur.balanceOf(address(hub)), 0, "hub keeps nothing");
    }

    function test_RevertWhen_CrossBorderInputAboveSignedMax() public {
        PaymentIntent memory intent = _eurIntent(100e6);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        IPaymentHub.CrossBorderAuthorization memory a = _crossAuth(intent, 105e6);
        vm.expectRevert();
        hub.settleCrossBorder(intent, sig, a); // needs ~110.4 USD
        a.maxInput = 200e6; // the relayer raises the max: the customer's signature no longer matches
        vm.expectRevert();
        hub.settleCrossBorder(intent, sig, a);
        assertEq(token.balanceOf(customer), 1_000_000e6, "nothing taken");
    }

    function test_RevertWhen_NoPair() public {
        vm.prank(OWNER);
        hub.setPair(address(token), address(eur), address(0));
        PaymentIntent memory intent = _eurIntent(100e6);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        IPaymentHub.CrossBorderAuthorization memory a = _crossAuth(intent, 120e6);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubNoPair.selector, address(token), address(eur)));
        hub.settleCrossBorder(intent, sig, a);
    }
}
