// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {RegistryDomain} from "../core/RegistryDomain.sol";
import {IPayoutReceiver, IQuorumInsurance} from "./interfaces/IQuorumInsurance.sol";
import {IRiskPool} from "./interfaces/IRiskPool.sol";
import {DeviceAuth} from "../core/libraries/DeviceAuth.sol";
import {DeviceRoles} from "../core/libraries/DeviceRoles.sol";
import {EdgeMessages} from "../core/libraries/EdgeMessages.sol";
import {QuorumRound} from "./libraries/QuorumRound.sol";
import {SensorList} from "./libraries/SensorList.sol";

/// @title QuorumInsurance
/// @notice Products, policies and quorum rounds over a RiskPool. A round is verified item by item (signature,
/// registry role, region membership, sequence, window), bad items are skipped with an event, and the median of the
/// valid values decides every product of the region whose quorum k it meets and for which it is fresh. Nothing per
/// window is kept but the region's newest window and a bitmap of the sensors that counted for it: a sensor counts
/// once per window and windows only move forward, so a round cannot be stuffed, and a later round for the same
/// window can only add sensors that were missing.
/// @dev Laid out so that a round touches few cold slots (the budget is 15,000 gas per item in a batch of 10, the
/// whole transaction counted; see contracts/README.md for the figures):
/// - a round arrives packed (QuorumRound): the round key once, then per item the sensor's index in its region, the
///   observation's own fields and the signature. The contract rebuilds the signed Observation from the region's
///   sensor at that index, the round key and the item, so membership needs no lookup, and an item of another
///   device, metric or window fails its signature;
/// - the region's sensors are the code of a data contract (SensorList), read whole with one EXTCODECOPY per round;
///   region n's list is this contract's n-th CREATE, so not even its address is stored;
/// - one slot per region (RegionState) holds the newest window counted, who counted for it, which sensors were seen
///   active in the registry at its current revocation epoch (DeviceRegistry.revocationEpoch, read once per round:
///   the registry is asked per item only after a revocation anywhere), the sensor count and the first product;
/// - sequences are four 64-bit lanes per slot, by index (10 sensors: 3 slots), each holding the complement of the
///   last accepted sequence so that createRegion can make the slots non-zero (all ones = sequence 0) and no round
///   pays for a fresh slot.
contract QuorumInsurance is IQuorumInsurance, RegistryDomain, Ownable {
    using SafeERC20 for IERC20;

    /// @notice Most sensors in a region (and items in a round).
    uint256 public constant MAX_REGION_SENSORS = 32;

    /// @notice Most products per region; bounds the work of every round.
    uint256 public constant MAX_REGION_PRODUCTS = 4;

    /// @notice Most active policies per product; bounds the payout loop of every round.
    uint256 public constant MAX_ACTIVE_POLICIES = 32;

    /// @notice Gas forwarded to a beneficiary's payout callback.
    uint256 public constant CALLBACK_GAS = 300_000;

    /// @dev Observation flags that disqualify a value: Stuck and OutOfRange (PROTOCOL.md §3), and reserved bits.
    uint32 private constant _DISQUALIFYING_FLAGS = 0x03 | ~EdgeMessages.KNOWN_FLAGS;

    /// @dev Sequence lanes per storage slot, bits per lane, and lane slots per region.
    uint256 private constant _LANES_PER_SLOT = 4;
    uint256 private constant _LANE_BITS = 64;
    uint256 private constant _LANE_SLOTS = 8; // MAX_REGION_SENSORS / _LANES_PER_SLOT

    /// @dev A region's state: one slot, read once per round and written when the round counts (_storeRegionState
    /// writes it whole, so keep the two in step). The first product is here so that a single-product region's round
    /// reads no product list.
    struct RegionState {
        uint64 windowEnd; // the newest window a round counted for
        uint32 counted; // bit i: sensor i counted for windowEnd
        uint64 verifiedEpoch; // the registry's revocationEpoch that `verified` belongs to
        uint32 verified; // bit i: sensor i seen active as a sensor during verifiedEpoch
        uint8 sensorCount;
        uint8 productCount;
        uint32 firstProduct;
    }

    /// @dev Where a sensor sits; written once by createRegion.
    struct Membership {
        uint32 region;
        uint8 index;
    }

    /// @dev What a round learns up front and accumulates while judging its items.
    struct Round {
        bytes sensors; // SensorList.load of the region's sensors
        bytes32[10] words; // QuorumRound.observationWords of the round key
        bytes32 separator;
        uint256 sensorCount;
        uint256 counted; // RegionState.counted for this window, plus the items accepted so far
        uint256 verified; // RegionState.verified for the registry's current epoch, plus the sensors asked so far
        uint64 epoch; // the registry's revocationEpoch
        bool olderWindow; // the region already counted a newer window
    }

    IRiskPool private immutable _pool;
    IERC20 private immutable _asset;

    uint32 private _regionCount;
    uint32 private _productCount;
    uint256 private _policyCount;

    mapping(address sensor => Membership) private _memberships;
    mapping(uint32 regionId => RegionState) private _regionStates;
    mapping(uint32 regionId => uint256[_LANE_SLOTS]) private _sequences;
    mapping(uint32 regionId => uint32[MAX_REGION_PRODUCTS - 1]) private _moreProducts; // after firstProduct
    mapping(uint32 productId => Product) private _products;
    mapping(uint32 productId => uint256[]) private _active;
    mapping(uint256 policyId => Policy) private _policies;

    /// @param registry_ The DeviceRegistry (EIP-712 verifyingContract).
    /// @param pool_ The RiskPool; its asset is the premium and payout token.
    /// @param owner_ The insurer administering regions and products.
    constructor(address registry_, address pool_, address owner_) RegistryDomain(registry_) Ownable(owner_) {
        _pool = IRiskPool(pool_);
        _asset = IERC20(IERC4626(pool_).asset());
    }

    /// @inheritdoc IQuorumInsurance
    function createRegion(address[] calldata sensors) external onlyOwner returns (uint32 regionId) {
        uint256 n = sensors.length;
        if (n == 0 || n > MAX_REGION_SENSORS) revert QuorumInsuranceBadRegion(address(0));
        regionId = ++_regionCount;
        for (uint256 i; i < n; ++i) {
            address sensor = sensors[i];
            if (_memberships[sensor].region != 0 || !_deviceRegistry().isActive(sensor, DeviceRoles.SENSOR)) {
                revert QuorumInsuranceBadRegion(sensor);
            }
            // i < MAX_REGION_SENSORS, which fits a uint8.
            // forge-lint: disable-next-line(unsafe-typecast)
            _memberships[sensor] = Membership({region: regionId, index: uint8(i)});
        }
        // Region n's list is this contract's n-th CREATE (it creates nothing else); _sensorList finds it there.
        if (SensorList.store(sensors) != _sensorList(regionId)) revert QuorumInsuranceBadRegion(address(0));
        // Every sensor was just seen active. n <= MAX_REGION_SENSORS: the bitmap fits a uint32, the count a uint8.
        // forge-lint: disable-next-line(unsafe-typecast)
        (uint32 everyone, uint8 count) = (uint32((uint256(1) << n) - 1), uint8(n));
        _regionStates[regionId] = RegionState({
            windowEnd: 0,
            counted: 0,
            verifiedEpoch: _deviceRegistry().revocationEpoch(),
            verified: everyone,
            sensorCount: count,
            productCount: 0,
            firstProduct: 0
        });
        uint256[_LANE_SLOTS] storage lanes = _sequences[regionId];
        for (uint256 slot; slot * _LANES_PER_SLOT < n; ++slot) {
            lanes[slot] = type(uint256).max; // every lane: sequence 0
        }
        emit RegionCreated(regionId, sensors);
    }

    /// @inheritdoc IQuorumInsurance
    function createProduct(Product calldata terms) external onlyOwner returns (uint32 productId) {
        RegionState storage state = _regionStates[terms.region];
        uint256 n = state.sensorCount;
        bool thresholdsOk = terms.direction == Direction.Below ? terms.exit <= terms.trigger : terms.exit >= terms.trigger;
        if (
            n == 0 || terms.quorum == 0 || terms.quorum > n || terms.windowLength == 0 || terms.premiumBps == 0
                || terms.premiumBps > 10_000 || !thresholdsOk
        ) revert QuorumInsuranceBadProduct();
        uint8 k = state.productCount;
        if (k == MAX_REGION_PRODUCTS) revert QuorumInsuranceTooManyProducts(terms.region);
        productId = ++_productCount;
        Product memory stored = terms;
        stored.active = true;
        _products[productId] = stored;
        if (k == 0) state.firstProduct = productId;
        else _moreProducts[terms.region][k - 1] = productId;
        state.productCount = k + 1;
        emit ProductCreated(productId, stored);
    }

    /// @inheritdoc IQuorumInsurance
    function setProductActive(uint32 productId, bool active) external onlyOwner {
        if (_products[productId].quorum == 0) revert QuorumInsuranceProductUnavailable(productId);
        _products[productId].active = active;
        emit ProductActiveSet(productId, active);
    }

    /// @inheritdoc IQuorumInsurance
    function buyPolicy(uint32 productId, address beneficiary, uint64 start, uint64 end, uint128 sumInsured)
        external
        returns (uint256 policyId)
    {
        Product memory p = _products[productId];
        if (!p.active) revert QuorumInsuranceProductUnavailable(productId);
        if (end <= start || end - start < p.windowLength || end <= block.timestamp || end > type(uint48).max) {
            revert QuorumInsuranceBadCoverage(start, end);
        }
        if (beneficiary == address(0) || sumInsured == 0) revert QuorumInsuranceBadPolicy();
        uint256[] storage active = _active[productId];
        if (active.length >= MAX_ACTIVE_POLICIES) revert QuorumInsuranceTooManyPolicies(productId);
        uint256 premium = Math.mulDiv(sumInsured, p.premiumBps, 10_000, Math.Rounding.Ceil);

        policyId = ++_policyCount;
        _policies[policyId] = Policy({
            beneficiary: beneficiary,
            start: start,
            notify: false,
            status: PolicyStatus.Active,
            productId: productId,
            end: end,
            sumInsured: sumInsured,
            paid: 0
        });
        active.push(policyId);
        emit PolicyBought(policyId, productId, beneficiary, msg.sender, start, end, sumInsured, premium);

        // The premium joins the pool's assets first, so it can back the very policy it pays for.
        _asset.safeTransferFrom(msg.sender, address(_pool), premium);
        _pool.lockCapital(sumInsured);
    }

    /// @inheritdoc IQuorumInsurance
    function setBeneficiary(uint256 policyId, address to, bool notify) external {
        Policy storage pol = _policies[policyId];
        address from = pol.beneficiary;
        if (msg.sender != from || pol.status != PolicyStatus.Active) revert QuorumInsuranceNotBeneficiary(msg.sender);
        if (to == address(0)) revert QuorumInsuranceBadPolicy();
        pol.beneficiary = to;
        pol.notify = notify;
        emit BeneficiaryChanged(policyId, from, to, notify);
        if (notify) IPayoutReceiver(to).onPolicyAssigned(policyId, from);
    }

    /// @inheritdoc IQuorumInsurance
    function expirePolicy(uint256 policyId) external {
        Policy storage pol = _policies[policyId];
        if (pol.status != PolicyStatus.Active) revert QuorumInsuranceNotExpirable(policyId);
        uint32 productId = pol.productId;
        if (block.timestamp <= uint256(pol.end) + _products[productId].staleness) {
            revert QuorumInsuranceNotExpirable(policyId);
        }
        _close(policyId, pol, productId);
    }

    /// @inheritdoc IQuorumInsurance
    function submitRound(uint32 regionId, uint32 metric, uint64 windowStart, uint64 windowEnd, bytes calldata items)
        external
        returns (uint256 count)
    {
        uint256 n = items.length / QuorumRound.ITEM_LENGTH;
        if (
            n * QuorumRound.ITEM_LENGTH != items.length || n == 0 || n > MAX_REGION_SENSORS || windowEnd <= windowStart
                || windowEnd > block.timestamp
        ) revert QuorumInsuranceBadRound();

        RegionState memory state = _regionStates[regionId];
        Round memory round = _openRound(regionId, state, metric, windowStart, windowEnd);
        int64[] memory values;
        (values, count) = _judge(round, _sequences[regionId], items);
        if (count == 0) return 0;
        _storeRegionState(regionId, state, windowEnd, round);

        int64 median = _median(values, count);
        emit RoundAggregated(regionId, metric, windowStart, windowEnd, count, median);
        _payProducts(regionId, state, metric, windowStart, windowEnd, count, median);
    }

    /// @inheritdoc IQuorumInsurance
    function pool() external view returns (address) {
        return address(_pool);
    }

    /// @inheritdoc IQuorumInsurance
    function product(uint32 productId) external view returns (Product memory) {
        return _products[productId];
    }

    /// @inheritdoc IQuorumInsurance
    function policy(uint256 policyId) external view returns (Policy memory) {
        return _policies[policyId];
    }

    /// @inheritdoc IQuorumInsurance
    function regionSensors(uint32 regionId) external view returns (address[] memory) {
        return SensorList.toArray(SensorList.load(_sensorList(regionId), _regionStates[regionId].sensorCount));
    }

    /// @inheritdoc IQuorumInsurance
    function activePolicies(uint32 productId) external view returns (uint256[] memory) {
        return _active[productId];
    }

    /// @inheritdoc IQuorumInsurance
    function sensorState(address sensor) external view returns (uint32 regionId, uint8 index, uint64 lastSequence) {
        Membership memory m = _memberships[sensor];
        if (m.region == 0) return (0, 0, 0);
        uint256 i = m.index;
        uint256 word = _sequences[m.region][i / _LANES_PER_SLOT];
        return (m.region, m.index, _laneSequence(word, (i % _LANES_PER_SLOT) * _LANE_BITS));
    }

    /// @inheritdoc IQuorumInsurance
    function regionState(uint32 regionId)
        external
        view
        returns (uint64 windowEnd, uint32 counted, uint64 verifiedEpoch, uint32 verified)
    {
        RegionState memory state = _regionStates[regionId];
        return (state.windowEnd, state.counted, state.verifiedEpoch, state.verified);
    }

    /// @inheritdoc IQuorumInsurance
    function payoutFraction(uint32 productId, int64 value) public view returns (uint256) {
        return _fraction(_products[productId], value);
    }

    /// @dev Reads what every item of the round needs: the region's sensors and state, the registry's epoch (a moved
    /// epoch forgets which sensors were seen active), the round key's words of the struct hash.
    function _openRound(uint32 regionId, RegionState memory state, uint32 metric, uint64 windowStart, uint64 windowEnd)
        private
        view
        returns (Round memory round)
    {
        round.sensorCount = state.sensorCount;
        round.sensors = SensorList.load(_sensorList(regionId), round.sensorCount);
        round.words = QuorumRound.observationWords(metric, windowStart, windowEnd);
        round.separator = _domainSeparator();
        round.olderWindow = windowEnd < state.windowEnd;
        if (windowEnd == state.windowEnd) round.counted = state.counted;
        round.epoch = _deviceRegistry().revocationEpoch();
        if (round.epoch == state.verifiedEpoch) round.verified = state.verified;
    }

    /// @dev The data contract holding region `regionId`'s sensors (SensorList): createRegion makes it with this
    /// contract's CREATE at nonce `regionId` (nonces start at 1, and regions are this contract's only creations).
    function _sensorList(uint32 regionId) private view returns (address) {
        return SensorList.createdAt(address(this), regionId);
    }

    /// @dev Writes a region's state after a round that counted: its window, who counted for it, and who was seen
    /// active at which epoch. One SSTORE of the word laid out as RegionState (Solidity packs a struct's members from
    /// the low-order bits in declaration order), rather than a read-modify-write per member.
    function _storeRegionState(uint32 regionId, RegionState memory state, uint64 windowEnd, Round memory round)
        private
    {
        // The bitmaps hold at most MAX_REGION_SENSORS (32) bits.
        uint256 word = uint256(windowEnd) | (round.counted << 64) | (uint256(round.epoch) << 96)
            | (round.verified << 160) | (uint256(state.sensorCount) << 192) | (uint256(state.productCount) << 200)
            | (uint256(state.firstProduct) << 208);
        RegionState storage stored = _regionStates[regionId];
        assembly ("memory-safe") {
            sstore(stored.slot, word)
        }
    }

    /// @dev Judges every item, emitting ObservationSkipped for the bad ones; returns the valid values.
    function _judge(Round memory round, uint256[_LANE_SLOTS] storage lanes, bytes calldata items)
        private
        returns (int64[] memory values, uint256 count)
    {
        uint256 n = items.length / QuorumRound.ITEM_LENGTH;
        values = new int64[](n);
        // count <= i < n <= MAX_REGION_SENSORS: the counters cannot overflow.
        unchecked {
            for (uint256 i; i < n; ++i) {
                bytes calldata item = QuorumRound.itemAt(items, i);
                (SkipReason reason, address device) = _accept(round, lanes, item);
                if (reason == SkipReason.None) {
                    int64 v = QuorumRound.value(item);
                    // values[count] without the bounds check: count <= i < n = values.length.
                    assembly ("memory-safe") {
                        mstore(add(add(values, 0x20), shl(5, count)), v)
                    }
                    ++count;
                } else {
                    emit ObservationSkipped(i, device, reason);
                }
            }
        }
    }

    /// @dev Judges one item; on success records the sensor's sequence and marks it counted (and seen active), else
    /// returns why not. Cheap checks first; the registry only for a sensor not seen active since the epoch moved.
    function _accept(Round memory round, uint256[_LANE_SLOTS] storage lanes, bytes calldata item)
        private
        returns (SkipReason, address device)
    {
        (uint256 index, uint64 sequence, uint32 flags) = QuorumRound.head(item);
        if (index >= round.sensorCount) return (SkipReason.NotInRegion, address(0));
        device = SensorList.get(round.sensors, index);
        if (round.olderWindow) return (SkipReason.WindowNotNewer, device);
        if (flags & _DISQUALIFYING_FLAGS != 0) return (SkipReason.BadFlags, device);
        uint256 bit = uint256(1) << index;
        if (round.counted & bit != 0) return (SkipReason.AlreadyCounted, device);
        // index < sensorCount <= MAX_REGION_SENSORS, so slot < _LANE_SLOTS: the lane slot is read and written in
        // assembly without Solidity's bounds check.
        uint256 slot;
        assembly ("memory-safe") {
            slot := add(lanes.slot, shr(2, index)) // index / _LANES_PER_SLOT
        }
        uint256 shift = (index & 3) << 6; // (index % _LANES_PER_SLOT) * _LANE_BITS
        uint256 word;
        assembly ("memory-safe") {
            word := sload(slot)
        }
        if (sequence <= _laneSequence(word, shift)) return (SkipReason.SequenceReplayed, device);
        // device is a region's sensor, registered and so never zero: a failed recovery (zero) cannot match it.
        bytes32 digest = QuorumRound.itemDigest(round.words, round.separator, item, device);
        if (DeviceAuth.recover(digest, QuorumRound.itemSignature(item)) != device) {
            return (SkipReason.BadSignature, device);
        }
        if (round.verified & bit == 0) {
            if (!DeviceAuth.isActive(_deviceRegistry(), device, DeviceRoles.SENSOR)) {
                return (SkipReason.NotActiveSensor, device);
            }
            round.verified |= bit;
        }
        round.counted |= bit;
        word = (word & ~(uint256(type(uint64).max) << shift)) | (uint256(~sequence) << shift);
        assembly ("memory-safe") {
            sstore(slot, word)
        }
        return (SkipReason.None, device);
    }

    /// @dev The last accepted sequence in the lane at bit offset `shift` of a lane slot (a lane holds its complement).
    function _laneSequence(uint256 word, uint256 shift) private pure returns (uint64) {
        // The lane is the low 64 bits after the shift.
        // forge-lint: disable-next-line(unsafe-typecast)
        return ~uint64(word >> shift);
    }

    /// @dev Pays the policies of every product of the region that this round decides.
    function _payProducts(
        uint32 regionId,
        RegionState memory state,
        uint32 metric,
        uint64 windowStart,
        uint64 windowEnd,
        uint256 count,
        int64 median
    ) private {
        for (uint256 j; j < state.productCount; ++j) {
            uint32 productId = j == 0 ? state.firstProduct : _moreProducts[regionId][j - 1];
            Product storage p = _products[productId];
            if (p.metric != metric || p.windowLength != windowEnd - windowStart) continue;
            bool stale = block.timestamp - windowEnd > p.staleness;
            if (count < p.quorum || stale) {
                emit RoundIgnored(productId, windowEnd, count, stale);
                continue;
            }
            uint256 fraction = _fraction(p, median);
            if (fraction == 0) continue;
            _payPolicies(productId, windowStart, windowEnd, fraction, median);
        }
    }

    /// @dev Tops every covering active policy of a product up to `fraction` of its sum insured.
    function _payPolicies(uint32 productId, uint64 windowStart, uint64 windowEnd, uint256 fraction, int64 median)
        private
    {
        uint256[] storage active = _active[productId];
        // Walk backwards: closing a policy swaps the last entry into its slot.
        for (uint256 k = active.length; k > 0; --k) {
            uint256 policyId = active[k - 1];
            Policy storage pol = _policies[policyId];
            if (windowStart < pol.start || windowEnd > pol.end) continue;
            _topUp(policyId, pol, productId, fraction, median);
        }
    }

    /// @dev Pays a policy what `fraction` of its sum insured is due beyond what it already paid.
    function _topUp(uint256 policyId, Policy storage pol, uint32 productId, uint256 fraction, int64 median) private {
        uint256 sumInsured = pol.sumInsured;
        uint256 due = Math.mulDiv(sumInsured, fraction, 1e18);
        uint256 paid = pol.paid;
        if (due <= paid) return;
        uint256 amount = due - paid;
        // due <= sumInsured, a uint128.
        // forge-lint: disable-next-line(unsafe-typecast)
        pol.paid = uint128(due);
        address beneficiary = pol.beneficiary;
        emit PolicyPaid(policyId, beneficiary, amount, due, median);
        _pool.payClaim(beneficiary, amount);
        if (pol.notify) {
            try IPayoutReceiver(beneficiary).onPolicyPayout{gas: CALLBACK_GAS}(policyId, amount) {}
            catch {
                emit PayoutCallbackFailed(policyId, beneficiary);
            }
        }
        if (due == sumInsured) _close(policyId, pol, productId);
    }

    /// @dev Closes a policy, releases its unpaid capital and removes it from its product's active list.
    function _close(uint256 policyId, Policy storage pol, uint32 productId) private {
        uint256 released = uint256(pol.sumInsured) - pol.paid;
        pol.status = PolicyStatus.Closed;
        uint256[] storage active = _active[productId];
        uint256 last = active.length - 1;
        for (uint256 i; i <= last; ++i) {
            if (active[i] == policyId) {
                active[i] = active[last];
                active.pop();
                break;
            }
        }
        emit PolicyClosed(policyId, released);
        if (released > 0) _pool.releaseCapital(released);
    }

    /// @dev Linear payout fraction ×1e18: 0 on the safe side of the trigger, 1e18 past the exit. Reads the exit
    /// (the product's second slot) only past the trigger.
    function _fraction(Product storage p, int64 value) private view returns (uint256) {
        int64 trigger = p.trigger;
        bool below = p.direction == Direction.Below;
        if (below ? value >= trigger : value <= trigger) return 0;
        int64 exit = p.exit;
        if (below ? value <= exit : value >= exit) return 1e18;
        // value lies strictly between trigger and exit: both differences are non-zero and of the same sign.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint256((int256(value) - trigger) * 1e18 / (int256(exit) - trigger));
    }

    /// @dev Median of the first `count` values (insertion sort; count <= MAX_REGION_SENSORS). Even counts take the
    /// lower middle's and upper middle's mean, rounded toward zero.
    function _median(int64[] memory values, uint256 count) private pure returns (int64) {
        // Sorts values[0, count) in place; count <= values.length. Memory holds each int64 sign-extended to a word,
        // so the signed word comparison (sgt) orders them.
        assembly ("memory-safe") {
            let first := add(values, 0x20)
            let end := add(first, shl(5, count))
            for { let next := add(first, 0x20) } lt(next, end) { next := add(next, 0x20) } {
                let v := mload(next)
                // shift the sorted values above v one word up, then put v in the gap
                let p := next
                for {} gt(p, first) { p := sub(p, 0x20) } {
                    let u := mload(sub(p, 0x20))
                    if iszero(sgt(u, v)) { break }
                    mstore(p, u)
                }
                mstore(p, v)
            }
        }
        uint256 mid = count / 2;
        if (count % 2 == 1) return values[mid];
        return int64((int256(values[mid - 1]) + values[mid]) / 2);
    }
}
