// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {DeviceRegistry} from "../../../src/core/DeviceRegistry.sol";
import {QuorumInsurance} from "../../../src/insurance/QuorumInsurance.sol";
import {RiskPool} from "../../../src/insurance/RiskPool.sol";
import {TestStablecoin} from "../../../src/mocks/TestStablecoin.sol";
import {IQuorumInsurance} from "../../../src/insurance/interfaces/IQuorumInsurance.sol";
import {DeviceRoles} from "../../../src/core/libraries/DeviceRoles.sol";
import {EdgeMessages, Observation} from "../../../src/core/libraries/EdgeMessages.sol";
import {QuorumRound} from "../../../src/insurance/libraries/QuorumRound.sol";
import {EdgeTest} from "../../utils/EdgeTest.sol";

/// @notice The relayer as an adversary: five honest sensors sign one reading each per day, and the handler, acting
/// as a hostile relayer, chooses which of them to relay in each call, in which order, with replays and forgeries
/// mixed in, and when (before or after the window's deadline, or never). It also tries to buy cover for a window
/// that has begun. Ghosts record what arrived on time, so the invariants can say what the outcome must be.
contract QuorumRelayerHandler is EdgeTest {
    QuorumInsurance internal immutable insurance;
    uint32 internal immutable product;
    uint32 internal immutable regionId;
    uint256 public immutable policyA; // covers every window the handler reports
    uint128 internal constant SUM = 100_000e6;
    uint64 internal constant STALENESS = 2 days;

    uint64 public ghost_day = 1; // the window the relayer is working on
    uint256 public ghost_delivered; // bit i: sensor i's reading of the current window arrived by its deadline
    bool public ghost_decided; // the current window is decided
    uint256 public ghost_maxFraction; // the highest payout fraction the delivered sets of decided windows owe
    uint256 public ghost_decisions;
    uint256 public ghost_countMismatches; // a decided window whose counted set is not the delivered set
    uint256 public ghost_latePurchasesAccepted; // cover bought for a window that had begun
    uint256 public ghost_paidForEarlierWindow; // a policy paid for a window that began before its purchase
    uint256 public ghost_relays;

    int64[5] internal _values;
    uint256[] internal _latePolicies;
    mapping(uint256 policyId => uint256) internal _boughtAt;

    constructor(QuorumInsurance insurance_, DeviceRegistry registry_, TestStablecoin token_, uint32 product_, uint32 region_, uint256 policyA_) {
        (insurance, registry, token, product, regionId, policyA) = (insurance_, registry_, token_, product_, region_, policyA_);
        token.approve(address(insurance), type(uint256).max);
        _openWindow(0);
    }

    function _start() internal view returns (uint64) {
        return DAY0 + ghost_day * DAY;
    }

    function _deadline() internal view returns (uint256) {
        return _start() + DAY + STALENESS;
    }

    /// @dev Opens window `ghost_day` with fresh honest readings and waits for its end.
    function _openWindow(uint256 seed) internal {
        for (uint256 i; i < 5; ++i) {
            _values[i] = int64(uint64(bound(uint256(keccak256(abi.encode(seed, ghost_day, i))), 0, 70_000)));
        }
        (ghost_delivered, ghost_decided) = (0, false);
        if (block.timestamp < _start() + DAY) vm.warp(_start() + DAY);
    }

    /// @dev Sensor i's signed reading of the current window (the same bytes every time: one reading per window).
    function _item(uint256 i, bool forged) internal view returns (bytes memory) {
        Observation memory obs = _rain(vm.addr(0x5E0500 + i), ghost_day, _start(), _start() + DAY, _values[i]);
        bytes32 digest = EdgeMessages.toTypedDataHash(insurance.domainSeparator(), EdgeMessages.hash(obs));
        return QuorumRound.encodeItem(uint8(i), obs, signDigest(forged ? 0xBAD : 0x5E0500 + i, digest));
    }

    /// @dev Relays a subset of the window's readings in an order of its choosing, with replays and a forgery mixed in,
    /// after waiting up to a day (possibly past the deadline).
    function relay(uint256 mask, uint256 orderSeed, uint256 replays, bool forge, uint256 wait) external {
        vm.warp(block.timestamp + bound(wait, 0, 1 days));
        uint256 subset = bound(mask, 1, 31);
        uint256[] memory order = new uint256[](5);
        uint256 n;
        for (uint256 i; i < 5; ++i) if (subset & (1 << i) != 0) order[n++] = i;
        for (uint256 i = n; i > 1; --i) {
            uint256 j = uint256(keccak256(abi.encode(orderSeed, i))) % i;
            (order[i - 1], order[j]) = (order[j], order[i - 1]);
        }
        bytes memory items;
        for (uint256 i; i < n; ++i) items = bytes.concat(items, _item(order[i], false));
        // replays of readings already relayed, and a forgery of one of the subset
        for (uint256 i; i < bound(replays, 0, 2); ++i) items = bytes.concat(items, _item(order[i % n], false));
        if (forge) items = bytes.concat(_item(order[0], true), items);
        bool onTime = block.timestamp <= _deadline();
        uint256 before = _snapshotLate();
        insurance.submitRound(regionId, 1, _start(), _start() + DAY, items);
        ++ghost_relays;
        if (!ghost_decided && onTime) ghost_delivered |= subset;
        if (!ghost_decided && (!onTime || ghost_delivered == 31)) _recordDecision(before);
    }

    /// @dev Waits up to three days and, once the deadline has passed, has anyone decide the window.
    function decide(uint256 wait) external {
        vm.warp(block.timestamp + bound(wait, 0, 3 days));
        if (ghost_decided || block.timestamp <= _deadline()) return;
        uint256 before = _snapshotLate();
        insurance.decideWindow(regionId, 1, _start(), _start() + DAY);
        _recordDecision(before);
    }

    /// @dev Moves on to the next day's window, deciding the current one first if nobody did.
    function nextWindow(uint256 seed) external {
        if (!ghost_decided) {
            if (block.timestamp <= _deadline()) vm.warp(_deadline() + 1);
            uint256 before = _snapshotLate();
            insurance.decideWindow(regionId, 1, _start(), _start() + DAY);
            _recordDecision(before);
        }
        ++ghost_day;
        _openWindow(seed);
    }

    /// @dev A buyer who sees the current window's readings tries cover starting at that window, then buys honest
    /// cover from the next midnight on.
    function buyLate(uint256 sum) external {
        if (_latePolicies.length >= 20) return;
        uint128 sumInsured = uint128(bound(sum, 100e6, 5_000e6));
        token.mint(address(this), sumInsured);
        try insurance.buyPolicy(product, address(this), _start(), _start() + 10 * DAY, sumInsured) returns (uint256) {
            ++ghost_latePurchasesAccepted;
        } catch {}
        uint64 midnight = uint64((block.timestamp / DAY + 1) * DAY);
        uint256 id = insurance.buyPolicy(product, address(this), midnight, midnight + 10 * DAY, sumInsured);
        _latePolicies.push(id);
        _boughtAt[id] = block.timestamp;
    }

    /// @dev What every late policy has been paid so far, summed with weights that keep them apart.
    function _snapshotLate() internal view returns (uint256 digest) {
        for (uint256 k; k < _latePolicies.length; ++k) {
            if (_boughtAt[_latePolicies[k]] > _start()) digest += insurance.policy(_latePolicies[k]).paid;
        }
    }

    /// @dev Records the decision of the current window: what the delivered set owes, and whether the contract
    /// counted exactly that set and paid no policy bought after the window began.
    function _recordDecision(uint256 lateBefore) internal {
        (uint32 counted, bool decided,) = insurance.windowState(regionId, 1, _start(), _start() + DAY);
        if (!decided || counted != ghost_delivered) ++ghost_countMismatches;
        if (_snapshotLate() != lateBefore) ++ghost_paidForEarlierWindow;
        ghost_decided = true;
        ++ghost_decisions;
        int64[] memory set = new int64[](5);
        uint256 n;
        for (uint256 i; i < 5; ++i) if (ghost_delivered & (1 << i) != 0) set[n++] = _values[i];
        if (n < 3) return; // below the quorum
        for (uint256 i; i < n; ++i) {
            for (uint256 j = i + 1; j < n; ++j) if (set[j] < set[i]) (set[i], set[j]) = (set[j], set[i]);
        }
        int64 median = n % 2 == 1 ? set[n / 2] : int64((int256(set[n / 2 - 1]) + set[n / 2]) / 2);
        uint256 fraction = insurance.payoutFraction(product, median);
        if (fraction > ghost_maxFraction) ghost_maxFraction = fraction;
    }
}

/// @notice Invariants of quorum decisions against a hostile relayer.
contract QuorumRelayerInvariantTest is EdgeTest {
    QuorumInsurance internal insurance;
    QuorumRelayerHandler internal handler;
    uint256 internal policyA;
    address internal constant INSURER = address(0x1A5);
    address internal constant FARMER = address(0xFA12);

    function setUp() public {
        _deployBase();
        RiskPool pool = new RiskPool(token, INSURER);
        insurance = new QuorumInsurance(address(registry), address(pool), INSURER);
        vm.prank(INSURER);
        pool.setInsurer(address(insurance));
        address[] memory sensors = new address[](5);
        for (uint256 i; i < 5; ++i) {
            sensors[i] = vm.addr(0x5E0500 + i);
            _register(address(0x0A11), 0x5E0500 + i, DeviceRoles.SENSOR);
        }
        vm.startPrank(INSURER);
        uint32 regionId = insurance.createRegion(sensors);
        uint32 product = insurance.createProduct(
            IQuorumInsurance.Product({
                region: regionId,
                metric: 1,
                quorum: 3,
                direction: IQuorumInsurance.Direction.Below,
                windowLength: uint32(DAY),
                staleness: uint32(2 * DAY),
                premiumBps: 300,
                active: true,
                trigger: 40_000,
                exit: 5_000,
                waitingPeriod: 0,
                maxCoverage: uint32(400 * DAY),
                minSumInsured: 100e6
            })
        );
        vm.stopPrank();
        token.mint(address(this), 10_000_000e6);
        token.approve(address(pool), type(uint256).max);
        pool.deposit(10_000_000e6, address(this));
        token.mint(FARMER, 3_000e6);
        vm.startPrank(FARMER);
        token.approve(address(insurance), type(uint256).max);
        policyA = insurance.buyPolicy(product, FARMER, DAY0 + DAY, DAY0 + 301 * DAY, 100_000e6);
        vm.stopPrank();
        handler = new QuorumRelayerHandler(insurance, registry, token, product, regionId, policyA);
        token.transferOwnership(address(handler));
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice The payout of a window depends only on the set of valid readings that arrived by its deadline, never on
    /// how the relayer split, ordered, replayed or timed them.
    function invariant_PayoutDependsOnlyOnTheSetOfValidReadings() public view {
        assertEq(handler.ghost_countMismatches(), 0, "a window was decided over another set than what arrived");
        uint256 expected = Math.mulDiv(100_000e6, handler.ghost_maxFraction(), 1e18);
        assertEq(uint256(insurance.policy(policyA).paid), expected, "paid what the delivered sets' medians owe");
    }

    /// @notice No policy bought after a window began is ever paid for that window.
    function invariant_NoPolicyPaidForAWindowBegunBeforeItsPurchase() public view {
        assertEq(handler.ghost_latePurchasesAccepted(), 0, "cover sold for a window under way");
        assertEq(handler.ghost_paidForEarlierWindow(), 0, "a policy paid for a window older than itself");
    }
}
