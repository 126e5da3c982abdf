// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IQuorumInsurance} from "../../src/insurance/interfaces/IQuorumInsurance.sol";
import {Observation} from "../../src/core/libraries/EdgeMessages.sol";
import {QuorumRound} from "../../src/insurance/libraries/QuorumRound.sol";
import {InsuranceFixture} from "./InsuranceFixture.sol";

/// @notice Issue 15, rows 1–5 and 8: what a hostile relayer or buyer did to QuorumInsurance, each as the attacker
/// would do it, asserting the attack no longer pays.
contract QuorumAttacksTest is InsuranceFixture {
    function setUp() public {
        _deployInsurance(7);
    }

    /// @dev The items of `obs` at positions [from, to).
    function _slice(Observation[] memory obs, bytes[] memory sigs, uint256 from, uint256 to)
        internal
        view
        returns (bytes memory items)
    {
        for (uint256 i = from; i < to; ++i) {
            items = bytes.concat(items, QuorumRound.encodeItem(_indexOf(obs[i].device), obs[i], sigs[i]));
        }
    }

    function _seven(int64 a, int64 b, int64 c, int64 d, int64 e, int64 f, int64 g)
        internal
        pure
        returns (int64[] memory v)
    {
        v = new int64[](7);
        (v[0], v[1], v[2], v[3], v[4], v[5], v[6]) = (a, b, c, d, e, f, g);
    }

    /// Row 1: once a drought day is known (or its round sits in the mempool), cover bought with a start in the past
    /// would pay 100,000 for a 5,000 premium. Coverage can no longer start before the purchase.
    function test_Attack_BuyPolicyStartingInThePastIsRefused() public {
        vm.warp(DAY0 + 3 * DAY); // day 2 was dry and is over
        (uint64 start, uint64 end) = (DAY0 + 2 * DAY, DAY0 + 10 * DAY);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadCoverage.selector, start, end));
        vm.prank(FARMER);
        insurance.buyPolicy(drought, FARMER, start, end, SUM);
        // a window that has begun but not ended is refused as well
        vm.warp(DAY0 + 3 * DAY + 1 hours);
        (start, end) = (DAY0 + 3 * DAY, DAY0 + 10 * DAY);
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadCoverage.selector, start, end));
        vm.prank(FARMER);
        insurance.buyPolicy(drought, FARMER, start, end, SUM);
    }

    /// Row 2: relaying only the 3 driest of 5 honest readings (0, 0, 60, 70, 80 mm) gave median 0 and a full payout.
    /// The window is decided over every value that arrived: the median of all five is 60 mm, which pays nothing.
    function test_Attack_RelayingTheDriestSubsetDoesNotDecide() public {
        _buy(1, 31);
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) =
            _round(2, _seven(0, 0, 60_000, 70_000, 80_000, 60_000, 60_000));
        insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, _slice(obs, sigs, 0, 3));
        assertEq(token.balanceOf(FARMER), 95_000e6, "three of seven decide nothing");
        insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, _slice(obs, sigs, 3, 7));
        assertEq(token.balanceOf(FARMER), 95_000e6, "the median of all seven is 60 mm: no payout");
    }

    /// Row 3: a second round of the same window was judged on its own items: four wet sensors paid nothing, then
    /// three dry ones met the quorum and paid in full, though the seven-sensor median is 60 mm.
    function test_Attack_ASecondRoundOfTheWindowIsNotJudgedAlone() public {
        _buy(1, 31);
        vm.warp(DAY0 + 3 * DAY);
        (Observation[] memory obs, bytes[] memory sigs) =
            _round(2, _seven(60_000, 70_000, 80_000, 90_000, 0, 0, 0));
        insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, _slice(obs, sigs, 0, 4));
        insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, _slice(obs, sigs, 4, 7));
        assertEq(token.balanceOf(FARMER), 95_000e6, "the window's median over all seven (60 mm) pays nothing");
    }

    /// Row 4: one sensor submitted a one-second window of another metric ending later; the region's window moved
    /// forward and the unanimous drought round was refused. Windows now live on their product's grid, per metric.
    function test_Attack_AnOffGridWindowCannotBlockTheDroughtRound() public {
        _buy(1, 31);
        vm.warp(DAY0 + 3 * DAY + 10);
        Observation memory odd = _rain(sensors[0], 1000, DAY0 + 3 * DAY, DAY0 + 3 * DAY + 1, 0);
        odd.metric = 9;
        bytes memory item = QuorumRound.encodeItem(0, odd, _signObservation(sensorKeys[0], odd));
        // refused or ignored: either way it must not touch the drought window
        try insurance.submitRound(region, 9, DAY0 + 3 * DAY, DAY0 + 3 * DAY + 1, item) {} catch {}
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _seven(0, 0, 0, 0, 0, 0, 0));
        insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, _slice(obs, sigs, 0, 7));
        assertEq(token.balanceOf(FARMER), 95_000e6 + SUM, "the unanimous drought round pays in full");
    }

    /// Row 5: in a region with products on two metrics, the round that landed first marked the sensors counted and
    /// the other metric's round counted nothing. The counted set is per metric and window.
    function test_Attack_AnotherMetricsRoundDoesNotCountTheSensors() public {
        IQuorumInsurance.Product memory soil = _droughtTerms(3);
        soil.metric = 2;
        vm.prank(INSURER);
        insurance.createProduct(soil);
        _buy(1, 31);
        vm.warp(DAY0 + 3 * DAY);
        bytes memory soilItems;
        for (uint256 i; i < 7; ++i) {
            Observation memory o = _rain(sensors[i], ++seq[sensors[i]], DAY0 + 2 * DAY, DAY0 + 3 * DAY, 90_000);
            o.metric = 2;
            soilItems = bytes.concat(soilItems, QuorumRound.encodeItem(uint8(i), o, _signObservation(sensorKeys[i], o)));
        }
        insurance.submitRound(region, 2, DAY0 + 2 * DAY, DAY0 + 3 * DAY, soilItems);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, _seven(0, 0, 0, 0, 0, 0, 0));
        assertEq(
            insurance.submitRound(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, _slice(obs, sigs, 0, 7)),
            7,
            "every rainfall reading counts"
        );
        assertEq(token.balanceOf(FARMER), 95_000e6 + SUM, "and the drought pays");
    }

    /// Row 8: 32 policies of 1 wei ending at type(uint48).max filled the product's active places forever for 32 wei.
    function test_Attack_DustPoliciesCannotFillTheActivePlaces() public {
        address attacker = address(0xA77AC);
        token.mint(attacker, 1e6);
        vm.startPrank(attacker);
        token.approve(address(insurance), type(uint256).max);
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadPolicy.selector);
        insurance.buyPolicy(drought, attacker, DAY0 + DAY, DAY0 + 31 * DAY, 1);
        (uint64 start, uint64 end) = (DAY0 + DAY, uint64(type(uint48).max));
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadCoverage.selector, start, end));
        insurance.buyPolicy(drought, attacker, start, end, 100e6);
        vm.stopPrank();
        assertEq(insurance.activePolicies(drought).length, 0, "no dust policy took a place");
    }
}
