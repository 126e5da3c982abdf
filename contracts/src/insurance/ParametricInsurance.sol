// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";

import {RegistryDomain} from "../core/RegistryDomain.sol";
import {IParametricInsurance} from "./interfaces/IParametricInsurance.sol";
import {DeviceAuth} from "../core/libraries/DeviceAuth.sol";
import {DeviceRoles} from "../core/libraries/DeviceRoles.sol";
import {EdgeMessages, Observation} from "../core/libraries/EdgeMessages.sol";

/// @title ParametricInsurance
/// @notice Rainfall (metric 1) drought cover. Each sensor's observations must form one contiguous series of windows;
/// the contract keeps the series as cumulative-rainfall checkpoints at window boundaries, so the rainfall of any
/// span of whole windows is one subtraction. A policy settles inside the observation call that completes its
/// coverage: rainfall strictly below the threshold pays the beneficiary, otherwise the insurer gets the funds back.
/// A policy needs complete data: if the sensor's series starts after the coverage start, it cannot pay out.
contract ParametricInsurance is IParametricInsurance, RegistryDomain {
    using Checkpoints for Checkpoints.Trace208;
    using SafeERC20 for IERC20;

    /// @notice Most policies one sensor may have open at once; bounds the settlement loop of every observation.
    uint256 public constant MAX_OPEN_POLICIES = 16;

    /// @notice How long after its end an uncovered policy waits before its insurer may reclaim the funds.
    uint64 public constant RECLAIM_DELAY = 30 days;

    struct SensorState {
        uint64 lastSequence;
        uint64 firstStart;
        uint64 coveredUntil;
    }

    /// @dev An open-policy entry packs the policy's end into the top 64 bits and its id into the low 192, so the
    /// settlement loop reads one slot per open policy.
    uint256 private constant _ID_MASK = type(uint192).max;

    IERC20 private immutable _token;

    uint256 private _policyCount;
    mapping(uint256 policyId => Policy) private _policies;
    mapping(address sensor => SensorState) private _sensors;
    mapping(address sensor => Checkpoints.Trace208) private _cumulative;
    mapping(address sensor => uint256[]) private _open;

    /// @param registry_ The DeviceRegistry of this deployment (the EIP-712 verifyingContract).
    /// @param token_ The ERC-20 policies are funded and paid in.
    constructor(address registry_, address token_) RegistryDomain(registry_) {
        _token = IERC20(token_);
    }

    /// @inheritdoc IParametricInsurance
    function createPolicy(
        address beneficiary,
        address sensor,
        uint64 start,
        uint64 end,
        int64 threshold,
        uint256 payout
    ) external returns (uint256 policyId) {
        if (beneficiary == address(0)) revert ParametricInsuranceZeroBeneficiary();
        if (!_deviceRegistry().isActive(sensor, DeviceRoles.SENSOR)) revert ParametricInsuranceSensorNotActive(sensor);
        SensorState memory state = _sensors[sensor];
        // The coverage must be a real span that the series has not fully seen yet and that it can still see whole.
        if (
            start >= end || end > type(uint48).max || end <= state.coveredUntil
                || (state.coveredUntil != 0 && start < state.firstStart)
        ) revert ParametricInsuranceBadCoverage(start, end);
        if (threshold <= 0 || payout == 0) revert ParametricInsuranceBadTerms(threshold, payout);
        uint256[] storage open = _open[sensor];
        if (open.length >= MAX_OPEN_POLICIES) revert ParametricInsuranceTooManyPolicies(sensor);

        policyId = ++_policyCount;
        _policies[policyId] = Policy({
            beneficiary: beneficiary,
            start: start,
            insurer: msg.sender,
            end: end,
            status: PolicyStatus.Open,
            sensor: sensor,
            threshold: threshold,
            payout: payout
        });
        open.push((uint256(end) << 192) | policyId);
        emit PolicyCreated(policyId, msg.sender, beneficiary, sensor, start, end, threshold, payout);

        _token.safeTransferFrom(msg.sender, address(this), payout);
    }

    /// @inheritdoc IParametricInsurance
    function submitObservation(Observation calldata obs, bytes calldata signature) external {
        _record(obs, signature, _domainSeparator());
        _settleCovered(obs.device);
    }

    /// @inheritdoc IParametricInsurance
    function submitObservations(Observation[] calldata observations, bytes[] calldata signatures) external {
        uint256 count = observations.length;
        if (count != signatures.length) revert ParametricInsuranceLengthMismatch(count, signatures.length);
        bytes32 separator = _domainSeparator();
        for (uint256 i; i < count; ++i) {
            _record(observations[i], signatures[i], separator);
            // Settle as soon as a sensor's batch ends, so the loop over its policies runs once per sensor run.
            if (i + 1 == count || observations[i + 1].device != observations[i].device) {
                _settleCovered(observations[i].device);
            }
        }
    }

    /// @inheritdoc IParametricInsurance
    function reclaimPolicy(uint256 policyId) external {
        Policy storage p = _policies[policyId];
        if (p.status == PolicyStatus.None) revert ParametricInsuranceUnknownPolicy(policyId);
        // RECLAIM_DELAY added to a uint48-bounded end cannot overflow 256 bits.
        if (p.status != PolicyStatus.Open || block.timestamp < uint256(p.end) + RECLAIM_DELAY) {
            revert ParametricInsuranceNotReclaimable(policyId);
        }

        address sensor = p.sensor;
        uint256[] storage open = _open[sensor];
        uint256 length = open.length;
        for (uint256 i; i < length; ++i) {
            if (open[i] & _ID_MASK == policyId) {
                open[i] = open[length - 1];
                open.pop();
                break;
            }
        }
        p.status = PolicyStatus.Expired;
        address insurer = p.insurer;
        uint256 amount = p.payout;
        emit PolicyExpired(policyId, insurer, amount, _rainfallBetween(sensor, p.start, p.end));

        _token.safeTransfer(insurer, amount);
    }

    /// @inheritdoc IParametricInsurance
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IParametricInsurance
    function observationDigest(Observation calldata obs) external view returns (bytes32) {
        return EdgeMessages.toTypedDataHash(_domainSeparator(), EdgeMessages.hash(obs));
    }

    /// @inheritdoc IParametricInsurance
    function policy(uint256 policyId) external view returns (Policy memory) {
        return _policies[policyId];
    }

    /// @inheritdoc IParametricInsurance
    function openPolicies(address sensor) external view returns (uint256[] memory ids) {
        uint256[] storage open = _open[sensor];
        ids = new uint256[](open.length);
        for (uint256 i; i < ids.length; ++i) {
            ids[i] = open[i] & _ID_MASK;
        }
    }

    /// @inheritdoc IParametricInsurance
    function series(address sensor) external view returns (Series memory) {
        SensorState memory state = _sensors[sensor];
        return Series({
            lastSequence: state.lastSequence,
            firstStart: state.firstStart,
            coveredUntil: state.coveredUntil,
            cumulative: _cumulative[sensor].latest()
        });
    }

    /// @inheritdoc IParametricInsurance
    function rainfallBetween(address sensor, uint64 start, uint64 end) external view returns (uint256) {
        return _rainfallBetween(sensor, start, end);
    }

    /// @dev Checks one observation and appends it to its sensor's series.
    function _record(Observation calldata obs, bytes calldata signature, bytes32 separator) private {
        bytes32 digest = _authenticate(obs, signature, separator);
        address device = obs.device;
        SensorState memory state = _sensors[device];
        if (obs.sequence <= state.lastSequence) {
            revert ParametricInsuranceSequenceReplayed(device, obs.sequence, state.lastSequence);
        }
        if (obs.metric != EdgeMessages.METRIC_RAINFALL) revert ParametricInsuranceUnsupportedMetric(obs.metric);
        if (obs.flags & ~EdgeMessages.KNOWN_FLAGS != 0) revert ParametricInsuranceReservedFlags(obs.flags);
        if (obs.value < 0) revert ParametricInsuranceNegativeRainfall(obs.value);
        if (obs.windowStart >= obs.windowEnd || obs.windowEnd > type(uint48).max) {
            revert ParametricInsuranceBadWindow(obs.windowStart, obs.windowEnd);
        }
        Checkpoints.Trace208 storage cumulative = _cumulative[device];
        if (state.coveredUntil == 0) {
            // First window of the series: its start is the series' origin, at cumulative rainfall zero.
            state.firstStart = obs.windowStart;
            cumulative.push(uint48(obs.windowStart), 0);
        } else if (obs.windowStart != state.coveredUntil) {
            revert ParametricInsuranceWindowNotContiguous(state.coveredUntil, obs.windowStart);
        }

        state.lastSequence = obs.sequence;
        state.coveredUntil = obs.windowEnd;
        _sensors[device] = state;
        // value >= 0 was checked above, so the int64 fits a uint64.
        uint256 total = uint256(cumulative.latest()) + uint64(obs.value);
        cumulative.push(uint48(obs.windowEnd), SafeCast.toUint208(total));
        emit ObservationRecorded(device, obs.sequence, digest, obs.windowStart, obs.windowEnd, obs.value);
    }

    /// @dev Reverts unless `obs` is signed by its device and the device is an active sensor; returns the digest.
    function _authenticate(Observation calldata obs, bytes calldata signature, bytes32 separator)
        private
        view
        returns (bytes32 digest)
    {
        address device = obs.device;
        digest = EdgeMessages.toTypedDataHash(separator, EdgeMessages.hash(obs));
        (DeviceAuth.Failure failure,, uint8 role) =
            DeviceAuth.verify(_deviceRegistry(), digest, signature, device, DeviceRoles.SENSOR);
        if (failure == DeviceAuth.Failure.BadSignature) revert ParametricInsuranceBadSignature(device);
        if (failure == DeviceAuth.Failure.NotActive) revert ParametricInsuranceUnknownDevice(device);
        if (failure == DeviceAuth.Failure.WrongRole) revert ParametricInsuranceWrongRole(device, role);
    }

    /// @dev Settles every open policy of `sensor` whose coverage its series now reaches past; pays after all effects.
    function _settleCovered(address sensor) private {
        uint256[] storage open = _open[sensor];
        uint256 length = open.length;
        if (length == 0) return;
        SensorState memory state = _sensors[sensor];

        address[] memory payees = new address[](length);
        uint256[] memory amounts = new uint256[](length);
        uint256 payments;
        uint256 i = length;
        while (i > 0) {
            // Walking down keeps the swap-and-pop below from skipping the entry moved into slot i - 1.
            --i;
            uint256 entry = open[i];
            if (entry >> 192 > state.coveredUntil) continue;

            uint256 policyId = entry & _ID_MASK;
            Policy storage p = _policies[policyId];
            uint256 last = open.length - 1;
            if (i != last) open[i] = open[last];
            open.pop();

            uint256 amount = p.payout;
            uint256 rainfall = _rainfallBetween(sensor, p.start, p.end);
            // threshold > 0 was enforced at creation, so the cast keeps its value.
            bool drought = state.firstStart <= p.start && rainfall < uint256(uint64(p.threshold));
            if (drought) {
                p.status = PolicyStatus.PaidOut;
                payees[payments] = p.beneficiary;
                emit PolicyPaidOut(policyId, payees[payments], amount, rainfall);
            } else {
                p.status = PolicyStatus.Expired;
                payees[payments] = p.insurer;
                emit PolicyExpired(policyId, payees[payments], amount, rainfall);
            }
            amounts[payments] = amount;
            ++payments;
        }
        for (uint256 k; k < payments; ++k) {
            _token.safeTransfer(payees[k], amounts[k]);
        }
    }

    /// @dev Rainfall over the recorded windows inside [start, end): cumulative at the last boundary <= end minus
    /// cumulative at the first boundary >= start. Windows straddling either bound are left out.
    function _rainfallBetween(address sensor, uint64 start, uint64 end) private view returns (uint256) {
        if (start >= end || end > type(uint48).max) return 0;
        Checkpoints.Trace208 storage cumulative = _cumulative[sensor];
        // Both bounds fit 48 bits: start < end <= type(uint48).max was checked above.
        // forge-lint: disable-next-line(unsafe-typecast)
        uint256 upper = cumulative.upperLookup(uint48(end));
        // forge-lint: disable-next-line(unsafe-typecast)
        uint256 lower = cumulative.lowerLookup(uint48(start));
        // Cumulative rainfall never decreases, so lower > upper only when no whole window lies inside.
        return upper > lower ? upper - lower : 0;
    }
}
