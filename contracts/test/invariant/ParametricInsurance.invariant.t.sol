// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ParametricInsurance} from "../../src/insurance/ParametricInsurance.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {EdgeTest} from "../utils/EdgeTest.sol";
import {InsuranceHandler} from "./InsuranceHandler.sol";

/// @notice Invariants of the insurance's money and series under random policies, reports and reclaims.
contract ParametricInsuranceInvariantTest is EdgeTest {
    ParametricInsurance internal insurance;
    InsuranceHandler internal handler;
    uint256 internal constant SENSOR_KEY = 0x5E05;
    address internal constant FARMER = address(0xFA12);

    function setUp() public {
        _deployBase();
        insurance = new ParametricInsurance(address(registry), address(token));
        _register(address(0x0A11), SENSOR_KEY, DeviceRoles.SENSOR);
        handler = new InsuranceHandler(insurance, registry, token, SENSOR_KEY);
        token.transferOwnership(address(handler)); // the handler mints what its insurer pays in
    }

    /// @dev forge's invariant runner calls only these contracts (forge-std's StdInvariant, by hand).
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice The contract always holds exactly the payouts of its open policies.
    function invariant_BalanceEqualsOpenPayouts() public view {
        assertEq(token.balanceOf(address(insurance)), handler.ghost_openPayouts(), "escrow");
    }

    /// @notice Every settled policy's money went once, to the beneficiary or back to the insurer.
    function invariant_SettledMoneyWentOnce() public view {
        assertEq(token.balanceOf(FARMER), handler.ghost_paidOut(), "beneficiary got the payouts");
        assertEq(token.balanceOf(address(handler)), handler.ghost_refunded(), "insurer got the refunds");
    }

    /// @notice The recorded cumulative rainfall is the sum of every reported day, and the series covers those days.
    function invariant_SeriesIsSumOfReports() public view {
        address sensor = vm.addr(SENSOR_KEY);
        assertEq(insurance.series(sensor).cumulative, handler.ghost_rainfall(), "cumulative");
        assertEq(
            insurance.rainfallBetween(sensor, DAY0, DAY0 + handler.ghost_days() * DAY), handler.ghost_rainfall(), "sum"
        );
    }
}
