// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ParametricInsurance} from "../../src/insurance/ParametricInsurance.sol";
import {PaymentRouter} from "../../src/payments/PaymentRouter.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {CustomerAuthorization, EdgeMessages, Observation, PaymentIntent} from "../../src/core/libraries/EdgeMessages.sol";
import {EdgeTest} from "../utils/EdgeTest.sol";

/// @notice Records the gas of the calls the gateway pays for, per situation, in snapshots/EdgeOracle.json (committed,
/// so a change that makes them dearer shows up in review). Execution gas only: add 21,000 plus calldata for a
/// transaction's total.
contract GasTest is EdgeTest {
    ParametricInsurance internal insurance;
    PaymentRouter internal router;

    uint256 internal constant SENSOR_KEY = 0x5E05;
    uint256 internal constant TERMINAL_KEY = 0x7E42;
    uint256 internal constant CUSTOMER_KEY = 0xC0FFEE;
    address internal sensor;
    address internal terminal;
    address internal constant OWNER = address(0x0A11);
    address internal constant FARMER = address(0xFA12);

    function setUp() public {
        _deployBase();
        insurance = new ParametricInsurance(address(registry), address(token));
        router = new PaymentRouter(address(registry));
        sensor = vm.addr(SENSOR_KEY);
        terminal = vm.addr(TERMINAL_KEY);
        _register(OWNER, SENSOR_KEY, DeviceRoles.SENSOR);
        _register(OWNER, TERMINAL_KEY, DeviceRoles.TERMINAL);
        token.mint(address(this), 1_000_000e6);
        token.approve(address(insurance), type(uint256).max);
        token.mint(vm.addr(CUSTOMER_KEY), 1000e6);
    }

    function _submitDay(uint64 day, int64 value) internal {
        Observation memory obs = _rain(sensor, day + 1, DAY0 + day * DAY, DAY0 + (day + 1) * DAY, value);
        insurance.submitObservation(obs, _signObservation(SENSOR_KEY, obs));
    }

    function _sale(uint64 sequence) internal {
        PaymentIntent memory intent = PaymentIntent({
            terminal: terminal,
            merchant: OWNER,
            token: address(token),
            amount: 12_500_000,
            expiry: uint64(block.timestamp + 5 minutes),
            orderRef: keccak256(abi.encode(sequence)),
            sequence: sequence,
            prevHash: bytes32(0)
        });
        bytes32 digest = registry.hashTypedData(EdgeMessages.hash(intent));
        CustomerAuthorization memory auth =
            _authorize(CUSTOMER_KEY, address(router), intent.amount, digest, block.timestamp + 1 hours);
        router.settle(intent, _signIntent(TERMINAL_KEY, intent), auth);
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

    function test_Gas_Settle() public {
        _sale(1);
        uint256 first = vm.snapshotGasLastCall("EdgeOracle", "settle_firstOfTerminal");
        _sale(2);
        uint256 next = vm.snapshotGasLastCall("EdgeOracle", "settle_next");
        assertTrue(first > next, "first sale pays for fresh storage");
    }
}
