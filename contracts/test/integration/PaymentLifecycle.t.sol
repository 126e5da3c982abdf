// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ConstantProductPair} from "../../src/trading/ConstantProductPair.sol";
import {TestEuro} from "../../src/mocks/TestEuro.sol";
import {IPaymentHub} from "../../src/payments/interfaces/IPaymentHub.sol";
import {CustomerAuthorization, PaymentIntent} from "../../src/core/libraries/EdgeMessages.sol";
import {PaymentFixture} from "../payments/PaymentHub.t.sol";
import {PayerLog} from "../utils/PayerLog.sol";
import {PairLiquidity} from "../utils/PairLiquidity.sol";

/// @notice A shop's day on the payment hub: a relayer settles a sale, then a batch in which one customer's
/// authorization is broken (the terminal re-issues that sale), a tourist pays in euros through the exchange, the
/// merchant refunds part of a sale within the window and is refused after it; every unit is accounted for.
contract PaymentLifecycleTest is PaymentFixture {
    address internal constant RELAYER = address(0x6A7E);
    uint256 internal constant TOURIST_KEY = 0x70A1;
    TestEuro internal eur;
    ConstantProductPair internal pair;

    function setUp() public {
        _deployHub(); // a 1% fee to the treasury; the customer holds 1,000,000 tUSD
        eur = new TestEuro(address(this));
        pair = new ConstantProductPair(address(token), address(eur));
        PairLiquidity.seed(pair, token, eur, 1_100_000e6, 1_000_000e6); // 1 EUR = 1.10 USD
        vm.prank(OWNER);
        hub.setPair(address(token), address(eur), address(pair));
        eur.mint(vm.addr(TOURIST_KEY), 500e6);
        // the keeper's TWAP upkeep: the pair records its first observation, which cross-border payments read
        vm.warp(block.timestamp + 1);
        pair.poke();
    }

    function _settle(PaymentIntent memory intent) internal override {
        bytes memory sig = _signIntent(TERMINAL_KEY, intent);
        CustomerAuthorization memory auth = _auth(intent);
        vm.prank(RELAYER);
        hub.settle(intent, sig, auth);
        _note(intent, customer);
    }

    function test_Lifecycle_SalesBatchCrossBorderAndRefunds() public {
        // 08:00 a coffee, settled on its own
        PaymentIntent memory coffee = _intent(4e6);
        _settle(coffee);

        // 12:00 the lunch rush goes out as one batch; the second customer's authorization is broken
        vm.warp(block.timestamp + 4 hours);
        PaymentIntent[] memory lunch = new PaymentIntent[](3);
        bytes[] memory sigs = new bytes[](3);
        CustomerAuthorization[] memory auths = new CustomerAuthorization[](3);
        for (uint256 i; i < 3; ++i) {
            lunch[i] = _intent(20e6);
            sigs[i] = _signIntent(TERMINAL_KEY, lunch[i]);
            auths[i] = _auth(lunch[i]);
        }
        auths[1].v ^= 1; // the wallet sent a bad signature
        vm.prank(RELAYER);
        assertEq(hub.settleBatch(lunch, sigs, auths), 2, "two of three settled");
        _note(lunch[0], customer);
        _note(lunch[2], customer);
        assertFalse(hub.isSettled(terminal, lunch[1].sequence), "the broken one left no record");
        // the terminal re-issues the sale (since issue 15 the skipped intent itself could also be relayed again
        // with a fresh authorization: there is no ordering rule)
        PaymentIntent memory reissued = _intent(20e6);
        _settle(reissued);

        // 15:00 a tourist pays a 50 tUSD bill from euros; the hub swaps exactly 50 tUSD and returns the rest
        vm.warp(block.timestamp + 3 hours);
        address tourist = vm.addr(TOURIST_KEY);
        PaymentIntent memory bill = _intent(50e6);
        uint256 eurNeeded = pair.quoteExactOut(address(eur), 50e6);
        // the tourist signs at most 60 EUR on the euro token's own domain, nonce = the bill's digest
        CustomerAuthorization memory c =
            _authorizeOn(eur, TOURIST_KEY, address(hub), 60e6, _digest(bill), block.timestamp + 1 hours);
        IPaymentHub.CrossBorderAuthorization memory a = IPaymentHub.CrossBorderAuthorization(
            tourist, address(eur), 60e6, c.validAfter, c.validBefore, c.v, c.r, c.s
        );
        vm.prank(RELAYER);
        hub.settleCrossBorder(bill, _signIntent(TERMINAL_KEY, bill), a);
        _note(bill, tourist);
        assertEq(eur.balanceOf(tourist), 500e6 - eurNeeded, "the tourist paid only what the swap took");

        // the customer brings one lunch back: half of it is refunded
        vm.prank(MERCHANT);
        token.approve(address(hub), type(uint256).max);
        _refund(MERCHANT, lunch[0], customer, 10e6);

        // a month later the window has closed on the coffee
        vm.warp(coffee.expiry + hub.refundWindow() + 1);
        _expectLateRefundRefused(coffee);

        // the books: 4 + 20 + 20 + 20 + 50 = 114 sold, 1% to the treasury, 10 refunded by the merchant
        uint256 sold = 114e6;
        assertEq(token.balanceOf(TREASURY), sold / 100, "fees");
        assertEq(token.balanceOf(MERCHANT), sold - sold / 100 - 10e6, "merchant net of fees and the refund");
        assertEq(token.balanceOf(customer), 1_000_000e6 - 64e6 + 10e6, "the customer paid four sales, got 10 back");
        assertEq(token.balanceOf(address(hub)) + eur.balanceOf(address(hub)), 0, "the hub holds nothing");
    }

    /// @dev The merchant refunds 1 tUSD of `sale` with a valid payer proof after the window: refused.
    function _expectLateRefundRefused(PaymentIntent memory sale) internal {
        (uint128 logBefore, IPaymentHub.SaleRecord[] memory later) =
            PayerLog.proof(book, terminal, sale.sequence, _digest(sale));
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubRefundRefused.selector, _digest(sale)));
        vm.prank(MERCHANT);
        hub.refund(sale, customer, 1e6, logBefore, later);
    }
}
