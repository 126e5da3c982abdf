// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

import {ParametricInsurance} from "../../src/insurance/ParametricInsurance.sol";
import {IParametricInsurance} from "../../src/insurance/interfaces/IParametricInsurance.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {EdgeMessages, Observation} from "../../src/core/libraries/EdgeMessages.sol";
import {EdgeTest} from "../utils/EdgeTest.sol";

contract ParametricInsuranceTest is EdgeTest {
    ParametricInsurance internal insurance;

    uint256 internal constant SENSOR_KEY = 0x5E05;
    uint256 internal constant TERMINAL_KEY = 0x7E42;
    address internal sensor;
    address internal terminal;
    address internal constant SENSOR_OWNER = address(0x0A11);
    address internal constant INSURER = address(0x1505);
    address internal constant FARMER = address(0xFA12);
    uint256 internal constant PAYOUT = 1000e6;
    int64 internal constant THRESHOLD = 50_000; // 50 mm

    function setUp() public {
        _deployBase();
        insurance = new ParametricInsurance(address(registry), address(token));
        sensor = vm.addr(SENSOR_KEY);
        terminal = vm.addr(TERMINAL_KEY);
        _register(SENSOR_OWNER, SENSOR_KEY, DeviceRoles.SENSOR);
        _register(SENSOR_OWNER, TERMINAL_KEY, DeviceRoles.TERMINAL);
        token.mint(INSURER, 100_000e6);
        vm.prank(INSURER);
        token.approve(address(insurance), type(uint256).max);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    function _policy(uint64 start, uint64 end) internal returns (uint256) {
        vm.prank(INSURER);
        return insurance.createPolicy(FARMER, sensor, start, end, THRESHOLD, PAYOUT);
    }

    /// @dev Submits the sensor's daily observation for day `day` (sequence day + 1) with `value` µm.
    function _day(uint64 day, int64 value) internal {
        Observation memory obs = _rain(sensor, day + 1, DAY0 + day * DAY, DAY0 + (day + 1) * DAY, value);
        insurance.submitObservation(obs, _signObservation(SENSOR_KEY, obs));
    }

    function _expectSubmitRevert(Observation memory obs, bytes memory sig, bytes memory revertData) internal {
        vm.expectRevert(revertData);
        insurance.submitObservation(obs, sig);
    }

    // ---- construction and views ----------------------------------------------------------------------------------

    function test_Constructor_StoresRegistryTokenAndDomain() public view {
        assertEq(insurance.registry(), address(registry), "registry");
        assertEq(insurance.token(), address(token), "token");
        assertEq(insurance.domainSeparator(), registry.domainSeparator(), "same domain as the registry");
    }

    function test_RevertWhen_ConstructedWithForeignRegistry() public {
        address foreign = _expectForeignRegistryRefused();
        new ParametricInsurance(foreign, address(token));
    }

    function test_RevertWhen_ConstructedWithCodelessRegistry() public {
        vm.expectRevert(bytes("")); // the domainSeparator() call finds no code and returns nothing to decode
        new ParametricInsurance(address(0xDEAD), address(token));
    }

    function test_DomainSeparator_FollowsChainId() public {
        vm.chainId(10);
        assertEq(insurance.domainSeparator(), registry.domainSeparator(), "recomputed after a fork");
    }

    function test_ObservationDigest_MatchesRegistry() public view {
        Observation memory obs = _rain(sensor, 1, DAY0, DAY0 + DAY, 1200);
        assertEq(insurance.observationDigest(obs), registry.hashTypedData(EdgeMessages.hash(obs)), "digest");
    }

    // ---- createPolicy --------------------------------------------------------------------------------------------

    function test_CreatePolicy_FundsAndStoresPolicy() public {
        vm.expectEmit(true, true, true, true, address(insurance));
        emit IParametricInsurance.PolicyCreated(1, INSURER, FARMER, sensor, DAY0, DAY0 + 30 * DAY, THRESHOLD, PAYOUT);
        uint256 id = _policy(DAY0, DAY0 + 30 * DAY);

        assertEq(id, 1, "first id");
        IParametricInsurance.Policy memory p = insurance.policy(id);
        assertEq(p.beneficiary, FARMER, "beneficiary");
        assertEq(p.insurer, INSURER, "insurer");
        assertEq(p.sensor, sensor, "sensor");
        assertEq(uint256(p.start), DAY0, "start");
        assertEq(uint256(p.end), DAY0 + 30 * DAY, "end");
        assertEq(int256(p.threshold), THRESHOLD, "threshold");
        assertEq(p.payout, PAYOUT, "payout");
        assertEq(uint256(p.status), uint256(IParametricInsurance.PolicyStatus.Open), "open");
        assertEq(token.balanceOf(address(insurance)), PAYOUT, "funded");
        assertEq(insurance.openPolicies(sensor).length, 1, "listed as open");
    }

    function test_RevertWhen_CreatePolicyZeroBeneficiary() public {
        vm.expectRevert(IParametricInsurance.ParametricInsuranceZeroBeneficiary.selector);
        vm.prank(INSURER);
        insurance.createPolicy(address(0), sensor, DAY0, DAY0 + DAY, THRESHOLD, PAYOUT);
    }

    function test_RevertWhen_CreatePolicySensorIsTerminal() public {
        vm.expectRevert(
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceSensorNotActive.selector, terminal)
        );
        vm.prank(INSURER);
        insurance.createPolicy(FARMER, terminal, DAY0, DAY0 + DAY, THRESHOLD, PAYOUT);
    }

    function test_RevertWhen_CreatePolicyEmptyCoverage() public {
        vm.expectRevert(
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceBadCoverage.selector, DAY0, DAY0)
        );
        _policy(DAY0, DAY0);
    }

    function test_RevertWhen_CreatePolicyCoverageAlreadyObserved() public {
        _day(0, 100);
        _day(1, 100);
        vm.expectRevert(
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceBadCoverage.selector, DAY0, DAY0 + 2 * DAY)
        );
        _policy(DAY0, DAY0 + 2 * DAY);
    }

    function test_RevertWhen_CreatePolicyStartsBeforeSeries() public {
        _day(1, 100);
        vm.expectRevert(
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceBadCoverage.selector, DAY0, DAY0 + 5 * DAY)
        );
        _policy(DAY0, DAY0 + 5 * DAY);
    }

    function test_RevertWhen_CreatePolicyZeroThreshold() public {
        vm.expectRevert(abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceBadTerms.selector, 0, PAYOUT));
        vm.prank(INSURER);
        insurance.createPolicy(FARMER, sensor, DAY0, DAY0 + DAY, 0, PAYOUT);
    }

    function test_RevertWhen_CreatePolicyZeroPayout() public {
        vm.expectRevert(abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceBadTerms.selector, THRESHOLD, 0));
        vm.prank(INSURER);
        insurance.createPolicy(FARMER, sensor, DAY0, DAY0 + DAY, THRESHOLD, 0);
    }

    function test_RevertWhen_CreatePolicyTooManyOpen() public {
        for (uint256 i; i < insurance.MAX_OPEN_POLICIES(); ++i) {
            _policy(DAY0, DAY0 + DAY);
        }
        vm.expectRevert(
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceTooManyPolicies.selector, sensor)
        );
        _policy(DAY0, DAY0 + DAY);
    }

    function test_RevertWhen_CreatePolicyUnfunded() public {
        address poor = address(0x9002);
        vm.prank(poor);
        token.approve(address(insurance), PAYOUT);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, poor, 0, PAYOUT));
        vm.prank(poor);
        insurance.createPolicy(FARMER, sensor, DAY0, DAY0 + DAY, THRESHOLD, PAYOUT);
    }

    // ---- submitObservation: recording ----------------------------------------------------------------------------

    function test_SubmitObservation_RecordsSeriesAndEmits() public {
        Observation memory obs = _rain(sensor, 1, DAY0, DAY0 + DAY, 1400);
        bytes memory sig = _signObservation(SENSOR_KEY, obs);

        vm.expectEmit(true, true, true, true, address(insurance));
        emit IParametricInsurance.ObservationRecorded(
            sensor, 1, registry.hashTypedData(EdgeMessages.hash(obs)), DAY0, DAY0 + DAY, 1400
        );
        vm.prank(address(0x6A7E)); // any relayer
        insurance.submitObservation(obs, sig);

        IParametricInsurance.Series memory s = insurance.series(sensor);
        assertEq(uint256(s.lastSequence), 1, "sequence");
        assertEq(uint256(s.firstStart), DAY0, "first start");
        assertEq(uint256(s.coveredUntil), DAY0 + DAY, "covered until");
        assertEq(s.cumulative, 1400, "cumulative");
    }

    function test_SubmitObservation_AcceptsSequenceGapsAndFlags() public {
        Observation memory obs = _rain(sensor, 1000, DAY0, DAY0 + DAY, 0);
        obs.flags = 0x0f; // every defined health bit
        insurance.submitObservation(obs, _signObservation(SENSOR_KEY, obs));
        assertEq(uint256(insurance.series(sensor).lastSequence), 1000, "skipped sequence numbers are fine");
    }

    function test_SubmitObservations_RecordsBatch() public {
        Observation[] memory batch = new Observation[](3);
        bytes[] memory sigs = new bytes[](3);
        for (uint64 d; d < 3; ++d) {
            batch[d] = _rain(sensor, d + 1, DAY0 + d * DAY, DAY0 + (d + 1) * DAY, int64(uint64(100 * (d + 1))));
            sigs[d] = _signObservation(SENSOR_KEY, batch[d]);
        }
        insurance.submitObservations(batch, sigs);

        assertEq(insurance.series(sensor).cumulative, 600, "cumulative");
        assertEq(insurance.rainfallBetween(sensor, DAY0 + DAY, DAY0 + 3 * DAY), 500, "days 1 and 2");
    }

    function test_RevertWhen_SubmitObservationsLengthMismatch() public {
        vm.expectRevert(abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceLengthMismatch.selector, 1, 0));
        insurance.submitObservations(new Observation[](1), new bytes[](0));
    }

    function test_RevertWhen_SubmitObservationsOneInvalid() public {
        Observation[] memory batch = new Observation[](2);
        bytes[] memory sigs = new bytes[](2);
        batch[0] = _rain(sensor, 1, DAY0, DAY0 + DAY, 100);
        batch[1] = _rain(sensor, 1, DAY0 + DAY, DAY0 + 2 * DAY, 100); // replays sequence 1
        sigs[0] = _signObservation(SENSOR_KEY, batch[0]);
        sigs[1] = _signObservation(SENSOR_KEY, batch[1]);

        vm.expectRevert(
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceSequenceReplayed.selector, sensor, 1, 1)
        );
        insurance.submitObservations(batch, sigs);
    }

    // ---- submitObservation: each rejection -----------------------------------------------------------------------

    function test_RevertWhen_SubmitObservationSignedByAnotherKey() public {
        Observation memory obs = _rain(sensor, 1, DAY0, DAY0 + DAY, 100);
        _expectSubmitRevert(
            obs,
            _signObservation(0xBAD, obs),
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceBadSignature.selector, sensor)
        );
    }

    function test_RevertWhen_SubmitObservationTampered() public {
        Observation memory obs = _rain(sensor, 1, DAY0, DAY0 + DAY, 100);
        bytes memory sig = _signObservation(SENSOR_KEY, obs);
        obs.value = 1; // the relayer lowers the rainfall
        _expectSubmitRevert(
            obs, sig, abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceBadSignature.selector, sensor)
        );
    }

    function test_RevertWhen_SubmitObservationHighS() public {
        Observation memory obs = _rain(sensor, 1, DAY0, DAY0 + DAY, 100);
        _expectSubmitRevert(
            obs,
            _malleate(_signObservation(SENSOR_KEY, obs)),
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceBadSignature.selector, sensor)
        );
    }

    function test_RevertWhen_SubmitObservationSignatureTruncated() public {
        Observation memory obs = _rain(sensor, 1, DAY0, DAY0 + DAY, 100);
        _expectSubmitRevert(
            obs,
            hex"00112233",
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceBadSignature.selector, sensor)
        );
    }

    function test_RevertWhen_SubmitObservationUnregisteredDevice() public {
        uint256 key = 0x0DD;
        Observation memory obs = _rain(vm.addr(key), 1, DAY0, DAY0 + DAY, 100);
        _expectSubmitRevert(
            obs,
            _signObservation(key, obs),
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceUnknownDevice.selector, vm.addr(key))
        );
    }

    function test_RevertWhen_SubmitObservationRevokedDevice() public {
        vm.prank(SENSOR_OWNER);
        registry.revokeDevice(sensor);
        Observation memory obs = _rain(sensor, 1, DAY0, DAY0 + DAY, 100);
        _expectSubmitRevert(
            obs,
            _signObservation(SENSOR_KEY, obs),
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceUnknownDevice.selector, sensor)
        );
    }

    function test_RevertWhen_SubmitObservationFromTerminal() public {
        Observation memory obs = _rain(terminal, 1, DAY0, DAY0 + DAY, 100);
        _expectSubmitRevert(
            obs,
            _signObservation(TERMINAL_KEY, obs),
            abi.encodeWithSelector(
                IParametricInsurance.ParametricInsuranceWrongRole.selector, terminal, DeviceRoles.TERMINAL
            )
        );
    }

    function test_RevertWhen_SubmitObservationReplayed() public {
        Observation memory obs = _rain(sensor, 1, DAY0, DAY0 + DAY, 100);
        bytes memory sig = _signObservation(SENSOR_KEY, obs);
        insurance.submitObservation(obs, sig);
        _expectSubmitRevert(
            obs,
            sig,
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceSequenceReplayed.selector, sensor, 1, 1)
        );
    }

    function test_RevertWhen_SubmitObservationSequenceGoesBack() public {
        _day(4, 100); // sequence 5
        Observation memory obs = _rain(sensor, 3, DAY0 + 5 * DAY, DAY0 + 6 * DAY, 100);
        _expectSubmitRevert(
            obs,
            _signObservation(SENSOR_KEY, obs),
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceSequenceReplayed.selector, sensor, 3, 5)
        );
    }

    function test_RevertWhen_SubmitObservationNotRainfall() public {
        Observation memory obs = _rain(sensor, 1, DAY0, DAY0 + DAY, 2150);
        obs.metric = 2; // air temperature
        _expectSubmitRevert(
            obs,
            _signObservation(SENSOR_KEY, obs),
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceUnsupportedMetric.selector, 2)
        );
    }

    function test_RevertWhen_SubmitObservationReservedFlags() public {
        Observation memory obs = _rain(sensor, 1, DAY0, DAY0 + DAY, 100);
        obs.flags = 0x10;
        _expectSubmitRevert(
            obs,
            _signObservation(SENSOR_KEY, obs),
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceReservedFlags.selector, 0x10)
        );
    }

    function test_RevertWhen_SubmitObservationNegativeRainfall() public {
        Observation memory obs = _rain(sensor, 1, DAY0, DAY0 + DAY, -200);
        _expectSubmitRevert(
            obs,
            _signObservation(SENSOR_KEY, obs),
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceNegativeRainfall.selector, -200)
        );
    }

    function test_RevertWhen_SubmitObservationEmptyWindow() public {
        Observation memory obs = _rain(sensor, 1, DAY0, DAY0, 100);
        _expectSubmitRevert(
            obs,
            _signObservation(SENSOR_KEY, obs),
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceBadWindow.selector, DAY0, DAY0)
        );
    }

    function test_RevertWhen_SubmitObservationWindowBeyondUint48() public {
        uint64 far = uint64(type(uint48).max) + 1;
        Observation memory obs = _rain(sensor, 1, DAY0, far, 100);
        _expectSubmitRevert(
            obs,
            _signObservation(SENSOR_KEY, obs),
            abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceBadWindow.selector, DAY0, far)
        );
    }

    function test_RevertWhen_SubmitObservationLeavesGap() public {
        _day(0, 100);
        Observation memory obs = _rain(sensor, 2, DAY0 + 2 * DAY, DAY0 + 3 * DAY, 100);
        _expectSubmitRevert(
            obs,
            _signObservation(SENSOR_KEY, obs),
            abi.encodeWithSelector(
                IParametricInsurance.ParametricInsuranceWindowNotContiguous.selector, DAY0 + DAY, DAY0 + 2 * DAY
            )
        );
    }

    function test_RevertWhen_SubmitObservationOverlaps() public {
        _day(0, 100);
        Observation memory obs = _rain(sensor, 2, DAY0 + DAY / 2, DAY0 + 2 * DAY, 100);
        _expectSubmitRevert(
            obs,
            _signObservation(SENSOR_KEY, obs),
            abi.encodeWithSelector(
                IParametricInsurance.ParametricInsuranceWindowNotContiguous.selector, DAY0 + DAY, DAY0 + DAY / 2
            )
        );
    }

    // ---- settlement ----------------------------------------------------------------------------------------------

    function test_SubmitObservation_PaysOutWhenBelowThreshold() public {
        uint256 id = _policy(DAY0, DAY0 + 2 * DAY);
        _day(0, 10_000);

        vm.expectEmit(true, true, true, true, address(insurance));
        emit IParametricInsurance.PolicyPaidOut(id, FARMER, PAYOUT, 30_000);
        _day(1, 20_000);

        assertEq(token.balanceOf(FARMER), PAYOUT, "farmer paid");
        assertEq(uint256(insurance.policy(id).status), uint256(IParametricInsurance.PolicyStatus.PaidOut), "status");
        assertEq(insurance.openPolicies(sensor).length, 0, "no longer open");
    }

    function test_SubmitObservation_ReturnsFundsWhenThresholdReached() public {
        uint256 id = _policy(DAY0, DAY0 + 2 * DAY);
        uint256 before = token.balanceOf(INSURER);
        _day(0, 30_000);

        vm.expectEmit(true, true, true, true, address(insurance));
        emit IParametricInsurance.PolicyExpired(id, INSURER, PAYOUT, uint256(uint64(THRESHOLD)));
        _day(1, 20_000); // exactly the threshold: not strictly below

        assertEq(token.balanceOf(INSURER), before + PAYOUT, "insurer refunded");
        assertEq(token.balanceOf(FARMER), 0, "farmer not paid");
        assertEq(uint256(insurance.policy(id).status), uint256(IParametricInsurance.PolicyStatus.Expired), "status");
    }

    function test_SubmitObservation_RefundsWhenSeriesStartsAfterCoverage() public {
        uint256 id = _policy(DAY0, DAY0 + 3 * DAY);
        _day(1, 0); // the sensor's first window is day 1: day 0 was never observed
        _day(2, 0);
        assertEq(uint256(insurance.policy(id).status), uint256(IParametricInsurance.PolicyStatus.Expired), "status");
        assertEq(token.balanceOf(FARMER), 0, "no payout on incomplete data");
    }

    function test_SubmitObservation_SettlesOnlyCoveredPolicies() public {
        uint256 short = _policy(DAY0, DAY0 + DAY);
        uint256 long = _policy(DAY0, DAY0 + 3 * DAY);
        uint256 other = _policy(DAY0 + DAY, DAY0 + 2 * DAY);
        _day(0, 0);

        assertEq(uint256(insurance.policy(short).status), uint256(IParametricInsurance.PolicyStatus.PaidOut), "short");
        assertEq(uint256(insurance.policy(long).status), uint256(IParametricInsurance.PolicyStatus.Open), "long");
        assertEq(uint256(insurance.policy(other).status), uint256(IParametricInsurance.PolicyStatus.Open), "other");
        uint256[] memory open = insurance.openPolicies(sensor);
        assertEq(open.length, 2, "two still open");
        assertTrue(open[0] != short && open[1] != short, "short removed");
    }

    function test_RainfallBetween_LeavesOutStraddlingWindows() public {
        _day(0, 100);
        _day(1, 200);
        _day(2, 400);
        assertEq(insurance.rainfallBetween(sensor, DAY0, DAY0 + 3 * DAY), 700, "all");
        assertEq(insurance.rainfallBetween(sensor, DAY0 + 1, DAY0 + 3 * DAY), 600, "day 0 straddles start");
        assertEq(insurance.rainfallBetween(sensor, DAY0, DAY0 + 3 * DAY - 1), 300, "day 2 straddles end");
        assertEq(insurance.rainfallBetween(sensor, DAY0 + 1, DAY0 + DAY - 1), 0, "inside one window");
        assertEq(insurance.rainfallBetween(sensor, DAY0 + DAY, DAY0 + DAY), 0, "empty");
    }

    // ---- reclaimPolicy -------------------------------------------------------------------------------------------

    function test_ReclaimPolicy_ReturnsFundsWhenSensorWentSilent() public {
        uint256 id = _policy(DAY0, DAY0 + 2 * DAY);
        _day(0, 100);
        uint256 before = token.balanceOf(INSURER);
        vm.warp(DAY0 + 2 * DAY + insurance.RECLAIM_DELAY());

        vm.expectEmit(true, true, true, true, address(insurance));
        emit IParametricInsurance.PolicyExpired(id, INSURER, PAYOUT, 100);
        insurance.reclaimPolicy(id);

        assertEq(token.balanceOf(INSURER), before + PAYOUT, "refunded");
        assertEq(insurance.openPolicies(sensor).length, 0, "no longer open");
    }

    function test_RevertWhen_ReclaimPolicyTooEarly() public {
        uint256 id = _policy(DAY0, DAY0 + 2 * DAY);
        vm.warp(DAY0 + 2 * DAY + insurance.RECLAIM_DELAY() - 1);
        vm.expectRevert(abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceNotReclaimable.selector, id));
        insurance.reclaimPolicy(id);
    }

    function test_RevertWhen_ReclaimPolicySettled() public {
        uint256 id = _policy(DAY0, DAY0 + DAY);
        _day(0, 0);
        vm.warp(DAY0 + 365 days);
        vm.expectRevert(abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceNotReclaimable.selector, id));
        insurance.reclaimPolicy(id);
    }

    function test_RevertWhen_ReclaimPolicyUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IParametricInsurance.ParametricInsuranceUnknownPolicy.selector, 7));
        insurance.reclaimPolicy(7);
    }

    // ---- fuzz ----------------------------------------------------------------------------------------------------

    /// @dev Any span of whole windows sums to the rainfall of exactly those windows.
    function testFuzz_RainfallBetween_EqualsSumOfWindows(uint256 seed, uint8 count, uint8 from, uint8 to) public {
        count = uint8(bound(count, 1, 24));
        uint256[] memory values = new uint256[](count);
        uint64 t = DAY0;
        uint64[] memory boundaries = new uint64[](uint256(count) + 1);
        boundaries[0] = t;
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            values[i] = r % 1_000_000;
            uint64 length = uint64(1 + (r >> 128) % 2 days);
            Observation memory obs = _rain(sensor, uint64(i + 1), t, t + length, int64(uint64(values[i])));
            insurance.submitObservation(obs, _signObservation(SENSOR_KEY, obs));
            t += length;
            boundaries[i + 1] = t;
        }
        uint256 a = bound(from, 0, count);
        uint256 b = bound(to, a, count);
        uint256 expected;
        for (uint256 i = a; i < b; ++i) {
            expected += values[i];
        }
        assertEq(insurance.rainfallBetween(sensor, boundaries[a], boundaries[b]), expected, "window sum");
    }

    function testFuzz_SubmitObservation_AcceptsAnyRegisteredKey(uint256 keySeed, uint64 sequence, int64 value) public {
        uint256 key = boundKey(keySeed);
        address device = vm.addr(key);
        vm.assume(device != sensor && device != terminal);
        sequence = uint64(bound(sequence, 1, type(uint64).max));
        value = int64(uint64(bound(uint64(value), 0, uint64(type(int64).max))));
        _register(SENSOR_OWNER, key, DeviceRoles.SENSOR);

        Observation memory obs = _rain(device, sequence, DAY0, DAY0 + DAY, value);
        insurance.submitObservation(obs, _signObservation(key, obs));
        assertEq(insurance.series(device).cumulative, uint256(uint64(value)), "recorded");
    }
}
