// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {RegistryDomain} from "./base/RegistryDomain.sol";
import {IPayoutReceiver, IQuorumInsurance} from "./interfaces/IQuorumInsurance.sol";
import {IRiskPool} from "./interfaces/IRiskPool.sol";
import {DeviceRoles} from "./libraries/DeviceRoles.sol";
import {EdgeMessages, Observation} from "./libraries/EdgeMessages.sol";

/// @title QuorumInsurance
/// @notice Products, policies and quorum rounds over a RiskPool. A round is verified item by item (signature,
/// registry role, region membership, sequence, window), bad items are skipped with an event, and the median of the
/// valid values decides every product of the region whose quorum k it meets and for which it is fresh. Nothing per
/// window is stored: a sensor may contribute to each window once (its last window end only moves forward), so a
/// round cannot be stuffed, and a later round for the same window can only add sensors that were missing.
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

    struct RoundKey {
        uint32 region;
        uint32 metric;
        uint64 windowStart;
        uint64 windowEnd;
    }

    struct SensorState {
        uint64 lastSequence;
        uint32 region;
        uint64 lastWindowEnd;
    }

    IRiskPool private immutable _pool;
    IERC20 private immutable _asset;

    uint32 private _regionCount;
    uint32 private _productCount;
    uint256 private _policyCount;

    mapping(address sensor => SensorState) private _sensors;
    mapping(uint32 regionId => address[]) private _regionSensors;
    mapping(uint32 regionId => uint32[]) private _regionProducts;
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
            if (_sensors[sensor].region != 0 || !_deviceRegistry().isActive(sensor, DeviceRoles.SENSOR)) {
                revert QuorumInsuranceBadRegion(sensor);
            }
            _sensors[sensor].region = regionId;
        }
        _regionSensors[regionId] = sensors;
        emit RegionCreated(regionId, sensors);
    }

    /// @inheritdoc IQuorumInsurance
    function createProduct(Product calldata terms) external onlyOwner returns (uint32 productId) {
        uint256 n = _regionSensors[terms.region].length;
        bool thresholdsOk = terms.direction == Direction.Below ? terms.exit <= terms.trigger : terms.exit >= terms.trigger;
        if (
            n == 0 || terms.quorum == 0 || terms.quorum > n || terms.windowLength == 0 || terms.premiumBps == 0
                || terms.premiumBps > 10_000 || !thresholdsOk
        ) revert QuorumInsuranceBadProduct();
        uint32[] storage products = _regionProducts[terms.region];
        if (products.length >= MAX_REGION_PRODUCTS) revert QuorumInsuranceTooManyProducts(terms.region);
        productId = ++_productCount;
        Product memory stored = terms;
        stored.active = true;
        _products[productId] = stored;
        products.push(productId);
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
    function submitRound(
        uint32 regionId,
        uint32 metric,
        uint64 windowStart,
        uint64 windowEnd,
        Observation[] calldata observations,
        bytes[] calldata signatures
    ) external returns (uint256 count) {
        uint256 n = observations.length;
        if (
            n != signatures.length || n == 0 || n > MAX_REGION_SENSORS || windowEnd <= windowStart
                || windowEnd > block.timestamp
        ) revert QuorumInsuranceBadRound();

        int64[] memory values = new int64[](n);
        bytes32 separator = _domainSeparator();
        RoundKey memory key = RoundKey(regionId, metric, windowStart, windowEnd);
        for (uint256 i; i < n; ++i) {
            Observation calldata obs = observations[i];
            SkipReason reason = _accept(obs, signatures[i], separator, key);
            if (reason == SkipReason.None) values[count++] = obs.value;
            else emit ObservationSkipped(i, obs.device, reason);
        }
        if (count == 0) return 0;

        int64 median = _median(values, count);
        emit RoundAggregated(regionId, metric, windowStart, windowEnd, count, median);
        _payProducts(regionId, metric, windowStart, windowEnd, count, median);
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
        return _regionSensors[regionId];
    }

    /// @inheritdoc IQuorumInsurance
    function activePolicies(uint32 productId) external view returns (uint256[] memory) {
        return _active[productId];
    }

    /// @inheritdoc IQuorumInsurance
    function sensorState(address sensor)
        external
        view
        returns (uint64 lastSequence, uint32 regionId, uint64 lastWindowEnd)
    {
        SensorState memory s = _sensors[sensor];
        return (s.lastSequence, s.region, s.lastWindowEnd);
    }

    /// @inheritdoc IQuorumInsurance
    function payoutFraction(uint32 productId, int64 value) public view returns (uint256) {
        Product storage p = _products[productId];
        return _fraction(p.direction, p.trigger, p.exit, value);
    }

    /// @dev Verifies one item; on success records the sensor's sequence and window, else returns why not.
    function _accept(
        Observation calldata obs,
        bytes calldata signature,
        bytes32 separator,
        RoundKey memory key
    ) private returns (SkipReason) {
        uint64 windowEnd = key.windowEnd;
        if (obs.metric != key.metric || obs.windowStart != key.windowStart || obs.windowEnd != windowEnd) {
            return SkipReason.WindowMismatch;
        }
        if (obs.flags & _DISQUALIFYING_FLAGS != 0) return SkipReason.BadFlags;
        address device = obs.device;
        SensorState memory s = _sensors[device];
        if (s.region != key.region || s.region == 0) return SkipReason.NotInRegion;
        if (obs.sequence <= s.lastSequence) return SkipReason.SequenceReplayed;
        if (windowEnd <= s.lastWindowEnd) return SkipReason.WindowNotNewer;
        bytes32 digest = EdgeMessages.toTypedDataHash(separator, EdgeMessages.hashCalldata(obs));
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err != ECDSA.RecoverError.NoError || signer != device) return SkipReason.BadSignature;
        if (!_deviceRegistry().isActive(device, DeviceRoles.SENSOR)) return SkipReason.NotActiveSensor;
        _sensors[device] = SensorState({lastSequence: obs.sequence, region: s.region, lastWindowEnd: windowEnd});
        return SkipReason.None;
    }

    /// @dev Pays the policies of every product of the region that this round decides.
    function _payProducts(
        uint32 regionId,
        uint32 metric,
        uint64 windowStart,
        uint64 windowEnd,
        uint256 count,
        int64 median
    ) private {
        uint32[] storage products = _regionProducts[regionId];
        uint256 m = products.length;
        for (uint256 j; j < m; ++j) {
            uint32 productId = products[j];
            Product storage p = _products[productId];
            if (p.metric != metric || p.windowLength != windowEnd - windowStart) continue;
            bool stale = block.timestamp - windowEnd > p.staleness;
            if (count < p.quorum || stale) {
                emit RoundIgnored(productId, windowEnd, count, stale);
                continue;
            }
            uint256 fraction = _fraction(p.direction, p.trigger, p.exit, median);
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

    /// @dev Linear payout fraction ×1e18: 0 on the safe side of the trigger, 1e18 past the exit.
    function _fraction(Direction direction, int64 trigger, int64 exit, int64 value) private pure returns (uint256) {
        if (direction == Direction.Below) {
            if (value >= trigger) return 0;
            if (value <= exit) return 1e18;
            // trigger > value > exit here, so both differences are positive.
            // forge-lint: disable-next-line(unsafe-typecast)
            return uint256(int256(trigger) - value) * 1e18 / uint256(int256(trigger) - exit);
        }
        if (value <= trigger) return 0;
        if (value >= exit) return 1e18;
        // exit > value > trigger here, so both differences are positive.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint256(int256(value) - trigger) * 1e18 / uint256(int256(exit) - trigger);
    }

    /// @dev Median of the first `count` values (insertion sort; count <= MAX_REGION_SENSORS). Even counts take the
    /// lower middle's and upper middle's mean, rounded toward zero.
    function _median(int64[] memory values, uint256 count) private pure returns (int64) {
        for (uint256 i = 1; i < count; ++i) {
            int64 v = values[i];
            uint256 j = i;
            while (j > 0 && values[j - 1] > v) {
                values[j] = values[j - 1];
                --j;
            }
            values[j] = v;
        }
        uint256 mid = count / 2;
        if (count % 2 == 1) return values[mid];
        return int64((int256(values[mid - 1]) + values[mid]) / 2);
    }
}
