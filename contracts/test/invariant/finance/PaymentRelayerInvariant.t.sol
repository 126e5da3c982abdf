// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DeviceRegistry} from "../../../src/core/DeviceRegistry.sol";
import {PaymentHub} from "../../../src/payments/PaymentHub.sol";
import {TestStablecoin} from "../../../src/mocks/TestStablecoin.sol";
import {DeviceRoles} from "../../../src/core/libraries/DeviceRoles.sol";
import {CustomerAuthorization, EdgeMessages, PaymentIntent} from "../../../src/core/libraries/EdgeMessages.sol";
import {EdgeTest} from "../../utils/EdgeTest.sol";
import {RevertingToken} from "../../mocks/HostileTokens.sol";

/// @notice The relayer as the adversary of an honest terminal: it holds the terminal's signed pending sales and
/// their customers' authorizations, and chooses which to relay, in which order, in which batches, when, and mixes in
/// replays, forgeries and poisoned items (a token without code, a reverting token, an overflowing amount, another
/// merchant). Each honest sale is finally relayed on its own before it expires; it must settle.
contract PaymentRelayerHandler is EdgeTest {
    PaymentHub internal immutable hub;
    RevertingToken internal immutable reverting;
    uint256 internal constant TERMINAL_KEY = 0x7E42;
    uint256 internal constant CUSTOMER_KEY = 0xC0FFEE;
    address internal constant MERCHANT = address(0x0A11);

    struct Pending {
        PaymentIntent intent;
        bytes sig;
        CustomerAuthorization auth;
    }

    Pending[] internal _pending; // honest sales not settled yet
    uint64 internal _sequence;
    uint64 internal _poisonSequence = 1 << 40; // the hostile items' own sequences, far from the honest ones

    uint256 public ghost_batchReverted;
    uint256 public ghost_goodItemSkipped;
    uint256 public ghost_badItemSettled;
    uint256 public ghost_honestRefused;
    uint256 public ghost_honestSettled;

    constructor(PaymentHub hub_, DeviceRegistry registry_, TestStablecoin token_) {
        (hub, registry, token) = (hub_, registry_, token_);
        reverting = new RevertingToken();
    }

    function _sign(PaymentIntent memory intent, uint256 key)
        internal
        view
        returns (bytes memory sig, CustomerAuthorization memory auth)
    {
        bytes32 digest = EdgeMessages.toTypedDataHash(hub.domainSeparator(), EdgeMessages.hash(intent));
        sig = signDigest(key, digest);
        auth = _authorize(CUSTOMER_KEY, address(hub), intent.amount, digest, block.timestamp + 2 hours);
    }

    function _intent(uint64 sequence, uint256 amount) internal view returns (PaymentIntent memory) {
        return PaymentIntent({
            terminal: vm.addr(TERMINAL_KEY),
            merchant: MERCHANT,
            token: address(token),
            amount: amount,
            expiry: uint64(block.timestamp + 1 hours),
            orderRef: bytes32(uint256(sequence)),
            sequence: sequence,
            prevHash: bytes32(0)
        });
    }

    /// @dev The terminal signs a sale and hands it to the relayer (who may sit on it).
    function issue(uint256 amount) external {
        if (_pending.length >= 12) return;
        PaymentIntent memory intent = _intent(++_sequence, bound(amount, 1, 1000e6));
        (bytes memory sig, CustomerAuthorization memory auth) = _sign(intent, TERMINAL_KEY);
        _pending.push(Pending(intent, sig, auth));
    }

    /// @dev A hostile item: poison of kind 0..4 with a fresh sequence, or a replay of a settled-looking item.
    function _poison(uint256 kind) internal returns (PaymentIntent memory intent, bytes memory sig, CustomerAuthorization memory auth) {
        intent = _intent(++_poisonSequence, 1e6);
        uint256 key = TERMINAL_KEY;
        if (kind == 0) intent.token = address(0xC0DE1E55);
        if (kind == 1) intent.token = address(reverting);
        if (kind == 2) intent.amount = type(uint256).max;
        if (kind == 3) intent.merchant = address(0xBAD);
        if (kind == 4) key = 0xBAD; // forged
        (sig, auth) = _sign(intent, key);
    }

    /// @dev The relayer batches a subset of the pending sales in an order of its choosing, with poison between.
    function relayBatch(uint256 pickSeed, uint256 poisonSeed, uint256 size) external {
        uint256 n = bound(size, 1, 8);
        PaymentIntent[] memory intents = new PaymentIntent[](n);
        bytes[] memory sigs = new bytes[](n);
        CustomerAuthorization[] memory auths = new CustomerAuthorization[](n);
        bool[] memory good = new bool[](n);
        uint256[] memory pendingIndex = new uint256[](n);
        bool[] memory used = new bool[](_pending.length);
        for (uint256 i; i < n; ++i) {
            uint256 r = uint256(keccak256(abi.encode(pickSeed, i)));
            if (_pending.length > 0 && r % 3 != 0) {
                uint256 j = (r >> 8) % _pending.length;
                Pending storage p = _pending[j];
                (intents[i], sigs[i], auths[i]) = (p.intent, p.sig, p.auth);
                // an expired sale is not good any more; a sale picked twice is good only the first time
                good[i] = block.timestamp <= p.intent.expiry && !used[j];
                used[j] = true;
                pendingIndex[i] = j + 1;
            } else {
                (intents[i], sigs[i], auths[i]) = _poison(uint256(keccak256(abi.encode(poisonSeed, i))) % 5);
            }
        }
        uint256 goodCount;
        for (uint256 i; i < n; ++i) if (good[i]) ++goodCount;
        try hub.settleBatch(intents, sigs, auths) returns (uint256 settled) {
            if (settled < goodCount) ++ghost_goodItemSkipped;
            if (settled > goodCount) ++ghost_badItemSettled;
        } catch {
            ++ghost_batchReverted;
            return;
        }
        _dropSettled();
    }

    /// @dev Time passes; the relayer sits on the pending sales.
    function wait(uint256 s) external {
        vm.warp(block.timestamp + bound(s, 1, 20 minutes));
    }

    /// @dev The honest path at last: the oldest pending sale is relayed on its own while it is still valid.
    function relayHonestly(uint256 index) external {
        if (_pending.length == 0) return;
        Pending memory p = _pending[bound(index, 0, _pending.length - 1)];
        if (block.timestamp > p.intent.expiry) return;
        try hub.settle(p.intent, p.sig, p.auth) {
            ++ghost_honestSettled;
        } catch {
            ++ghost_honestRefused;
        }
        _dropSettled();
    }

    /// @dev Removes settled and expired sales from the pending list.
    function _dropSettled() internal {
        for (uint256 i = _pending.length; i > 0; --i) {
            Pending storage p = _pending[i - 1];
            if (hub.isSettled(p.intent.terminal, p.intent.sequence) || block.timestamp > p.intent.expiry) {
                _pending[i - 1] = _pending[_pending.length - 1];
                _pending.pop();
            }
        }
    }
}

/// @notice Invariants of the payment hub against a hostile relayer.
contract PaymentRelayerInvariantTest is EdgeTest {
    PaymentRelayerHandler internal handler;

    function setUp() public {
        _deployBase();
        PaymentHub hub = new PaymentHub(address(registry), address(0x0AAA), address(0x7EA5), 100);
        _register(address(0x0A11), 0x7E42, DeviceRoles.TERMINAL);
        token.mint(vm.addr(0xC0FFEE), 100_000_000e6);
        handler = new PaymentRelayerHandler(hub, registry, token);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice No single item makes a batch revert: every batch the relayer built, whatever it mixed in, went through.
    function invariant_NoItemRevertsTheBatch() public view {
        assertEq(handler.ghost_batchReverted(), 0, "a batch reverted");
    }

    /// @notice A batch settles exactly its good items: none of the honest, valid sales in it was skipped and no
    /// poisoned, forged or repeated item settled.
    function invariant_BatchSettlesExactlyTheGoodItems() public view {
        assertEq(handler.ghost_goodItemSkipped(), 0, "a good item was skipped");
        assertEq(handler.ghost_badItemSettled(), 0, "a bad item settled");
    }

    /// @notice No honest terminal's sale can be made unsettleable by a third party: whatever the relayer did before
    /// (order, subsets, delays, replays, poison), a pending sale relayed honestly before its expiry settles.
    function invariant_HonestSaleStaysSettleable() public view {
        assertEq(handler.ghost_honestRefused(), 0, "an honest sale could no longer settle");
    }
}
