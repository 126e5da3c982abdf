// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ConstantProductPair} from "../../src/trading/ConstantProductPair.sol";
import {TestEuro} from "../../src/mocks/TestEuro.sol";
import {TestStablecoin} from "../../src/mocks/TestStablecoin.sol";
import {CustomerAuthorization, Observation, PaymentIntent} from "../../src/core/libraries/EdgeMessages.sol";
import {Test} from "../utils/Test.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {PaymentFixture} from "../payments/PaymentHub.t.sol";
import {InsuranceFixture} from "../insurance/InsuranceFixture.sol";

/// @notice Gas of the finance calls the acceptance limits name, into snapshots/Finance.json (committed). Every call
/// is its own transaction (isolate = true); the per-item numbers divide the whole call by the batch size.
contract GasRoundTest is InsuranceFixture {
    function setUp() public {
        _deployInsurance(10);
        _buy(1, 31); // one active policy on the product the round decides
    }

    /// @dev Ten different values around `centre` (±3.5 mm), in no order: the median has sorting to do.
    function _ten(int64 centre) internal pure returns (int64[] memory v) {
        v = new int64[](10);
        for (uint256 i; i < 10; ++i) v[i] = centre - 3500 + int64(uint64(uint256(keccak256(abi.encode(i))) % 7001));
    }

    /// @dev Rounds as sensors send them: each item with its own sequence, a hash-chain prevHash and its own value.
    function test_Gas_RoundOfTenObservations() public {
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) = _round(1, _ten(80_000));
        _submit(1, obs, sigs);
        uint256 first = vm.snapshotGasLastCall("Finance", "submitRound_10_firstOfSensors_noPayout");
        (obs, sigs) = _round(2, _ten(80_000));
        _submit(2, obs, sigs);
        uint256 next = vm.snapshotGasLastCall("Finance", "submitRound_10_next_noPayout");
        vm.snapshotValue("Finance", "submitRound_perObservation_next_noPayout", next / 10);
        vm.warp(DAY0 + 4 * DAY);
        (obs, sigs) = _round(3, _ten(30_000));
        _submit(3, obs, sigs);
        uint256 payout = vm.snapshotGasLastCall("Finance", "submitRound_10_next_paysOnePolicy");
        vm.snapshotValue("Finance", "submitRound_perObservation_next_paysOnePolicy", payout / 10);
        // a revocation anywhere in the registry makes the next round ask the registry about each of its sensors
        address dead = _register(address(0x0A11), 0xDEAD, 1);
        vm.prank(address(0x0A11));
        registry.revokeDevice(dead);
        vm.warp(DAY0 + 5 * DAY);
        (obs, sigs) = _round(4, _ten(80_000));
        _submit(4, obs, sigs);
        uint256 afterRevocation = vm.snapshotGasLastCall("Finance", "submitRound_10_afterRevocation_noPayout");
        assertTrue(payout > next && afterRevocation > next, "payouts and registry lookups cost more");
        assertTrue(first > next - 1000 && first < next + 1000, "the first round pays no fresh slot");
    }
}

contract GasPaymentTest is PaymentFixture {
    function setUp() public {
        _deployHub();
        // warm the terminal's sequence and the merchant's and treasury's balances, as in steady operation
        PaymentIntent memory intent = _intent(1e6);
        hub.settle(intent, _signIntent(TERMINAL_KEY, intent), _auth(intent));
    }

    function test_Gas_BatchOfTenPayments() public {
        PaymentIntent memory one = _intent(12_500_000);
        hub.settle(one, _signIntent(TERMINAL_KEY, one), _auth(one));
        vm.snapshotGasLastCall("Finance", "settle_single_next");
        PaymentIntent[] memory intents = new PaymentIntent[](10);
        bytes[] memory sigs = new bytes[](10);
        CustomerAuthorization[] memory auths = new CustomerAuthorization[](10);
        for (uint256 i; i < 10; ++i) {
            intents[i] = _intent(12_500_000);
            sigs[i] = _signIntent(TERMINAL_KEY, intents[i]);
            auths[i] = _auth(intents[i]);
        }
        uint256 settled = hub.settleBatch(intents, sigs, auths);
        uint256 batch = vm.snapshotGasLastCall("Finance", "settleBatch_10_sameMerchant");
        vm.snapshotValue("Finance", "settleBatch_perPayment", batch / 10);
        assertEq(settled, 10, "all ten settled");
    }
}

contract GasSwapTest is Test {
    TestStablecoin internal usd;
    TestEuro internal eur;
    ConstantProductPair internal pair;
    address internal constant TRADER = address(0x7AD3);

    function setUp() public {
        vm.warp(1_750_000_000);
        usd = new TestStablecoin(address(this));
        eur = new TestEuro(address(this));
        pair = new ConstantProductPair(address(usd), address(eur));
        usd.mint(address(this), 2_000_000e6);
        eur.mint(address(this), 2_000_000e6);
        usd.approve(address(pair), type(uint256).max);
        eur.approve(address(pair), type(uint256).max);
        pair.addLiquidity(1_000_000e6, 1_000_000e6, 0, address(this), block.timestamp);
        usd.mint(TRADER, 10_000e6);
        eur.mint(TRADER, 1e6); // the trader already holds some of the output token
        vm.prank(TRADER);
        usd.approve(address(pair), type(uint256).max);
    }

    function test_Gas_Swap() public {
        vm.warp(block.timestamp + 12);
        vm.prank(TRADER);
        pair.swapExactIn(address(usd), 100e6, 0, TRADER, block.timestamp);
        vm.snapshotGasLastCall("Finance", "swapExactIn_newBlock_storesObservation");
        vm.warp(block.timestamp + 12);
        vm.prank(TRADER);
        pair.swapExactIn(address(usd), 100e6, 0, TRADER, block.timestamp);
        uint256 exactIn = vm.snapshotGasLastCall("Finance", "swapExactIn_newBlock");
        vm.warp(block.timestamp + 12);
        vm.prank(TRADER);
        pair.swapExactOut(address(usd), 50e6, type(uint256).max, TRADER, block.timestamp);
        uint256 exactOut = vm.snapshotGasLastCall("Finance", "swapExactOut_newBlock");
        assertTrue(exactIn > 0 && exactOut > 0, "measured");
    }
}

/// @notice A batch shaped as the relayer sends it live: 64 terminals of one merchant, each sale paid by its own
/// customer (so every item touches its own cold registry entry, settled-set word, balance and nonce slot).
contract GasPaymentLiveTest is PaymentFixture {
    uint256 internal constant N = 64;

    function setUp() public {
        _deployHub();
        PaymentIntent memory intent = _intent(1e6);
        hub.settle(intent, _signIntent(TERMINAL_KEY, intent), _auth(intent));
        // steady operation: each terminal has settled a sale before (its settled-set word is not fresh)
        for (uint256 i; i < N; ++i) {
            _register(MERCHANT, 0x1000 + i, DeviceRoles.TERMINAL);
            token.mint(vm.addr(0x2000 + i), 1_000e6);
            PaymentIntent memory first = _liveIntent(i, 1);
            hub.settle(first, _signIntent(0x1000 + i, first), _liveAuth(i, first));
        }
    }

    function _liveIntent(uint256 i, uint64 sequence) internal returns (PaymentIntent memory intent) {
        intent = _intent(1e6);
        intent.terminal = vm.addr(0x1000 + i);
        intent.sequence = sequence;
        intent.prevHash = keccak256(abi.encode(i, sequence));
    }

    function _liveAuth(uint256 i, PaymentIntent memory intent) internal view returns (CustomerAuthorization memory) {
        return _authorize(0x2000 + i, address(hub), intent.amount, _digest(intent), block.timestamp + 1 hours);
    }

    function test_Gas_BatchOf64Terminals64Customers() public {
        PaymentIntent[] memory intents = new PaymentIntent[](N);
        bytes[] memory sigs = new bytes[](N);
        CustomerAuthorization[] memory auths = new CustomerAuthorization[](N);
        for (uint256 i; i < N; ++i) {
            intents[i] = _liveIntent(i, 2);
            sigs[i] = _signIntent(0x1000 + i, intents[i]);
            auths[i] = _liveAuth(i, intents[i]);
        }
        uint256 settled = hub.settleBatch(intents, sigs, auths);
        uint256 batch = vm.snapshotGasLastCall("Finance", "settleBatch_64_liveShape");
        vm.snapshotValue("Finance", "settleBatch_liveShape_perPayment", batch / N);
        assertEq(settled, N, "all settled");
    }
}
