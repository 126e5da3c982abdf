// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PaymentHub} from "../../src/payments/PaymentHub.sol";
import {IPaymentHub} from "../../src/payments/interfaces/IPaymentHub.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {CustomerAuthorization, EdgeMessages, PaymentIntent} from "../../src/core/libraries/EdgeMessages.sol";
import {EdgeTest} from "../utils/EdgeTest.sol";

/// @notice A café's tap-to-pay: the merchant registers a terminal, a customer taps twice, a relayer settles; a
/// replayed or forged submission moves no money.
contract SaleTest is EdgeTest {
    PaymentHub internal hub;

    uint256 internal constant TERMINAL_KEY = 0x7E42;
    uint256 internal constant CUSTOMER_KEY = 0xC0FFEE;
    address internal terminal;
    address internal customer;
    address internal constant MERCHANT = address(0xCAFE);
    address internal constant RELAYER = address(0x6A7E);
    address internal constant THIEF = address(0x7E1F);

    function setUp() public {
        _deployBase();
        hub = new PaymentHub(address(registry), address(this), address(this), 0);
        terminal = vm.addr(TERMINAL_KEY);
        customer = vm.addr(CUSTOMER_KEY);
        _register(MERCHANT, TERMINAL_KEY, DeviceRoles.TERMINAL);
        token.mint(customer, 50e6);
    }

    /// @dev What the terminal signs for a sale of `amount` with receipt number `receipt`.
    function _intent(uint64 sequence, bytes32 prevHash, uint256 amount, string memory receipt)
        internal
        view
        returns (PaymentIntent memory)
    {
        return PaymentIntent({
            terminal: terminal,
            merchant: MERCHANT,
            token: address(token),
            amount: amount,
            expiry: uint64(block.timestamp + 2 minutes),
            orderRef: keccak256(bytes(receipt)),
            sequence: sequence,
            prevHash: prevHash
        });
    }

    /// @dev The customer's wallet signs ReceiveWithAuthorization(to = hub, value = amount, nonce = digest).
    function _tap(PaymentIntent memory intent) internal view returns (CustomerAuthorization memory) {
        bytes32 digest = registry.hashTypedData(EdgeMessages.hash(intent));
        return _authorize(CUSTOMER_KEY, address(hub), intent.amount, digest, block.timestamp + 10 minutes);
    }

    function test_Sale_PaysMerchantAndRefusesReplayAndForgery() public {
        // First coffee: 3.80 tUSD.
        PaymentIntent memory first = _intent(1, bytes32(0), 3_800_000, "R-0001");
        bytes memory firstSig = _signIntent(TERMINAL_KEY, first);
        CustomerAuthorization memory firstAuth = _tap(first);
        bytes32 firstDigest = hub.intentDigest(first);

        vm.expectEmit(true, true, true, true, address(hub));
        emit IPaymentHub.PaymentSettled(
            firstDigest, MERCHANT, terminal, address(token), customer, 3_800_000, 0, first.orderRef
        );
        vm.prank(RELAYER);
        hub.settle(first, firstSig, firstAuth);
        assertEq(token.balanceOf(MERCHANT), 3_800_000, "merchant paid");

        // The relayer replays the same submission: refused with the "already settled" error, no money moves.
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubAlreadySettled.selector, firstDigest));
        vm.prank(RELAYER);
        hub.settle(first, firstSig, firstAuth);

        // Second sale, chained to the first: 12.50 tUSD.
        vm.warp(block.timestamp + 40 minutes);
        PaymentIntent memory second = _intent(2, firstDigest, 12_500_000, "R-0002");
        bytes memory secondSig = _signIntent(TERMINAL_KEY, second);
        CustomerAuthorization memory secondAuth = _tap(second);

        // A forger redirects the money to itself: the terminal signature no longer matches.
        PaymentIntent memory forged = _intent(2, firstDigest, 12_500_000, "R-0002");
        forged.merchant = THIEF;
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubBadSignature.selector, terminal));
        hub.settle(forged, secondSig, secondAuth);

        // A forger inflates the amount: also refused before any token call.
        forged = _intent(2, firstDigest, 40_000_000, "R-0002");
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubBadSignature.selector, terminal));
        hub.settle(forged, secondSig, secondAuth);

        vm.prank(RELAYER);
        hub.settle(second, secondSig, secondAuth);

        assertEq(token.balanceOf(MERCHANT), 16_300_000, "merchant paid for both");
        assertEq(token.balanceOf(customer), 50e6 - 16_300_000, "customer charged exactly twice");
        assertEq(token.balanceOf(THIEF), 0, "forger got nothing");
        assertTrue(hub.isSettled(terminal, 2), "second sale settled");
    }
}
