// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IPaymentHub} from "../../src/payments/interfaces/IPaymentHub.sol";
import {CustomerAuthorization, PaymentIntent} from "../../src/core/libraries/EdgeMessages.sol";
import {PayerLog} from "../utils/PayerLog.sol";
import {BlockingStablecoin, RevertingToken} from "../mocks/HostileTokens.sol";
import {PaymentFixture} from "./PaymentHub.t.sol";

/// @notice Issue 15 rows 11, 12 and 14: the hub against a hostile relayer and hostile users.
contract PaymentHubHostileTest is PaymentFixture {
    function setUp() public {
        _deployHub();
    }

    function _batch(PaymentIntent[] memory intents)
        internal
        view
        returns (bytes[] memory sigs, CustomerAuthorization[] memory auths)
    {
        sigs = new bytes[](intents.length);
        auths = new CustomerAuthorization[](intents.length);
        for (uint256 i; i < intents.length; ++i) {
            sigs[i] = _signIntent(TERMINAL_KEY, intents[i]);
            auths[i] = _auth(intents[i]);
        }
    }

    /// @dev Row 11: the relayer sends a terminal's pending sales in reverse order; all of them settle.
    function test_SettleBatch_AnyOrderOfSequences() public {
        PaymentIntent[] memory intents = new PaymentIntent[](3);
        for (uint256 i; i < 3; ++i) intents[2 - i] = _intent(1e6);
        (bytes[] memory sigs, CustomerAuthorization[] memory auths) = _batch(intents);
        assertEq(hub.settleBatch(intents, sigs, auths), 3, "all three, last first");
    }

    /// @dev Row 12: a token address without code reverted the whole batch (try/catch does not catch it).
    function test_SettleBatch_SkipsTokenWithoutCode() public {
        PaymentIntent[] memory intents = new PaymentIntent[](2);
        intents[0] = _intent(1e6);
        intents[0].token = address(0xC0DE1E55);
        intents[1] = _intent(2e6);
        (bytes[] memory sigs, CustomerAuthorization[] memory auths) = _batch(intents);
        vm.expectEmit(false, true, false, true, address(hub));
        emit IPaymentHub.PaymentSkipped(0, _digest(intents[0]), IPaymentHub.PaymentHubAuthorizationFailed.selector);
        assertEq(hub.settleBatch(intents, sigs, auths), 1, "the good one");
        assertFalse(hub.isSettled(terminal, intents[0].sequence), "no trace of the bad one");
        assertEq(token.balanceOf(MERCHANT), 2e6 * 99 / 100, "the good one paid");
    }

    /// @dev Row 12: an amount near 2^256 overflowed `amount * feeBps` and reverted the whole batch.
    function test_SettleBatch_SkipsAmountAboveMax() public {
        PaymentIntent[] memory intents = new PaymentIntent[](2);
        intents[0] = _intent(type(uint256).max / 2);
        intents[1] = _intent(2e6);
        (bytes[] memory sigs, CustomerAuthorization[] memory auths) = _batch(intents);
        vm.expectEmit(false, true, false, true, address(hub));
        emit IPaymentHub.PaymentSkipped(0, _digest(intents[0]), IPaymentHub.PaymentHubAmountTooLarge.selector);
        assertEq(hub.settleBatch(intents, sigs, auths), 1, "the good one");
    }

    function test_SettleBatch_SkipsTokenWhosePullReverts() public {
        PaymentIntent[] memory intents = new PaymentIntent[](2);
        intents[0] = _intent(1e6);
        intents[0].token = address(new RevertingToken());
        intents[1] = _intent(2e6);
        (bytes[] memory sigs, CustomerAuthorization[] memory auths) = _batch(intents);
        assertEq(hub.settleBatch(intents, sigs, auths), 1, "the good one");
        (, uint128 log) = hub.salesWord(terminal, 0);
        assertEq(uint256(log), uint256(PayerLog.step(0, _digest(intents[1]), customer)), "only the good one logged");
    }

    /// @dev Row 12: a merchant the token blocks (a blacklist) made the run's payout, hence the batch, revert; now
    /// the payout is kept for the merchant and the other merchant's sales settle and are paid.
    function test_SettleBatch_KeepsAPayoutTheTokenRefuses() public {
        BlockingStablecoin busd = new BlockingStablecoin(address(this));
        busd.mint(customer, 100e6);
        busd.setBlocked(MERCHANT, true);
        address otherMerchant = address(0x0B22);
        uint256 otherKey = 0x7E43;
        _register(otherMerchant, otherKey, 2);
        PaymentIntent[] memory intents = new PaymentIntent[](2);
        intents[0] = _intent(10e6);
        intents[0].token = address(busd);
        intents[1] = _intent(5e6);
        intents[1].terminal = vm.addr(otherKey);
        intents[1].merchant = otherMerchant;
        bytes[] memory sigs = new bytes[](2);
        CustomerAuthorization[] memory auths = new CustomerAuthorization[](2);
        sigs[0] = _signIntent(TERMINAL_KEY, intents[0]);
        sigs[1] = _signIntent(otherKey, intents[1]);
        auths[0] = _authorizeOn(busd, CUSTOMER_KEY, address(hub), 10e6, _digest(intents[0]), block.timestamp + 1 hours);
        auths[1] = _auth(intents[1]);
        vm.expectEmit(true, true, false, true, address(hub));
        emit IPaymentHub.PayoutKept(address(busd), MERCHANT, 10e6 * 99 / 100);
        assertEq(hub.settleBatch(intents, sigs, auths), 2, "both settled");
        assertEq(token.balanceOf(otherMerchant), 5e6 * 99 / 100, "the other merchant paid");
        assertEq(hub.unpaid(address(busd), MERCHANT), 10e6 * 99 / 100, "kept for the blocked merchant");
        assertEq(busd.balanceOf(TREASURY), 10e6 / 100, "the treasury's fee paid");
        // the merchant takes it to an account the token does not block
        vm.expectEmit(true, true, false, true, address(hub));
        emit IPaymentHub.UnpaidWithdrawn(address(busd), MERCHANT, address(0x5AFE), 10e6 * 99 / 100);
        vm.prank(MERCHANT);
        assertEq(hub.withdrawUnpaid(address(busd), address(0x5AFE)), 10e6 * 99 / 100, "withdrawn");
        assertEq(busd.balanceOf(address(0x5AFE)), 10e6 * 99 / 100, "received");
        assertEq(hub.unpaid(address(busd), MERCHANT), 0, "nothing left");
    }

    function test_RevertWhen_WithdrawUnpaidNothing() public {
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentHub.PaymentHubNothingUnpaid.selector, address(token), MERCHANT)
        );
        vm.prank(MERCHANT);
        hub.withdrawUnpaid(address(token), MERCHANT);
    }

    /// @dev Row 14: a non-payer cancels an EIP-3009 authorization with the digest as nonce, so the token's
    /// authorizationState(attacker, digest) is true; the refund to him passed. The payer log refuses it.
    function test_RevertWhen_RefundToWhoCancelledTheDigestNonce() public {
        PaymentIntent memory intent = _intent(100e6);
        _settle(intent);
        uint256 attackerKey = 0xA77AC;
        address attacker = vm.addr(attackerKey);
        bytes32 digest = _digest(intent);
        bytes32 structHash = keccak256(abi.encode(token.CANCEL_AUTHORIZATION_TYPEHASH(), attacker, digest));
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(attackerKey, keccak256(abi.encodePacked(hex"1901", token.DOMAIN_SEPARATOR(), structHash)));
        token.cancelAuthorization(attacker, digest, v, r, s);
        assertTrue(token.authorizationState(attacker, digest), "the token says 'used' for the attacker");
        vm.prank(MERCHANT);
        token.approve(address(hub), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubRefundRefused.selector, digest));
        vm.prank(MERCHANT);
        hub.refund(intent, attacker, 1e6, 0, new IPaymentHub.SaleRecord[](0));
        _refund(MERCHANT, intent, customer, 1e6); // the real payer still gets it
        assertEq(hub.refunded(digest), 1e6, "refunded to the payer");
    }

    /// @dev A refund of an early sale of a word proves the payer through the later sales of the word; a call built
    /// before another sale of the word settled fails and is built again.
    function test_Refund_ThroughLaterSalesOfTheWord() public {
        PaymentIntent memory first = _intent(10e6);
        _settle(first);
        (uint128 logBefore, IPaymentHub.SaleRecord[] memory stale) =
            PayerLog.proof(book, terminal, first.sequence, _digest(first));
        for (uint256 i; i < 3; ++i) _settle(_intent(1e6));
        vm.prank(MERCHANT);
        token.approve(address(hub), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IPaymentHub.PaymentHubRefundRefused.selector, _digest(first)));
        vm.prank(MERCHANT);
        hub.refund(first, customer, 1e6, logBefore, stale);
        _refund(MERCHANT, first, customer, 1e6);
        assertEq(hub.refunded(_digest(first)), 1e6, "refunded");
    }

    /// @dev The payer log of a word starts afresh: sequence 128 is the first of word 1.
    function test_SalesWord_SplitsSequencesBy128() public {
        nextSequence = 127;
        PaymentIntent memory last = _intent(1e6);
        PaymentIntent memory next = _intent(1e6);
        _settle(last);
        _settle(next);
        (uint128 bits0,) = hub.salesWord(terminal, 0);
        (uint128 bits1, uint128 log1) = hub.salesWord(terminal, 1);
        assertEq(uint256(bits0), uint256(1) << 127, "127 is word 0's last bit");
        assertEq(uint256(bits1), 1, "128 is word 1's first bit");
        assertEq(uint256(log1), uint256(PayerLog.step(0, _digest(next), customer)), "word 1's own log");
        vm.prank(MERCHANT);
        token.approve(address(hub), 1);
        _refund(MERCHANT, last, customer, 1); // through word 0 alone
    }

    /// @dev Kinds of bad item a hostile relayer (or a bad customer) can put in a batch.
    function _item(uint256 kind, RevertingToken reverting) internal returns (PaymentIntent memory intent, bytes memory sig, CustomerAuthorization memory auth) {
        intent = _intent(1e6 + kind);
        if (kind == 1) intent.token = address(0xC0DE1E55); // no code
        if (kind == 2) intent.amount = type(uint256).max - kind; // overflows amount * fee
        if (kind == 3) intent.token = address(reverting); // pull reverts
        if (kind == 4) intent.merchant = address(0xBAD); // not the terminal's owner
        if (kind == 5) intent.amount = 0;
        if (kind == 6) intent.expiry = uint64(block.timestamp - 1);
        sig = _signIntent(kind == 7 ? CUSTOMER_KEY : TERMINAL_KEY, intent); // 7: forged terminal signature
        auth = _auth(intent);
        if (kind == 8) auth.s = bytes32(uint256(auth.s) ^ 1); // broken customer signature
        if (kind == 9) auth = _authorize(CUSTOMER_KEY, address(hub), 1, _digest(intent), block.timestamp + 1 hours);
    }

    /// @notice For any batch of good and bad items in any order, settleBatch does not revert and settles exactly
    /// the good ones (a good item repeated in the batch settles once).
    function testFuzz_SettleBatch_SettlesExactlyTheGoodItems(uint256 seed, uint256 count) public {
        uint256 n = bound(count, 1, 12);
        RevertingToken reverting = new RevertingToken();
        PaymentIntent[] memory intents = new PaymentIntent[](n);
        bytes[] memory sigs = new bytes[](n);
        CustomerAuthorization[] memory auths = new CustomerAuthorization[](n);
        bool[] memory good = new bool[](n);
        uint256 goodCount;
        for (uint256 i; i < n; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 kind = r % 11; // 0 and 10 good; 10 repeats an earlier item (a replay in the batch)
            if (kind == 10 && i > 0) {
                uint256 j = (r >> 8) % i;
                (intents[i], sigs[i], auths[i]) = (intents[j], sigs[j], auths[j]);
                continue;
            }
            (intents[i], sigs[i], auths[i]) = _item(kind == 10 ? 0 : kind, reverting);
            good[i] = kind == 0 || kind == 10;
            if (good[i]) ++goodCount;
        }
        // the relayer also shuffles: swap pairs by the seed
        for (uint256 i = n; i > 1; --i) {
            uint256 j = uint256(keccak256(abi.encode(seed, "shuffle", i))) % i;
            (intents[i - 1], intents[j]) = (intents[j], intents[i - 1]);
            (sigs[i - 1], sigs[j]) = (sigs[j], sigs[i - 1]);
            (auths[i - 1], auths[j]) = (auths[j], auths[i - 1]);
            (good[i - 1], good[j]) = (good[j], good[i - 1]);
        }
        uint256 merchantBefore = token.balanceOf(MERCHANT);
        uint256 settled = hub.settleBatch(intents, sigs, auths);
        assertEq(settled, goodCount, "exactly the good ones");
        uint256 paid;
        for (uint256 i; i < n; ++i) {
            if (good[i]) {
                assertTrue(hub.isSettled(terminal, intents[i].sequence), "a good item settled");
                paid += intents[i].amount - intents[i].amount / 100;
            } else if (intents[i].sequence != 0) {
                // a bad item's own sequence, unless it is a copy of a good one, stays unsettled
                bool copyOfGood;
                for (uint256 k; k < n; ++k) {
                    if (good[k] && intents[k].sequence == intents[i].sequence) copyOfGood = true;
                }
                if (!copyOfGood) assertFalse(hub.isSettled(terminal, intents[i].sequence), "a bad item left a trace");
            }
        }
        assertEq(token.balanceOf(MERCHANT) - merchantBefore, paid, "the merchant got the good ones, net of fee");
        assertEq(token.balanceOf(address(hub)), 0, "the hub holds nothing");
    }
}
