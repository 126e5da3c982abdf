// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DeviceRegistry} from "../../src/core/DeviceRegistry.sol";
import {ParametricInsurance} from "../../src/insurance/ParametricInsurance.sol";
import {TestStablecoin} from "../../src/mocks/TestStablecoin.sol";
import {IParametricInsurance} from "../../src/insurance/interfaces/IParametricInsurance.sol";
import {EdgeMessages, Observation} from "../../src/core/libraries/EdgeMessages.sol";
import {Test} from "../utils/Test.sol";

/// @notice Drives one sensor's insurance through random policies, daily reports and reclaims, and keeps ghost
/// accounts of where the money should be.
contract InsuranceHandler is Test {
    uint64 internal constant DAY0 = 1_749_945_600;
    uint64 internal constant DAY = 1 days;
    address internal constant FARMER = address(0xFA12);

    ParametricInsurance internal immutable insurance;
    DeviceRegistry internal immutable registry;
    TestStablecoin internal immutable token;
    uint256 internal immutable sensorKey;
    address internal immutable sensor;

    uint64 public ghost_days;
    uint256 public ghost_rainfall;
    uint256 public ghost_openPayouts;
    uint256 public ghost_paidOut;
    uint256 public ghost_refunded;
    uint256 public ghost_policies;
    mapping(uint256 policyId => bool) internal _counted;

    constructor(ParametricInsurance insurance_, DeviceRegistry registry_, TestStablecoin token_, uint256 sensorKey_) {
        insurance = insurance_;
        registry = registry_;
        token = token_;
        sensorKey = sensorKey_;
        sensor = vm.addr(sensorKey_);
    }

    /// @dev Buys cover over a random span of days from today (the first unreported day) on.
    function createPolicy(uint256 offsetSeed, uint256 lengthSeed, uint256 thresholdSeed, uint256 payoutSeed) external {
        if (insurance.openPolicies(sensor).length >= insurance.MAX_OPEN_POLICIES()) return;
        uint64 startDay = ghost_days + uint64(bound(offsetSeed, 0, 5));
        uint64 endDay = startDay + uint64(bound(lengthSeed, 1, 10));
        int64 threshold = int64(uint64(bound(thresholdSeed, 1, 30_000)));
        uint256 payout = bound(payoutSeed, 1, 1000e6);
        token.mint(address(this), payout);
        token.approve(address(insurance), payout);

        uint256 id =
            insurance.createPolicy(FARMER, sensor, DAY0 + startDay * DAY, DAY0 + endDay * DAY, threshold, payout);
        _counted[id] = true;
        ghost_openPayouts += payout;
        ++ghost_policies;
    }

    /// @dev The sensor reports the next day's rainfall; policies it completes settle.
    function reportDay(uint256 rainSeed) external {
        int64 value = int64(uint64(bound(rainSeed, 0, 5000)));
        Observation memory obs = Observation({
            device: sensor,
            sequence: ghost_days + 1,
            metric: EdgeMessages.METRIC_RAINFALL,
            windowStart: DAY0 + ghost_days * DAY,
            windowEnd: DAY0 + (ghost_days + 1) * DAY,
            value: value,
            sampleCount: 24,
            flags: 0,
            prevHash: bytes32(0)
        });
        insurance.submitObservation(obs, signDigest(sensorKey, registry.hashTypedData(EdgeMessages.hash(obs))));
        ++ghost_days;
        ghost_rainfall += uint64(value);
        _account();
    }

    /// @dev Time passes beyond a random policy's reclaim delay and anyone reclaims it if it is still open.
    function reclaim(uint256 idSeed) external {
        if (ghost_policies == 0) return;
        uint256 id = bound(idSeed, 1, ghost_policies);
        IParametricInsurance.Policy memory p = insurance.policy(id);
        if (p.status != IParametricInsurance.PolicyStatus.Open) return;
        uint256 due = uint256(p.end) + insurance.RECLAIM_DELAY();
        if (block.timestamp < due) vm.warp(due);
        insurance.reclaimPolicy(id);
        _account();
    }

    /// @dev Moves every policy that left Open from the open ghost to the paid or refunded ghost.
    function _account() internal {
        for (uint256 id = 1; id <= ghost_policies; ++id) {
            if (!_counted[id]) continue;
            IParametricInsurance.Policy memory p = insurance.policy(id);
            if (p.status == IParametricInsurance.PolicyStatus.Open) continue;
            _counted[id] = false;
            ghost_openPayouts -= p.payout;
            if (p.status == IParametricInsurance.PolicyStatus.PaidOut) ghost_paidOut += p.payout;
            else ghost_refunded += p.payout;
        }
    }
}
