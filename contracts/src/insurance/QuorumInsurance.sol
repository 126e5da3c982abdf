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
import {EdgeMessages, Observation} from "../core/libraries/EdgeMessages.sol";
import {QuorumRound} from "./libraries/QuorumRound.sol";
import {SensorList} from "./libraries/SensorList.sol";

/// @title QuorumInsurance
/// @notice Products, policies and quorum rounds over a RiskPool. A window is (region, metric, windowStart, windowEnd)
/// on the grid of one of the region's products (its metric and window length, starting at a multiple of that
/// length). Rounds for a window are verified item by item (signature, registry role, region membership, flags), bad
/// items are skipped with an event, and the valid values are kept with the window, one per sensor. The window is
/// decided once, over every value that arrived: in the call where the last of the region's n sensors counts, or by
/// anyone after its deadline (windowEnd + the products' staleness). The median of the set then decides every
/// product of the region on that grid whose quorum the count meets, paying the policies whose coverage holds the
/// window. So the outcome depends only on the set of valid readings, never on how a relayer split or ordered them.
/// @dev Laid out so that the honest common case, a round carrying all n sensors, touches few cold slots (the budget
/// is 15,000 gas per item in a batch of 10, the whole transaction counted; see contracts/README.md for the figures):
/// - a round arrives packed (QuorumRound): the round key once, then per item the sensor's index in its region, the
///   observation's own fields and the signature. The contract rebuilds the signed Observation from the region's
///   sensor at that index, the round key and the item, so membership needs no lookup, and an item of another
///   device, metric or window fails its signature;
/// - the region's sensors are the code of a data contract (SensorList), read whole with one EXTCODECOPY per round;
///   the list is this contract's k-th CREATE, and only k (a uint32 in the region's slot) is stored, not its address;
///   addSensor writes a longer list and moves k, so indexes already given out never change;
/// - one slot per region (RegionState) holds which sensors were seen active in the registry at its current
///   revocation epoch (DeviceRegistry.revocationEpoch, read once per round: the registry is asked per item only
///   after a revocation anywhere), the sensor count and the first product; it is written only when that changes;
/// - one slot per window (WindowState): who counted and whether it is decided. Values are stored (four to a slot)
///   only while a window waits for more sensors; a window that all n sensors fill in one call stores none;
/// - no per-sensor sequence: a sensor counts once per metric and window, so relaying a later window first cannot
///   kill an earlier one's items.
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

    /// @dev Stored values per slot (64-bit lanes, by sensor index) and value slots per window.
    uint256 private constant _LANES_PER_SLOT = 4;
    uint256 private constant _VALUE_SLOTS = 8; // MAX_REGION_SENSORS / _LANES_PER_SLOT

    /// @dev A region's state: one slot, read once per round, written when the registry's epoch or the seen-active
    /// set changed. The first product is here so that a single-product region's round reads no product list.
    struct RegionState {
        uint64 verifiedEpoch; // the registry's revocationEpoch that `verified` belongs to
        uint32 verified; // bit i: sensor i seen active as a sensor during verifiedEpoch
        uint8 sensorCount;
        uint8 productCount;
        uint32 firstProduct;
        uint32 listNonce; // the CREATE nonce of the region's current SensorList (addSensor writes a new one)
    }

    /// @dev A window's state (key: _windowKey).
    struct WindowState {
        uint32 counted; // bit i: sensor i counted for the window
        bool decided;
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
        uint256 counted; // WindowState.counted, plus the items accepted so far
        uint256 verified; // RegionState.verified for the registry's current epoch, plus the sensors asked so far
        uint64 epoch; // the registry's revocationEpoch
        bool closed; // the window is decided or past its deadline: every item is skipped
        int64[] values; // by sensor index: the stored values of the window, then this round's
    }

    /// @dev The window a round or decision is about, and the region's products on its grid.
    struct Window {
        uint32 regionId;
        uint32 metric;
        uint64 windowStart;
        uint64 windowEnd;
        bytes32 key;
        uint64 deadline;
        uint256 productCount;
        uint32[MAX_REGION_PRODUCTS] products;
    }

    IRiskPool private immutable _pool;
    IERC20 private immutable _asset;

    uint32 private _regionCount;
    uint32 private _productCount;
    uint32 private _listCount; // SensorLists created so far: this contract's CREATE nonce minus one
    uint256 private _policyCount;

    mapping(address sensor => Membership) private _memberships;
    mapping(uint32 regionId => RegionState) private _regionStates;
    mapping(uint32 regionId => uint32[MAX_REGION_PRODUCTS - 1]) private _moreProducts; // after firstProduct
    mapping(bytes32 windowKey => WindowState) private _windows;
    mapping(bytes32 windowKey => uint256[_VALUE_SLOTS]) private _values; // while the window is open
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
        uint32 listNonce = ++_listCount;
        for (uint256 i; i < n; ++i) {
            address sensor = sensors[i];
            if (_memberships[sensor].region != 0 || !_deviceRegistry().isActive(sensor, DeviceRoles.SENSOR)) {
                revert QuorumInsuranceBadRegion(sensor);
            }
            // i < MAX_REGION_SENSORS, which fits a uint8.
            // forge-lint: disable-next-line(unsafe-typecast)
            _memberships[sensor] = Membership({region: regionId, index: uint8(i)});
        }
        // The list is this contract's listNonce-th CREATE (it creates nothing else); _sensorList finds it there.
        if (SensorList.store(sensors) != SensorList.createdAt(address(this), listNonce)) {
            revert QuorumInsuranceBadRegion(address(0));
        }
        // Every sensor was just seen active. n <= MAX_REGION_SENSORS: the bitmap fits a uint32, the count a uint8.
        // forge-lint: disable-next-line(unsafe-typecast)
        (uint32 everyone, uint8 count) = (uint32((uint256(1) << n) - 1), uint8(n));
        _regionStates[regionId] = RegionState({
            verifiedEpoch: _deviceRegistry().revocationEpoch(),
            verified: everyone,
            sensorCount: count,
            productCount: 0,
            firstProduct: 0,
            listNonce: listNonce
        });
        emit RegionCreated(regionId, sensors);
    }

    /// @inheritdoc IQuorumInsurance
    function addSensor(uint32 regionId, address sensor) external onlyOwner returns (uint8 index) {
        if (regionId == 0 || regionId > _regionCount) revert QuorumInsuranceUnknownRegion(regionId);
        RegionState memory state = _regionStates[regionId];
        uint256 n = state.sensorCount;
        if (n == MAX_REGION_SENSORS) revert QuorumInsuranceRegionFull(regionId);
        if (_memberships[sensor].region != 0 || !_deviceRegistry().isActive(sensor, DeviceRoles.SENSOR)) {
            revert QuorumInsuranceBadRegion(sensor);
        }
        bytes memory packed = SensorList.load(_sensorList(state), n);
        address[] memory list = new address[](n + 1);
        for (uint256 i; i < n; ++i) {
            list[i] = SensorList.get(packed, i);
        }
        list[n] = sensor;
        uint32 listNonce = ++_listCount;
        if (SensorList.store(list) != SensorList.createdAt(address(this), listNonce)) {
            revert QuorumInsuranceBadRegion(address(0));
        }
        // n < MAX_REGION_SENSORS (32): the index fits a uint8, the count too.
        // forge-lint: disable-next-line(unsafe-typecast)
        index = uint8(n);
        _memberships[sensor] = Membership({region: regionId, index: index});
        RegionState storage stored = _regionStates[regionId];
        stored.sensorCount = index + 1;
        stored.listNonce = listNonce;
        // Just seen active: the bit holds for the epoch the others were verified at, if that is still the registry's.
        if (state.verifiedEpoch == _deviceRegistry().revocationEpoch()) {
            // n < 32: the bit fits a uint32.
            // forge-lint: disable-next-line(unsafe-typecast)
            stored.verified = state.verified | uint32(1 << n);
        }
        emit RegionSensorAdded(regionId, sensor, index);
    }

    /// @inheritdoc IQuorumInsurance
    function createProduct(Product calldata terms) external onlyOwner returns (uint32 productId) {
        RegionState storage state = _regionStates[terms.region];
        uint256 n = state.sensorCount;
        bool thresholdsOk = terms.direction == Direction.Below ? terms.exit <= terms.trigger : terms.exit >= terms.trigger;
        if (
            n == 0 || terms.quorum == 0 || terms.quorum > n || terms.windowLength == 0 || terms.premiumBps == 0
                || terms.premiumBps > 10_000 || !thresholdsOk || terms.minSumInsured == 0
                || uint256(terms.maxCoverage) < uint256(terms.waitingPeriod) + terms.windowLength
                || uint256(terms.windowLength) + 2 * uint256(terms.staleness) > _pool.redeemDelay()
        ) revert QuorumInsuranceBadProduct();
        uint8 k = state.productCount;
        if (k == MAX_REGION_PRODUCTS) revert QuorumInsuranceTooManyProducts(terms.region);
        // Products on one grid share its windows, so they share the windows' deadline.
        for (uint256 j; j < k; ++j) {
            Product storage other = _products[j == 0 ? state.firstProduct : _moreProducts[terms.region][j - 1]];
            if (
                other.metric == terms.metric && other.windowLength == terms.windowLength
                    && other.staleness != terms.staleness
            ) revert QuorumInsuranceBadProduct();
        }
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
        if (
            end <= start || end - start < p.windowLength || start < block.timestamp + p.waitingPeriod
                || end > block.timestamp + p.maxCoverage || end > type(uint48).max
        ) revert QuorumInsuranceBadCoverage(start, end);
        if (beneficiary == address(0) || sumInsured < p.minSumInsured) revert QuorumInsuranceBadPolicy();
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

        // The premium is earned by the pool over the coverage, not at the sale; the capital is locked now.
        _asset.safeTransferFrom(msg.sender, address(_pool), premium);
        _pool.earnPremium(premium, start, end);
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
        if (block.timestamp <= uint256(pol.end) + 2 * uint256(_products[productId].staleness)) {
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
        Window memory w = _window(regionId, state, metric, windowStart, windowEnd);
        WindowState memory stored = _windows[w.key];
        Round memory round = _openRound(regionId, state, w, stored);
        count = _judge(round, items);
        if (round.closed) {
            // Past the deadline: this round decides the window over what arrived before it.
            if (!stored.decided) _decide(w, round, stored.counted);
            return 0;
        }
        if (count == 0) return 0;
        if (round.epoch != state.verifiedEpoch || round.verified != state.verified) {
            _storeVerified(regionId, round);
        }
        uint256 everyone = (uint256(1) << round.sensorCount) - 1;
        if (round.counted == everyone) {
            _decide(w, round, stored.counted);
        } else {
            // The bitmap holds at most MAX_REGION_SENSORS (32) bits.
            // forge-lint: disable-next-line(unsafe-typecast)
            _windows[w.key].counted = uint32(round.counted);
            _storeValues(w.key, round, stored.counted);
            emit WindowCollected(regionId, metric, windowStart, windowEnd, _popCount(round.counted));
        }
    }

    /// @inheritdoc IQuorumInsurance
    function decideWindow(uint32 regionId, uint32 metric, uint64 windowStart, uint64 windowEnd) external {
        RegionState memory state = _regionStates[regionId];
        Window memory w = _window(regionId, state, metric, windowStart, windowEnd);
        WindowState memory stored = _windows[w.key];
        if (stored.decided) revert QuorumInsuranceWindowAlreadyDecided();
        if (block.timestamp <= w.deadline) revert QuorumInsuranceWindowOpen(w.deadline);
        Round memory round;
        round.values = new int64[](state.sensorCount);
        round.counted = stored.counted;
        _loadValues(w.key, stored.counted, round.values);
        _decide(w, round, stored.counted);
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
        RegionState memory state = _regionStates[regionId];
        return SensorList.toArray(SensorList.load(_sensorList(state), state.sensorCount));
    }

    /// @inheritdoc IQuorumInsurance
    function activePolicies(uint32 productId) external view returns (uint256[] memory) {
        return _active[productId];
    }

    /// @inheritdoc IQuorumInsurance
    function sensorState(address sensor) external view returns (uint32 regionId, uint8 index) {
        Membership memory m = _memberships[sensor];
        return (m.region, m.index);
    }

    /// @inheritdoc IQuorumInsurance
    function regionState(uint32 regionId) external view returns (uint64 verifiedEpoch, uint32 verified) {
        RegionState memory state = _regionStates[regionId];
        return (state.verifiedEpoch, state.verified);
    }

    /// @inheritdoc IQuorumInsurance
    function windowState(uint32 regionId, uint32 metric, uint64 windowStart, uint64 windowEnd)
        external
        view
        returns (uint32 counted, bool decided, int64[] memory values)
    {
        bytes32 key = _windowKey(regionId, metric, windowStart, windowEnd);
        WindowState memory stored = _windows[key];
        values = new int64[](_regionStates[regionId].sensorCount);
        if (!stored.decided) _loadValues(key, stored.counted, values);
        return (stored.counted, stored.decided, values);
    }

    /// @inheritdoc IQuorumInsurance
    function observationDigest(Observation calldata obs) external view returns (bytes32) {
        return EdgeMessages.toTypedDataHash(_domainSeparator(), EdgeMessages.hashCalldata(obs));
    }

    /// @inheritdoc IQuorumInsurance
    function payoutFraction(uint32 productId, int64 value) public view returns (uint256) {
        return _fraction(_products[productId], value);
    }

    /// @dev The window of a round or decision: it must sit on the grid of at least one product of the region (its
    /// metric and window length, a start at a multiple of that length); those products decide it, and their shared
    /// staleness sets its deadline.
    function _window(uint32 regionId, RegionState memory state, uint32 metric, uint64 windowStart, uint64 windowEnd)
        private
        view
        returns (Window memory w)
    {
        (w.regionId, w.metric, w.windowStart, w.windowEnd) = (regionId, metric, windowStart, windowEnd);
        uint256 length = windowEnd > windowStart ? windowEnd - windowStart : 0;
        uint32 staleness;
        if (length != 0 && windowStart % length == 0) {
            for (uint256 j; j < state.productCount; ++j) {
                uint32 productId = j == 0 ? state.firstProduct : _moreProducts[regionId][j - 1];
                Product storage p = _products[productId];
                if (p.metric != metric || p.windowLength != length) continue;
                w.products[w.productCount++] = productId;
                staleness = p.staleness;
            }
        }
        if (w.productCount == 0) revert QuorumInsuranceOffGrid(regionId, metric, windowStart, windowEnd);
        w.key = _windowKey(regionId, metric, windowStart, windowEnd);
        w.deadline = windowEnd + staleness;
    }

    /// @dev The storage key of a window.
    function _windowKey(uint32 regionId, uint32 metric, uint64 windowStart, uint64 windowEnd)
        private
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(regionId, metric, windowStart, windowEnd));
    }

    /// @dev Reads what every item of the round needs: the region's sensors, the registry's epoch (a moved epoch
    /// forgets which sensors were seen active), the round key's words of the struct hash, and the window's stored
    /// values.
    function _openRound(uint32 regionId, RegionState memory state, Window memory w, WindowState memory stored)
        private
        view
        returns (Round memory round)
    {
        round.sensorCount = state.sensorCount;
        round.sensors = SensorList.load(_sensorList(state), round.sensorCount);
        round.words = QuorumRound.observationWords(w.metric, w.windowStart, w.windowEnd);
        round.separator = _domainSeparator();
        round.closed = stored.decided || block.timestamp > w.deadline;
        round.counted = stored.counted;
        round.values = new int64[](round.sensorCount);
        if (!stored.decided) _loadValues(w.key, stored.counted, round.values);
        round.epoch = _deviceRegistry().revocationEpoch();
        if (round.epoch == state.verifiedEpoch) round.verified = state.verified;
    }

    /// @dev The data contract holding a region's current sensors (SensorList): createRegion or addSensor made it with
    /// this contract's CREATE at nonce `state.listNonce` (nonces start at 1, and sensor lists are its only creations).
    function _sensorList(RegionState memory state) private view returns (address) {
        return SensorList.createdAt(address(this), state.listNonce);
    }

    /// @dev Writes which sensors were seen active at which registry epoch.
    function _storeVerified(uint32 regionId, Round memory round) private {
        RegionState storage stored = _regionStates[regionId];
        stored.verifiedEpoch = round.epoch;
        // The bitmap holds at most MAX_REGION_SENSORS (32) bits.
        // forge-lint: disable-next-line(unsafe-typecast)
        stored.verified = uint32(round.verified);
    }

    /// @dev Judges every item, emitting ObservationSkipped for the bad ones; returns how many counted.
    function _judge(Round memory round, bytes calldata items) private returns (uint256 count) {
        uint256 n = items.length / QuorumRound.ITEM_LENGTH;
        // count <= i < n <= MAX_REGION_SENSORS: the counters cannot overflow.
        unchecked {
            for (uint256 i; i < n; ++i) {
                bytes calldata item = QuorumRound.itemAt(items, i);
                (SkipReason reason, address device) = _accept(round, item);
                if (reason == SkipReason.None) ++count;
                else emit ObservationSkipped(i, device, reason);
            }
        }
    }

    /// @dev Judges one item; on success records its value and marks the sensor counted (and seen active), else
    /// returns why not. Cheap checks first; the registry only for a sensor not seen active since the epoch moved.
    function _accept(Round memory round, bytes calldata item) private view returns (SkipReason, address device) {
        (uint256 index,, uint32 flags) = QuorumRound.head(item);
        if (index >= round.sensorCount) return (SkipReason.NotInRegion, address(0));
        device = SensorList.get(round.sensors, index);
        if (round.closed) return (SkipReason.WindowDecided, device);
        if (flags & _DISQUALIFYING_FLAGS != 0) return (SkipReason.BadFlags, device);
        uint256 bit = uint256(1) << index;
        if (round.counted & bit != 0) return (SkipReason.AlreadyCounted, device);
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
        round.values[index] = QuorumRound.value(item);
        return (SkipReason.None, device);
    }

    /// @dev Reads the stored values of the sensors in `counted` into `values` (by index).
    function _loadValues(bytes32 key, uint256 counted, int64[] memory values) private view {
        if (counted == 0) return;
        uint256[_VALUE_SLOTS] storage slots = _values[key];
        for (uint256 s; s < _VALUE_SLOTS; ++s) {
            uint256 lanes = (counted >> (s * _LANES_PER_SLOT)) & 0xf;
            if (lanes == 0) continue;
            uint256 word = slots[s];
            for (uint256 l; l < _LANES_PER_SLOT; ++l) {
                // Each lane is 64 bits holding an int64's two's complement.
                // forge-lint: disable-next-line(unsafe-typecast)
                if (lanes & (1 << l) != 0) values[s * _LANES_PER_SLOT + l] = int64(uint64(word >> (l * 64)));
            }
        }
    }

    /// @dev Stores the values this round added (the sensors in round.counted but not in `before`).
    function _storeValues(bytes32 key, Round memory round, uint256 before) private {
        uint256 added = round.counted & ~before;
        uint256[_VALUE_SLOTS] storage slots = _values[key];
        for (uint256 s; s < _VALUE_SLOTS; ++s) {
            uint256 lanes = (added >> (s * _LANES_PER_SLOT)) & 0xf;
            if (lanes == 0) continue;
            uint256 word = ((before >> (s * _LANES_PER_SLOT)) & 0xf) == 0 ? 0 : slots[s];
            for (uint256 l; l < _LANES_PER_SLOT; ++l) {
                if (lanes & (1 << l) == 0) continue;
                // The lane takes the int64's 64-bit two's complement.
                // forge-lint: disable-next-line(unsafe-typecast)
                uint256 lane = uint256(uint64(round.values[s * _LANES_PER_SLOT + l]));
                word = (word & ~(uint256(type(uint64).max) << (l * 64))) | (lane << (l * 64));
            }
            slots[s] = word;
        }
    }

    /// @dev Decides a window over the values of the sensors in round.counted: marks it decided, clears the values
    /// it had stored (`stored`), then pays every product on its grid whose quorum the count meets.
    function _decide(Window memory w, Round memory round, uint256 stored) private {
        // The bitmap holds at most MAX_REGION_SENSORS (32) bits.
        // forge-lint: disable-next-line(unsafe-typecast)
        _windows[w.key] = WindowState({counted: uint32(round.counted), decided: true});
        if (stored != 0) {
            uint256[_VALUE_SLOTS] storage slots = _values[w.key];
            for (uint256 s; s < _VALUE_SLOTS; ++s) {
                if ((stored >> (s * _LANES_PER_SLOT)) & 0xf != 0) delete slots[s];
            }
        }
        (int64[] memory set, uint256 count) = _compact(round.values, round.counted);
        int64 median = count == 0 ? int64(0) : _median(set, count);
        emit WindowDecided(w.regionId, w.metric, w.windowStart, w.windowEnd, count, median);
        _payProducts(w, count, median);
    }

    /// @dev The values of the sensors in `counted`, in index order, and how many.
    function _compact(int64[] memory byIndex, uint256 counted)
        private
        pure
        returns (int64[] memory set, uint256 count)
    {
        set = new int64[](byIndex.length);
        for (uint256 i; i < byIndex.length; ++i) {
            if (counted & (uint256(1) << i) != 0) set[count++] = byIndex[i];
        }
    }

    /// @dev How many bits of `bits` are set.
    function _popCount(uint256 bits) private pure returns (uint256 count) {
        for (; bits != 0; bits &= bits - 1) ++count;
    }

    /// @dev Pays the policies of every product on the decided window's grid whose quorum `count` meets.
    function _payProducts(Window memory w, uint256 count, int64 median) private {
        for (uint256 j; j < w.productCount; ++j) {
            uint32 productId = w.products[j];
            Product storage p = _products[productId];
            if (count < p.quorum) {
                emit WindowIgnored(productId, w.windowEnd, count);
                continue;
            }
            uint256 fraction = _fraction(p, median);
            if (fraction == 0) continue;
            _payPolicies(productId, w.windowStart, w.windowEnd, fraction, median);
        }
    }

    /// @dev Tops every covering active policy of a product up to `fraction` of its sum insured. A policy covers the
    /// windows lying wholly inside [start, end); its start is never before its purchase (buyPolicy).
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
