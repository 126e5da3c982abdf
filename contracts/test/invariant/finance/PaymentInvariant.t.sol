// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PaymentHub} from "../../../src/payments/PaymentHub.sol";
import {TestStablecoin} from "../../../src/mocks/TestStablecoin.sol";
import {DeviceRegistry} from "../../../src/core/DeviceRegistry.sol";
import {IPaymentHub} from "../../../src/payments/interfaces/IPaymentHub.sol";
import {DeviceRoles} from "../../../src/core/libraries/DeviceRoles.sol";
import {CustomerAuthorization, EdgeMessages, PaymentIntent} from "../../../src/core/libraries/EdgeMessages.sol";
import {EdgeTest} from "../../utils/EdgeTest.sol";
import {PayerLog} from "../../utils/PayerLog.sol";

/// @notice Random single and batch sales, replays of settled intents, refunds and fee changes.
contract PaymentHandler is EdgeTest {
    PaymentHub internal immutable hub;
    uint256 internal constant TERMINAL_KEY = 0x7E42;
    uint256 internal constant CUSTOMER_KEY = 0xC0FFEE;
    address internal constant MERCHANT = address(0x0A11);
    address internal constant OWNER = address(0x0AAA);

    uint64 internal _sequence;
    PaymentIntent[] internal _settled;
    PayerLog.Book internal _book;

    uint256 public ghost_settled;
    uint256 public ghost_replaysAccepted;
    uint256 public ghost_refunded;

    constructor(PaymentHub hub_, DeviceRegistry registry_, TestStablecoin token_) {
        (hub, registry, token) = (hub_, registry_, token_);
    }

    function _intent(uint256 amount) internal returns (PaymentIntent memory) {
        ++_sequence;
        return PaymentIntent({
            terminal: vm.addr(TERMINAL_KEY),
            merchant: MERCHANT,
            token: address(token),
            amount: amount,
            expiry: uint64(block.timestamp + 5 minutes),
            orderRef: bytes32(uint256(_sequence)),
            sequence: _sequence,
            prevHash: bytes32(0)
        });
    }

    function _note(PaymentIntent memory intent) internal {
        bytes32 digest = EdgeMessages.toTypedDataHash(hub.domainSeparator(), EdgeMessages.hash(intent));
        PayerLog.note(_book, intent.terminal, intent.sequence, digest, vm.addr(CUSTOMER_KEY));
    }

    function _sign(PaymentIntent memory intent) internal view returns (bytes memory sig, CustomerAuthorization memory auth) {
        bytes32 digest = EdgeMessages.toTypedDataHash(hub.domainSeparator(), EdgeMessages.hash(intent));
        sig = signDigest(TERMINAL_KEY, digest);
        auth = _authorize(CUSTOMER_KEY, address(hub), intent.amount, digest, block.timestamp + 1 hours);
    }

    function settle(uint256 amount) external {
        PaymentIntent memory intent = _intent(bound(amount, 1, 10_000e6));
        (bytes memory sig, CustomerAuthorization memory auth) = _sign(intent);
        hub.settle(intent, sig, auth);
        _settled.push(intent);
        _note(intent);
        ++ghost_settled;
    }

    function settleBatch(uint256 seed, uint256 count, bool breakOne) external {
        uint256 n = bound(count, 1, 5);
        PaymentIntent[] memory intents = new PaymentIntent[](n);
        bytes[] memory sigs = new bytes[](n);
        CustomerAuthorization[] memory auths = new CustomerAuthorization[](n);
        for (uint256 i; i < n; ++i) {
            intents[i] = _intent(bound(uint256(keccak256(abi.encode(seed, i))), 1, 10_000e6));
            (sigs[i], auths[i]) = _sign(intents[i]);
        }
        if (breakOne) auths[0].s = bytes32(uint256(auths[0].s) ^ 1);
        uint256 settled = hub.settleBatch(intents, sigs, auths);
        for (uint256 i = breakOne ? 1 : 0; i < n; ++i) {
            _settled.push(intents[i]);
            _note(intents[i]);
        }
        assertEq(settled, breakOne ? n - 1 : n, "batch count");
        ghost_settled += settled;
    }

    /// @dev Tries to settle an already settled intent again, as a single and inside a batch.
    function replay(uint256 index) external {
        if (_settled.length == 0) return;
        PaymentIntent memory intent = _settled[bound(index, 0, _settled.length - 1)];
        (bytes memory sig, CustomerAuthorization memory auth) = _sign(intent);
        try hub.settle(intent, sig, auth) {
            ++ghost_replaysAccepted;
        } catch {}
        PaymentIntent[] memory intents = new PaymentIntent[](1);
        bytes[] memory sigs = new bytes[](1);
        CustomerAuthorization[] memory auths = new CustomerAuthorization[](1);
        (intents[0], sigs[0], auths[0]) = (intent, sig, auth);
        ghost_replaysAccepted += hub.settleBatch(intents, sigs, auths);
    }

    function refund(uint256 index, uint256 amount) external {
        if (_settled.length == 0) return;
        PaymentIntent memory intent = _settled[bound(index, 0, _settled.length - 1)];
        bytes32 digest = EdgeMessages.toTypedDataHash(hub.domainSeparator(), EdgeMessages.hash(intent));
        uint256 left = intent.amount - hub.refunded(digest);
        if (left == 0) return;
        amount = bound(amount, 1, left);
        token.mint(MERCHANT, amount); // the merchant refunds from its own money
        (uint128 logBefore, IPaymentHub.SaleRecord[] memory later) =
            PayerLog.proof(_book, intent.terminal, intent.sequence, digest);
        vm.startPrank(MERCHANT);
        token.approve(address(hub), amount);
        hub.refund(intent, vm.addr(CUSTOMER_KEY), amount, logBefore, later);
        vm.stopPrank();
        ghost_refunded += amount;
    }

    function setFee(uint256 bps) external {
        vm.prank(OWNER);
        hub.setFee(uint16(bound(bps, 0, 1000)), address(0x7EA5));
    }
}

/// @notice Invariants of the payment hub.
contract PaymentInvariantTest is EdgeTest {
    PaymentHub internal hub;
    PaymentHandler internal handler;
    address internal constant MERCHANT = address(0x0A11);
    address internal constant TREASURY = address(0x7EA5);
    uint256 internal constant START = 100_000_000e6;

    function setUp() public {
        _deployBase();
        hub = new PaymentHub(address(registry), address(0x0AAA), TREASURY, 100);
        _register(MERCHANT, 0x7E42, DeviceRoles.TERMINAL);
        token.mint(vm.addr(0xC0FFEE), START);
        handler = new PaymentHandler(hub, registry, token);
        token.transferOwnership(address(handler));
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice An intent settles at most once: no replay, single or batched, is ever accepted.
    function invariant_IntentSettlesAtMostOnce() public view {
        assertEq(handler.ghost_replaysAccepted(), 0, "a settled intent settled again");
    }

    /// @notice Tokens are conserved across settlement, fees and refunds: the customer's loss is exactly the
    /// merchant's and treasury's gain, net of refunds (which the merchant paid), and the hub holds nothing.
    function invariant_TokensConserved() public view {
        address customer = vm.addr(0xC0FFEE);
        uint256 refunded = handler.ghost_refunded();
        assertEq(token.balanceOf(address(hub)), 0, "hub holds nothing");
        assertEq(
            START - token.balanceOf(customer) + refunded,
            token.balanceOf(MERCHANT) + token.balanceOf(TREASURY),
            "what the customer paid went to the merchant and treasury"
        );
    }
}
