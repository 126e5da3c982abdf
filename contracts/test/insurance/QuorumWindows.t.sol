// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IQuorumInsurance} from "../../src/insurance/interfaces/IQuorumInsurance.sol";
import {Observation} from "../../src/core/libraries/EdgeMessages.sol";
import {InsuranceFixture} from "./InsuranceFixture.sol";

/// @notice QuorumInsurance windows: the product grid, collection across rounds, the deadline, and decideWindow.
contract QuorumWindowsTest is InsuranceFixture {
    uint64 internal constant START = DAY0 + 2 * DAY;
    uint64 internal constant END = DAY0 + 3 * DAY;
    uint64 internal constant DEADLINE = END + 2 * DAY; // the drought product's staleness

    function setUp() public {
        _deployInsurance(5);
    }

    function _expectOffGrid(uint32 metric, uint64 start, uint64 end) internal {
        vm.expectRevert(
            abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceOffGrid.selector, region, metric, start, end)
        );
    }

    /// @dev Day 2's observations from the first `k` sensors, submitted.
    function _submitFirst(uint256 k, int64[] memory values) internal returns (Observation[] memory, bytes[] memory) {
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, values);
        (Observation[] memory head, bytes[] memory headSigs) = (new Observation[](k), new bytes[](k));
        for (uint256 i; i < k; ++i) (head[i], headSigs[i]) = (obs[i], sigs[i]);
        _submit(2, head, headSigs);
        return (obs, sigs);
    }

    function test_RevertWhen_RoundOfAMetricNoProductHas() public {
        vm.warp(END);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        _expectOffGrid(7, START, END);
        insurance.submitRound(region, 7, START, END, _pack(obs, sigs));
    }

    function test_RevertWhen_RoundWindowNotAProductsLength() public {
        vm.warp(END);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        _expectOffGrid(1, START, END - 1);
        insurance.submitRound(region, 1, START, END - 1, _pack(obs, sigs));
    }

    function test_RevertWhen_RoundWindowStartsOffTheGrid() public {
        vm.warp(END + 1 hours);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        _expectOffGrid(1, START + 1 hours, END + 1 hours); // a day long, but not midnight to midnight
        insurance.submitRound(region, 1, START + 1 hours, END + 1 hours, _pack(obs, sigs));
    }

    function test_SubmitRound_CollectsAnOpenWindowAndEmitsTheCount() public {
        vm.warp(END);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(1, 2, 3, 4, 5));
        (Observation[] memory two, bytes[] memory twoSigs) = (new Observation[](2), new bytes[](2));
        (two[0], two[1], twoSigs[0], twoSigs[1]) = (obs[3], obs[1], sigs[3], sigs[1]);
        vm.expectEmit(true, true, false, true, address(insurance));
        emit IQuorumInsurance.WindowCollected(region, 1, START, END, 2);
        assertEq(_submit(2, two, twoSigs), 2, "two counted");
        (uint32 counted, bool decided, int64[] memory values) = insurance.windowState(region, 1, START, END);
        assertEq(uint256(counted), 0x0a, "sensors 1 and 3");
        assertFalse(decided, "open");
        assertEq(int256(values[1]) * 10 + values[3], 24, "their values, by index");
    }

    function test_SubmitRound_CountsItemsUpToTheDeadline() public {
        _buy(1, 31);
        vm.warp(DEADLINE); // the last second of the grace
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        assertEq(_submit(2, obs, sigs), 5, "still collected");
        assertEq(token.balanceOf(FARMER), 95_000e6 + SUM, "and decided");
    }

    function test_SubmitRound_PastTheDeadlineDecidesOverWhatArrived() public {
        _buy(1, 31);
        vm.warp(END);
        (Observation[] memory obs, bytes[] memory sigs) = _submitFirst(3, _values(20_000, 30_000, 40_000, 0, 0));
        vm.warp(DEADLINE + 1);
        // the two driest readings come late: they are skipped, the window is decided over the three on time
        _expectSkipFrom(obs.length);
        vm.expectEmit(true, true, false, true, address(insurance));
        emit IQuorumInsurance.WindowDecided(region, 1, START, END, 3, 30_000);
        assertEq(_submit(2, obs, sigs), 0, "late items count nothing");
        assertEq(token.balanceOf(FARMER), 95_000e6 + SUM / 2, "the median of the three on time (30 mm) pays half");
        (uint32 counted, bool decided, int64[] memory values) = insurance.windowState(region, 1, START, END);
        assertEq(uint256(counted), 0x07, "the three that counted");
        assertTrue(decided, "decided");
        assertEq(int256(values[0]), 0, "values are not kept once decided");
    }

    function _expectSkipFrom(uint256 n) internal {
        for (uint256 i; i < n; ++i) {
            vm.expectEmit(true, false, false, true, address(insurance));
            emit IQuorumInsurance.ObservationSkipped(i, sensors[i], IQuorumInsurance.SkipReason.WindowDecided);
        }
    }

    function test_DecideWindow_AfterTheDeadlineOverTheStoredValues() public {
        _buy(1, 31);
        vm.warp(END);
        _submitFirst(4, _values(10_000, 90_000, 0, 30_000, 0));
        vm.warp(DEADLINE + 1);
        vm.expectEmit(true, true, false, true, address(insurance));
        emit IQuorumInsurance.WindowDecided(region, 1, START, END, 4, 20_000); // (10 + 30) / 2 mm
        insurance.decideWindow(region, 1, START, END);
        assertEq(token.balanceOf(FARMER), 95_000e6 + SUM * 3 / 4, "20 mm pays three quarters");
        (, bool decided,) = insurance.windowState(region, 1, START, END);
        assertTrue(decided, "decided");
    }

    function test_DecideWindow_WithNothingCollectedPaysNothing() public {
        _buy(1, 31);
        vm.warp(DEADLINE + 1);
        vm.expectEmit(true, true, false, true, address(insurance));
        emit IQuorumInsurance.WindowDecided(region, 1, START, END, 0, 0);
        vm.expectEmit(true, false, false, true, address(insurance));
        emit IQuorumInsurance.WindowIgnored(drought, END, 0);
        insurance.decideWindow(region, 1, START, END);
        assertEq(token.balanceOf(FARMER), 95_000e6, "no data, no payout");
    }

    function test_RevertWhen_DecideWindowBeforeTheDeadline() public {
        vm.warp(END);
        _submitFirst(4, _values(0, 0, 0, 0, 0));
        vm.warp(DEADLINE);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceWindowOpen.selector, DEADLINE));
        insurance.decideWindow(region, 1, START, END);
    }

    function test_RevertWhen_DecideWindowAlreadyDecided() public {
        vm.warp(END);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _values(0, 0, 0, 0, 0));
        _submit(2, obs, sigs); // all five: decided at once
        vm.warp(DEADLINE + 1);
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceWindowAlreadyDecided.selector);
        insurance.decideWindow(region, 1, START, END);
    }

    function test_RevertWhen_DecideWindowOffTheGrid() public {
        vm.warp(DEADLINE + 1 days);
        _expectOffGrid(1, START + 1, END + 1);
        insurance.decideWindow(region, 1, START + 1, END + 1);
    }

    function test_SubmitRound_ProductsOfOneGridShareTheDecision() public {
        // a flood product on the same grid: one decision, each product judges it by its own thresholds and quorum
        IQuorumInsurance.Product memory flood = _droughtTerms(5);
        (flood.direction, flood.trigger, flood.exit) = (IQuorumInsurance.Direction.Above, 60_000, 100_000);
        vm.prank(INSURER);
        uint32 floodId = insurance.createProduct(flood);
        vm.prank(FARMER);
        uint256 floodPolicy = insurance.buyPolicy(floodId, FARMER, DAY0 + DAY, DAY0 + 31 * DAY, SUM);
        uint256 droughtPolicy = _buy(1, 31);
        vm.warp(END);
        _submitFirst(4, _values(90_000, 90_000, 90_000, 90_000, 0));
        vm.warp(DEADLINE + 1);
        vm.expectEmit(true, false, false, true, address(insurance));
        emit IQuorumInsurance.WindowIgnored(floodId, END, 4); // its quorum is five
        insurance.decideWindow(region, 1, START, END);
        assertEq(uint256(insurance.policy(floodPolicy).paid), 0, "four of five is below the flood product's quorum");
        assertEq(uint256(insurance.policy(droughtPolicy).paid), 0, "90 mm is no drought");
    }
}
