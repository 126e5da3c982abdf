// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

import {PaymentRouter} from "../../src/payments/PaymentRouter.sol";
import {IPaymentRouter} from "../../src/payments/interfaces/IPaymentRouter.sol";
import {ITestStablecoin} from "../../src/mocks/interfaces/ITestStablecoin.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {CustomerAuthorization, EdgeMessages, PaymentIntent} from "../../src/core/libraries/EdgeMessages.sol";
import {EdgeTest} from "../utils/EdgeTest.sol";

contract PaymentRouterTest is EdgeTest {
    PaymentRouter internal router;

    uint256 internal constant TERMINAL_KEY = 0x7E42;
    uint256 internal constant SENSOR_KEY = 0x5E05;
    uint256 internal constant CUSTOMER_KEY = 0xC0FFEE;
    address internal terminal;
    address internal sensor;
    address internal customer;
    address internal constant MERCHANT = address(0x3E7C);
    uint256 internal constant PRICE = 12_500_000; // 12.50 tUSD

    function setUp() public {
        _deployBase();
        router = new PaymentRouter(address(registry));
        terminal = vm.addr(TERMINAL_KEY);
        sensor = vm.addr(SENSOR_KEY);
        customer = vm.addr(CUSTOMER_KEY);
        _register(MERCHANT, TERMINAL_KEY, DeviceRoles.TERMINAL);
        _register(MERCHANT, SENSOR_KEY, DeviceRoles.SENSOR);
        token.mint(customer, 100e6);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    function _intent(uint64 sequence, uint256 amount) internal view returns (PaymentIntent memory) {
        return PaymentIntent({
            terminal: terminal,
            merchant: MERCHANT,
            token: address(token),
            amount: amount,
            expiry: uint64(block.timestamp + 5 minutes),
            orderRef: keccak256(abi.encode("receipt", sequence)),
            sequence: sequence,
            prevHash: bytes32(0)
        });
    }

    function _digest(PaymentIntent memory intent) internal view returns (bytes32) {
        return registry.hashTypedData(EdgeMessages.hash(intent));
    }

    /// @dev The customer's authorization for `intent`, valid for an hour.
    function _auth(PaymentIntent memory intent) internal view returns (CustomerAuthorization memory) {
        return _authorize(CUSTOMER_KEY, address(router), intent.amount, _digest(intent), block.timestamp + 1 hours);
    }

    function _settle(PaymentIntent memory intent) internal {
        router.settle(intent, _signIntent(TERMINAL_KEY, intent), _auth(intent));
    }

    function _expectSettleRevert(PaymentIntent memory intent, bytes memory sig, bytes memory revertData) internal {
        CustomerAuthorization memory auth = _auth(intent);
        vm.expectRevert(revertData);
        router.settle(intent, sig, auth);
    }

    // ---- construction and views ----------------------------------------------------------------------------------

    function test_Constructor_StoresRegistryAndDomain() public view {
        assertEq(router.registry(), address(registry), "registry");
        assertEq(router.domainSeparator(), registry.domainSeparator(), "same domain as the registry");
    }

    function test_RevertWhen_ConstructedWithForeignRegistry() public {
        address foreign = _expectForeignRegistryRefused();
        new PaymentRouter(foreign);
    }

    function test_IntentDigest_MatchesRegistry() public view {
        PaymentIntent memory intent = _intent(1, PRICE);
        assertEq(router.intentDigest(intent), _digest(intent), "digest");
    }

    // ---- settle --------------------------------------------------------------------------------------------------

    function test_Settle_PaysMerchantFromCustomer() public {
        _settle(_intent(1, PRICE));
        assertEq(token.balanceOf(MERCHANT), PRICE, "merchant paid");
        assertEq(token.balanceOf(customer), 100e6 - PRICE, "customer charged");
        assertEq(token.balanceOf(address(router)), 0, "router keeps nothing");
    }

    function test_Settle_MarksSettledAndAdvancesSequence() public {
        PaymentIntent memory intent = _intent(7, PRICE);
        bytes32 digest = _digest(intent);
        assertFalse(router.isSettled(digest), "not yet");

        _settle(intent);

        assertTrue(router.isSettled(digest), "settled");
        assertEq(uint256(router.lastSequence(terminal)), 7, "sequence");
        assertTrue(token.authorizationState(customer, digest), "customer nonce = intent digest, used");
    }

    function test_Settle_EmitsPaymentSettled() public {
        PaymentIntent memory intent = _intent(1, PRICE);
        vm.expectEmit(true, true, true, true, address(router));
        emit IPaymentRouter.PaymentSettled(
            _digest(intent), MERCHANT, terminal, address(token), customer, PRICE, intent.orderRef
        );
        _settle(intent);
    }

    function test_Settle_AnyoneMayRelay() public {
        PaymentIntent memory intent = _intent(1, PRICE);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        CustomerAuthorization memory auth = _auth(intent);
        vm.prank(address(0x6A7E));
        router.settle(intent, sig, auth);
        assertEq(token.balanceOf(MERCHANT), PRICE, "merchant paid");
    }

    function test_Settle_AtExpiry() public {
        PaymentIntent memory intent = _intent(1, PRICE);
        vm.warp(intent.expiry);
        _settle(intent);
        assertEq(token.balanceOf(MERCHANT), PRICE, "still valid at the expiry second");
    }

    function test_RevertWhen_SettleReplayed() public {
        PaymentIntent memory intent = _intent(1, PRICE);
        _settle(intent);
        _expectSettleRevert(
            intent,
            _signIntent(TERMINAL_KEY, intent),
            abi.encodeWithSelector(IPaymentRouter.PaymentRouterAlreadySettled.selector, _digest(intent))
        );
    }

    function test_RevertWhen_SettleSignedByAnotherKey() public {
        PaymentIntent memory intent = _intent(1, PRICE);
        _expectSettleRevert(
            intent,
            _signIntent(0xBAD, intent),
            abi.encodeWithSelector(IPaymentRouter.PaymentRouterBadSignature.selector, terminal)
        );
    }

    function test_RevertWhen_SettleHighS() public {
        PaymentIntent memory intent = _intent(1, PRICE);
        _expectSettleRevert(
            intent,
            _malleate(_signIntent(TERMINAL_KEY, intent)),
            abi.encodeWithSelector(IPaymentRouter.PaymentRouterBadSignature.selector, terminal)
        );
    }

    function test_RevertWhen_SettleSignatureEmpty() public {
        _expectSettleRevert(
            _intent(1, PRICE), "", abi.encodeWithSelector(IPaymentRouter.PaymentRouterBadSignature.selector, terminal)
        );
    }

    function test_RevertWhen_SettleUnregisteredTerminal() public {
        uint256 key = 0x0DD;
        PaymentIntent memory intent = _intent(1, PRICE);
        intent.terminal = vm.addr(key);
        _expectSettleRevert(
            intent,
            _signIntent(key, intent),
            abi.encodeWithSelector(IPaymentRouter.PaymentRouterUnknownDevice.selector, vm.addr(key))
        );
    }

    function test_RevertWhen_SettleRevokedTerminal() public {
        vm.prank(MERCHANT);
        registry.revokeDevice(terminal);
        PaymentIntent memory intent = _intent(1, PRICE);
        _expectSettleRevert(
            intent,
            _signIntent(TERMINAL_KEY, intent),
            abi.encodeWithSelector(IPaymentRouter.PaymentRouterUnknownDevice.selector, terminal)
        );
    }

    function test_RevertWhen_SettleSignedBySensor() public {
        PaymentIntent memory intent = _intent(1, PRICE);
        intent.terminal = sensor;
        _expectSettleRevert(
            intent,
            _signIntent(SENSOR_KEY, intent),
            abi.encodeWithSelector(IPaymentRouter.PaymentRouterWrongRole.selector, sensor, DeviceRoles.SENSOR)
        );
    }

    function test_RevertWhen_SettleForAnotherMerchant() public {
        PaymentIntent memory intent = _intent(1, PRICE);
        intent.merchant = address(0xE71);
        _expectSettleRevert(
            intent,
            _signIntent(TERMINAL_KEY, intent),
            abi.encodeWithSelector(IPaymentRouter.PaymentRouterMerchantMismatch.selector, address(0xE71), MERCHANT)
        );
    }

    function test_RevertWhen_SettleExpired() public {
        PaymentIntent memory intent = _intent(1, PRICE);
        vm.warp(intent.expiry + 1);
        _expectSettleRevert(
            intent,
            _signIntent(TERMINAL_KEY, intent),
            abi.encodeWithSelector(IPaymentRouter.PaymentRouterIntentExpired.selector, intent.expiry)
        );
    }

    function test_RevertWhen_SettleSequenceNotIncreasing() public {
        _settle(_intent(5, PRICE));
        PaymentIntent memory older = _intent(5, 1e6); // a different intent reusing sequence 5
        _expectSettleRevert(
            older,
            _signIntent(TERMINAL_KEY, older),
            abi.encodeWithSelector(IPaymentRouter.PaymentRouterSequenceReplayed.selector, terminal, 5, 5)
        );
    }

    function test_RevertWhen_SettleZeroAmount() public {
        PaymentIntent memory intent = _intent(1, 0);
        _expectSettleRevert(
            intent,
            _signIntent(TERMINAL_KEY, intent),
            abi.encodeWithSelector(IPaymentRouter.PaymentRouterZeroAmount.selector)
        );
    }

    function test_RevertWhen_SettleCustomerAuthorizedOtherIntent() public {
        PaymentIntent memory intent = _intent(1, PRICE);
        PaymentIntent memory other = _intent(2, PRICE);
        CustomerAuthorization memory auth = _auth(other); // nonce = the other intent's digest
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        vm.expectRevert(ITestStablecoin.TestStablecoinInvalidSignature.selector);
        router.settle(intent, sig, auth);
    }

    function test_RevertWhen_SettleCustomerAuthorizationExpired() public {
        PaymentIntent memory intent = _intent(1, PRICE);
        CustomerAuthorization memory auth =
            _authorize(CUSTOMER_KEY, address(router), PRICE, _digest(intent), block.timestamp);
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        vm.expectRevert(
            abi.encodeWithSelector(ITestStablecoin.TestStablecoinAuthorizationExpired.selector, block.timestamp)
        );
        router.settle(intent, sig, auth);
    }

    function test_RevertWhen_SettleFailsNothingIsMarked() public {
        PaymentIntent memory intent = _intent(1, 1000e6); // more than the customer holds
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        CustomerAuthorization memory auth = _auth(intent);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, customer, 100e6, 1000e6));
        router.settle(intent, sig, auth);
        assertFalse(router.isSettled(_digest(intent)), "a reverted settle leaves no mark");
        assertEq(uint256(router.lastSequence(terminal)), 0, "sequence unchanged");
    }

    // ---- fuzz ----------------------------------------------------------------------------------------------------

    function testFuzz_Settle_AnyCustomerKeyAndAmount(uint256 keySeed, uint256 amount, bytes32 orderRef) public {
        uint256 key = boundKey(keySeed);
        address payer = vm.addr(key);
        vm.assume(payer != MERCHANT && payer != customer);
        amount = bound(amount, 1, 1e18);
        token.mint(payer, amount);
        PaymentIntent memory intent = _intent(1, amount);
        intent.orderRef = orderRef;

        CustomerAuthorization memory auth =
            _authorize(key, address(router), amount, _digest(intent), block.timestamp + 1 hours);
        router.settle(intent, _signIntent(TERMINAL_KEY, intent), auth);

        assertEq(token.balanceOf(MERCHANT), amount, "merchant paid");
        assertEq(token.balanceOf(payer), 0, "payer charged");
    }
}
