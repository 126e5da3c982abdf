// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ParametricInsurance} from "../../src/insurance/ParametricInsurance.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {Observation} from "../../src/core/libraries/EdgeMessages.sol";
import {EdgeTest} from "../utils/EdgeTest.sol";

/// @notice Records the gas of the first-generation insurance calls the gateway pays for, per situation, in
/// snapshots/EdgeOracle.json (committed, so a change that makes them dearer shows up in review; PaymentHub's are in
/// snapshots/Finance.json). Execution gas only: add 21,000 plus calldata for a transaction's total.
contract GasTest is EdgeTest {
    ParametricInsurance internal insurance;

    uint256 internal constant SENSOR_KEY = 0x5E05;
    address internal sensor;
    address internal constant OWNER = address(0x0A11);
    address internal constant FARMER = address(0xFA12);

    function setUp() public {
        _deployBase();
        insurance = new ParametricInsurance(address(registry), address(token));
        sensor = vm.addr(SENSOR_KEY);
        _register(OWNER, SENSOR_KEY, DeviceRoles.SENSOR);
        token.mint(address(this), 1_000_000e6);
        token.approve(address(insurance), type(uint256).max);
    }

    function _submitDay(uint64 day, int64 value) internal {
        Observation memory obs = _rain(sensor, day + 1, DAY0 + day * DAY, DAY0 + (day + 1) * DAY, value);
        insurance.submitObservation(obs, _signObservation(SENSOR_KEY, obs));
    }

    function test_Gas_SubmitObservation() public {
        _submitDay(0, 1200);
        uint256 first = vm.snapshotGasLastCall("EdgeOracle", "submitObservation_firstOfSensor");
        _submitDay(1, 1200);
        uint256 next = vm.snapshotGasLastCall("EdgeOracle", "submitObservation_next_noPolicy");

        insurance.createPolicy(FARMER, sensor, DAY0 + 2 * DAY, DAY0 + 4 * DAY, 50_000, 100e6);
        _submitDay(2, 1200);
        uint256 open = vm.snapshotGasLastCall("EdgeOracle", "submitObservation_next_onePolicyOpen");
        _submitDay(3, 1200);
        uint256 payout = vm.snapshotGasLastCall("EdgeOracle", "submitObservation_next_settlesOnePayout");

        assertTrue(first > next && payout > open && open > next, "the situations cost what they should, in order");
    }
}
