// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ParametricInsurance} from "../../src/insurance/ParametricInsurance.sol";
import {IParametricInsurance} from "../../src/insurance/interfaces/IParametricInsurance.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {EdgeMessages, Observation} from "../../src/core/libraries/EdgeMessages.sol";
import {EdgeTest} from "../utils/EdgeTest.sol";

/// @notice A month of a rain gauge's life: registered by its owner, insured by an insurer for a farmer, reporting
/// one signed daily total (with its hash chain) through an untrusted relayer, and the policy settling by itself.
contract DroughtLifecycleTest is EdgeTest {
    ParametricInsurance internal insurance;

    uint256 internal constant GAUGE_KEY = 0x6A06E;
    address internal gauge;
    address internal constant GAUGE_OWNER = address(0x0A11);
    address internal constant INSURER = address(0x1505);
    address internal constant FARMER = address(0xFA12);
    address internal constant RELAYER = address(0x6A7E);
    uint256 internal constant PAYOUT = 2500e6;
    int64 internal constant THRESHOLD = 50_000; // 50 mm over 30 days

    uint256 internal policyId;
    bytes32 internal prevDigest;

    function setUp() public {
        _deployBase();
        insurance = new ParametricInsurance(address(registry), address(token));
        gauge = vm.addr(GAUGE_KEY);
        _register(GAUGE_OWNER, GAUGE_KEY, DeviceRoles.SENSOR);

        token.mint(INSURER, PAYOUT);
        vm.startPrank(INSURER);
        token.approve(address(insurance), PAYOUT);
        policyId = insurance.createPolicy(FARMER, gauge, DAY0, DAY0 + 30 * DAY, THRESHOLD, PAYOUT);
        vm.stopPrank();
    }

    /// @dev The gauge signs day `day`'s total at the end of the day and the relayer submits it.
    function _reportDay(uint64 day, int64 micrometres) internal {
        Observation memory obs = Observation({
            device: gauge,
            sequence: day + 1,
            metric: EdgeMessages.METRIC_RAINFALL,
            windowStart: DAY0 + day * DAY,
            windowEnd: DAY0 + (day + 1) * DAY,
            value: micrometres,
            sampleCount: uint32(uint64(micrometres) / 200),
            flags: 0,
            prevHash: prevDigest
        });
        bytes32 digest = registry.hashTypedData(EdgeMessages.hash(obs));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(GAUGE_KEY, digest);
        prevDigest = digest;

        vm.warp(obs.windowEnd + 90);
        vm.prank(RELAYER);
        insurance.submitObservation(obs, abi.encodePacked(r, s, v));
    }

    /// @dev A dry month: a few light showers, 1.2 mm on every fifth day, 7.2 mm in total.
    function _dryDay(uint64 day) internal pure returns (int64) {
        return day % 5 == 0 ? int64(1200) : int64(0);
    }

    function test_Drought_PaysFarmerAfterThirtiethDay() public {
        for (uint64 day; day < 29; ++day) {
            _reportDay(day, _dryDay(day));
        }
        assertEq(uint256(insurance.policy(policyId).status), uint256(IParametricInsurance.PolicyStatus.Open), "open");
        assertEq(token.balanceOf(FARMER), 0, "nothing paid before the coverage is complete");

        vm.expectEmit(true, true, true, true, address(insurance));
        emit IParametricInsurance.PolicyPaidOut(policyId, FARMER, PAYOUT, 7200);
        _reportDay(29, _dryDay(29));

        assertEq(token.balanceOf(FARMER), PAYOUT, "farmer paid");
        assertEq(token.balanceOf(address(insurance)), 0, "nothing left in the contract");
        assertEq(uint256(insurance.policy(policyId).status), uint256(IParametricInsurance.PolicyStatus.PaidOut), "paid");
        IParametricInsurance.Series memory s = insurance.series(gauge);
        assertEq(uint256(s.lastSequence), 30, "thirty observations");
        assertEq(uint256(s.coveredUntil), DAY0 + 30 * DAY, "covered the month");
        assertEq(insurance.rainfallBetween(gauge, DAY0, DAY0 + 30 * DAY), 7200, "month total");
    }

    function test_WetMonth_ReturnsFundsToInsurer() public {
        for (uint64 day; day < 30; ++day) {
            _reportDay(day, 2000); // 2 mm a day, 60 mm in the month
        }
        assertEq(token.balanceOf(FARMER), 0, "no payout");
        assertEq(token.balanceOf(INSURER), PAYOUT, "insurer refunded");
        assertEq(uint256(insurance.policy(policyId).status), uint256(IParametricInsurance.PolicyStatus.Expired), "done");
    }
}
