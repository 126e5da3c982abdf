// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Observation} from "../../core/libraries/EdgeMessages.sol";
import {IRegistryDomain} from "../../core/interfaces/IRegistryDomain.sol";

/// @title IParametricInsurance
/// @notice Drought cover driven by signed rain-gauge observations. An insurer funds a policy on one sensor; once the
/// sensor's contiguous series covers the policy's window, the policy settles by itself: rainfall below the threshold
/// pays the beneficiary, otherwise the funds go back to the insurer.
interface IParametricInsurance is IRegistryDomain {
    /// @notice Lifecycle of a policy.
    enum PolicyStatus {
        None,
        Open,
        PaidOut,
        Expired
    }

    /// @notice A policy as stored.
    /// @param beneficiary Who is paid on drought.
    /// @param start Coverage start, Unix seconds, inclusive.
    /// @param insurer Who funded the payout and gets it back if there is no drought.
    /// @param end Coverage end, Unix seconds, exclusive.
    /// @param status Open until settled.
    /// @param sensor The rain gauge whose observations decide.
    /// @param threshold Pays when the coverage's rainfall (µm) is strictly below this.
    /// @param payout Amount of the token held for the policy.
    struct Policy {
        address beneficiary;
        uint64 start;
        address insurer;
        uint64 end;
        PolicyStatus status;
        address sensor;
        int64 threshold;
        uint256 payout;
    }

    /// @notice A sensor's recorded series.
    /// @param lastSequence The highest sequence accepted from the sensor.
    /// @param firstStart Start of its first recorded window (0 before any).
    /// @param coveredUntil End of its last recorded window (0 before any).
    /// @param cumulative Total rainfall recorded, µm.
    struct Series {
        uint64 lastSequence;
        uint64 firstStart;
        uint64 coveredUntil;
        uint256 cumulative;
    }

    /// @notice Emitted when an observation was verified and added to its sensor's series.
    event ObservationRecorded(
        address indexed device,
        uint64 indexed sequence,
        bytes32 digest,
        uint64 windowStart,
        uint64 windowEnd,
        int64 value
    );

    /// @notice Emitted when `insurer` created and funded policy `policyId`.
    event PolicyCreated(
        uint256 indexed policyId,
        address indexed insurer,
        address indexed beneficiary,
        address sensor,
        uint64 start,
        uint64 end,
        int64 threshold,
        uint256 payout
    );

    /// @notice Emitted when policy `policyId` settled with `totalRainfall` below its threshold and paid `amount`.
    event PolicyPaidOut(uint256 indexed policyId, address indexed beneficiary, uint256 amount, uint256 totalRainfall);

    /// @notice Emitted when policy `policyId` settled without a payout and returned `amount` to `insurer`.
    event PolicyExpired(uint256 indexed policyId, address indexed insurer, uint256 amount, uint256 totalRainfall);

    /// @notice Thrown when the signature does not recover to `device`, is malformed or has a high s.
    error ParametricInsuranceBadSignature(address device);

    /// @notice Thrown when `device` is not registered or was revoked.
    error ParametricInsuranceUnknownDevice(address device);

    /// @notice Thrown when `device` is registered in `role` rather than as a sensor.
    error ParametricInsuranceWrongRole(address device, uint8 role);

    /// @notice Thrown when `sequence` is not above `lastSequence`, the last accepted from the device.
    error ParametricInsuranceSequenceReplayed(address device, uint64 sequence, uint64 lastSequence);

    /// @notice Thrown when the observation's metric is not rainfall (1).
    error ParametricInsuranceUnsupportedMetric(uint32 metric);

    /// @notice Thrown when the observation sets flag bits that PROTOCOL.md §3 reserves.
    error ParametricInsuranceReservedFlags(uint32 flags);

    /// @notice Thrown when a rainfall value is negative.
    error ParametricInsuranceNegativeRainfall(int64 value);

    /// @notice Thrown when a window is empty, reversed or beyond uint48 seconds.
    error ParametricInsuranceBadWindow(uint64 windowStart, uint64 windowEnd);

    /// @notice Thrown when a window does not start where the sensor's series ends (a gap or an overlap).
    error ParametricInsuranceWindowNotContiguous(uint64 expectedStart, uint64 windowStart);

    /// @notice Thrown when the observation and signature arrays differ in length.
    error ParametricInsuranceLengthMismatch(uint256 observations, uint256 signatures);

    /// @notice Thrown when a policy's beneficiary is the zero address.
    error ParametricInsuranceZeroBeneficiary();

    /// @notice Thrown when the policy's sensor is not an active sensor.
    error ParametricInsuranceSensorNotActive(address sensor);

    /// @notice Thrown when the coverage is empty, reversed, beyond uint48 seconds, or already fully observed.
    error ParametricInsuranceBadCoverage(uint64 start, uint64 end);

    /// @notice Thrown when the threshold is not positive or the payout is zero.
    error ParametricInsuranceBadTerms(int64 threshold, uint256 payout);

    /// @notice Thrown when `sensor` already has the maximum number of open policies.
    error ParametricInsuranceTooManyPolicies(address sensor);

    /// @notice Thrown when policy `policyId` does not exist.
    error ParametricInsuranceUnknownPolicy(uint256 policyId);

    /// @notice Thrown when policy `policyId` is not open, or not yet past its grace period.
    error ParametricInsuranceNotReclaimable(uint256 policyId);

    /// @notice Creates a policy and takes `payout` from the caller (the insurer) with transferFrom; approve first.
    /// @param beneficiary Who is paid on drought.
    /// @param sensor Active sensor whose rainfall decides.
    /// @param start Coverage start, Unix seconds, inclusive; align it with the sensor's window boundaries.
    /// @param end Coverage end, Unix seconds, exclusive; align it with the sensor's window boundaries.
    /// @param threshold Pays when rainfall over the coverage is strictly below this many µm.
    /// @param payout Amount paid on drought, in the token's minor units.
    /// @return policyId The new policy's id, counting from 1.
    function createPolicy(
        address beneficiary,
        address sensor,
        uint64 start,
        uint64 end,
        int64 threshold,
        uint256 payout
    ) external returns (uint256 policyId);

    /// @notice Verifies and records one signed rainfall observation, then settles the sensor's policies that it
    /// completes. Anyone may submit.
    /// @param obs The observation, as the device signed it.
    /// @param signature The device's 65-byte r ‖ s ‖ v signature of the observation's EIP-712 digest.
    function submitObservation(Observation calldata obs, bytes calldata signature) external;

    /// @notice Submits several observations in order; reverts whole if any one is refused.
    /// @param observations The observations, in each sensor's sequence order.
    /// @param signatures Their signatures, same order.
    function submitObservations(Observation[] calldata observations, bytes[] calldata signatures) external;

    /// @notice Returns an open policy's funds to its insurer when its sensor has not covered it `RECLAIM_DELAY`
    /// after its end (sensor revoked or silent). Anyone may call.
    /// @param policyId The policy.
    function reclaimPolicy(uint256 policyId) external;

    /// @notice The token policies are funded and paid in.
    /// @return The token's address.
    function token() external view returns (address);

    /// @notice The digest a sensor signs for `obs`.
    /// @param obs The observation.
    /// @return The EIP-712 digest.
    function observationDigest(Observation calldata obs) external view returns (bytes32);

    /// @notice A policy.
    /// @param policyId The policy's id.
    /// @return The stored policy (status None if it does not exist).
    function policy(uint256 policyId) external view returns (Policy memory);

    /// @notice Ids of the open policies of `sensor`.
    /// @param sensor The sensor.
    /// @return The ids, in no particular order.
    function openPolicies(address sensor) external view returns (uint256[] memory);

    /// @notice What has been recorded for `sensor`.
    /// @param sensor The sensor.
    /// @return The series summary.
    function series(address sensor) external view returns (Series memory);

    /// @notice Rainfall of `sensor` summed over its recorded windows that lie inside [start, end).
    /// @param sensor The sensor.
    /// @param start Inclusive.
    /// @param end Exclusive.
    /// @return Total rainfall, µm.
    function rainfallBetween(address sensor, uint64 start, uint64 end) external view returns (uint256);
}
