// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IQuorumInsurance} from "../../src/insurance/interfaces/IQuorumInsurance.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {Observation} from "../../src/core/libraries/EdgeMessages.sol";
import {InsuranceFixture} from "./InsuranceFixture.sol";

/// @notice QuorumInsurance's regions: creation, each refusal, and the views of sensors and region state.
contract QuorumRegionsTest is InsuranceFixture {
    function setUp() public {
        _deployInsurance(5);
    }

    /// @dev Registers `n` fresh sensors (the keys 0x7000 + i) and returns them.
    function _newSensors(uint256 n) internal returns (address[] memory list) {
        list = new address[](n);
        for (uint256 i; i < n; ++i) {
            list[i] = _register(DEVICE_OWNER, 0x7000 + i, DeviceRoles.SENSOR);
        }
    }

    /// @dev Expects createRegion(list) by the owner to revert with QuorumInsuranceBadRegion(sensor).
    function _assertBadRegion(address[] memory list, address sensor) internal {
        vm.expectRevert(abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceBadRegion.selector, sensor));
        vm.prank(INSURER);
        insurance.createRegion(list);
    }

    function test_CreateRegion_RecordsSensorsIndexesAndActiveSet() public view {
        address[] memory listed = insurance.regionSensors(region);
        assertEq(listed.length, 5, "five sensors");
        for (uint256 i; i < 5; ++i) {
            assertEq(listed[i], sensors[i], "in order");
            (uint32 regionId, uint8 index) = insurance.sensorState(sensors[i]);
            assertEq(uint256(regionId), region, "region");
            assertEq(uint256(index), i, "index");
        }
        (uint64 epoch, uint32 verified) = insurance.regionState(region);
        assertEq(uint256(epoch), 0, "registry epoch 0");
        assertEq(uint256(verified), 0x1f, "every sensor was checked active at creation");
    }

    function test_CreateRegion_EmitsRegionCreatedWithTheNextId() public {
        address[] memory list = _newSensors(2);
        vm.expectEmit(true, false, false, true, address(insurance));
        emit IQuorumInsurance.RegionCreated(region + 1, list);
        vm.prank(INSURER);
        assertEq(uint256(insurance.createRegion(list)), region + 1, "ids count from 1");
        (uint32 regionId, uint8 index) = insurance.sensorState(list[1]);
        assertEq(uint256(regionId), region + 1, "the new region");
        assertEq(uint256(index), 1, "its own index there");
    }

    function test_Views_ReportNothingForUnknownSensorsAndRegions() public view {
        (uint32 regionId, uint8 index) = insurance.sensorState(address(0xBEEF));
        assertEq(uint256(regionId) + index, 0, "not a sensor of any region");
        assertEq(insurance.regionSensors(99).length, 0, "no such region: no sensors");
        (uint64 epoch, uint32 verified) = insurance.regionState(99);
        assertEq(uint256(epoch) + verified, 0, "no such region: empty state");
        (uint32 counted, bool decided, int64[] memory values) = insurance.windowState(99, 1, DAY0, DAY0 + DAY);
        assertEq(uint256(counted) + values.length, 0, "no such region: no window");
        assertFalse(decided, "and nothing decided");
    }

    function test_CreateRegion_TakesTheRegistryEpochAndThirtyTwoSensors() public {
        address dead = _register(DEVICE_OWNER, 0xDEAD, DeviceRoles.SENSOR);
        vm.prank(DEVICE_OWNER);
        registry.revokeDevice(dead);
        address[] memory many = _newSensors(32);
        vm.prank(INSURER);
        uint32 big = insurance.createRegion(many);
        (uint64 epoch, uint32 verified) = insurance.regionState(big);
        assertEq(uint256(epoch), 1, "the registry's epoch at creation");
        assertEq(uint256(verified), type(uint32).max, "all 32 seen active");
        assertEq(insurance.regionSensors(big)[31], many[31], "the last one listed");
        (, uint8 index) = insurance.sensorState(many[31]);
        assertEq(uint256(index), 31, "indexed");
    }

    function test_RevertWhen_CreateRegionByNonOwner() public {
        address[] memory list = _newSensors(1);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        insurance.createRegion(list);
    }

    function test_RevertWhen_CreateRegionEmpty() public {
        _assertBadRegion(new address[](0), address(0));
    }

    function test_RevertWhen_CreateRegionAboveThirtyTwoSensors() public {
        _assertBadRegion(_newSensors(33), address(0));
    }

    function test_RevertWhen_CreateRegionWithSensorOfAnotherRegion() public {
        _assertBadRegion(sensors, sensors[0]);
    }

    function test_RevertWhen_CreateRegionWithSensorTwice() public {
        address[] memory twice = _newSensors(2);
        twice[1] = twice[0];
        _assertBadRegion(twice, twice[0]);
    }

    function test_RevertWhen_CreateRegionWithTerminal() public {
        address[] memory list = _newSensors(1);
        list[0] = _register(DEVICE_OWNER, 0x7E2, DeviceRoles.TERMINAL);
        _assertBadRegion(list, list[0]);
    }

    function test_RevertWhen_CreateRegionWithRevokedSensor() public {
        address[] memory list = _newSensors(2);
        vm.prank(DEVICE_OWNER);
        registry.revokeDevice(list[1]);
        _assertBadRegion(list, list[1]);
    }

    function test_RevertWhen_CreateRegionListLandsElsewhere() public {
        // the contract finds region n's sensor list at its n-th CREATE; a shifted nonce must not go unnoticed
        address[] memory list = _newSensors(1);
        vm.setNonce(address(insurance), 9);
        _assertBadRegion(list, address(0));
    }
    /// @dev Registers the fixture's next sensor key and adds that sensor to the region; returns its index.
    function _addNextSensor() internal returns (uint8 index) {
        uint256 key = 0x5E0500 + sensors.length;
        address sensor = _register(DEVICE_OWNER, key, DeviceRoles.SENSOR);
        vm.prank(INSURER);
        index = insurance.addSensor(region, sensor);
        sensorKeys.push(key);
        sensors.push(sensor);
    }

    /// @dev Expects addSensor(regionId, sensor) by the owner to revert with `reason`.
    function _assertAddRefused(uint32 regionId, address sensor, bytes memory reason) internal {
        vm.expectRevert(reason);
        vm.prank(INSURER);
        insurance.addSensor(regionId, sensor);
    }

    function test_AddSensor_AppendsAtTheNextIndex_KeepingTheOthers() public {
        address sensor = _register(DEVICE_OWNER, 0x5E0505, DeviceRoles.SENSOR);
        vm.expectEmit(true, true, false, true, address(insurance));
        emit IQuorumInsurance.RegionSensorAdded(region, sensor, 5);
        vm.prank(INSURER);
        assertEq(uint256(insurance.addSensor(region, sensor)), 5, "the region's previous size");
        address[] memory listed = insurance.regionSensors(region);
        assertEq(listed.length, 6, "six sensors");
        for (uint256 i; i < 5; ++i) assertEq(listed[i], sensors[i], "the others keep their index");
        assertEq(listed[5], sensor, "the new one last");
        (uint32 regionId, uint8 index) = insurance.sensorState(sensor);
        assertEq((uint256(regionId) << 8) | index, (uint256(region) << 8) | 5, "its membership");
        (, uint32 verified) = insurance.regionState(region);
        assertEq(uint256(verified), 0x3f, "seen active at the registry's current epoch");
    }

    function test_AddSensor_TheNewSensorCountsAndAllSixDecideTheWindow() public {
        _addNextSensor();
        vm.warp(DAY0 + 3 * DAY);
        int64[] memory six = new int64[](6);
        (six[0], six[1], six[2], six[3], six[4], six[5]) = (1_000, 2_000, 3_000, 4_000, 5_000, 6_000);
        (Observation[] memory obs, bytes[] memory sigs) = _round(2, six);
        vm.expectEmit(true, true, false, true, address(insurance));
        emit IQuorumInsurance.WindowDecided(region, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY, 6, 3_500); // the mean of the middle two
        assertEq(_submit(2, obs, sigs), 6, "all six counted");
    }

    function test_AddSensor_ARegionCreatedAfterwardsFindsItsOwnList() public {
        _addNextSensor();
        address[] memory list = _newSensors(2);
        vm.prank(INSURER);
        uint32 next = insurance.createRegion(list);
        address[] memory listed = insurance.regionSensors(next);
        assertEq(listed.length, 2, "two sensors");
        assertEq(listed[1], list[1], "its own list, not the first region's");
        assertEq(insurance.regionSensors(region).length, 6, "the first region keeps six");
    }

    function test_RevertWhen_AddSensorByNonOwner() public {
        address sensor = _register(DEVICE_OWNER, 0x5E0505, DeviceRoles.SENSOR);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        insurance.addSensor(region, sensor);
    }

    function test_RevertWhen_AddSensorToUnknownRegion() public {
        address sensor = _register(DEVICE_OWNER, 0x5E0505, DeviceRoles.SENSOR);
        _assertAddRefused(0, sensor, abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceUnknownRegion.selector, 0));
        _assertAddRefused(region + 1, sensor, abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceUnknownRegion.selector, region + 1));
    }

    function test_RevertWhen_AddSensorToAFullRegion() public {
        while (sensors.length < 32) _addNextSensor();
        address one = _register(DEVICE_OWNER, 0x7100, DeviceRoles.SENSOR);
        _assertAddRefused(region, one, abi.encodeWithSelector(IQuorumInsurance.QuorumInsuranceRegionFull.selector, region));
    }

    function test_RevertWhen_AddSensorInARegionAlready_OrNotAnActiveSensor() public {
        bytes4 bad = IQuorumInsurance.QuorumInsuranceBadRegion.selector;
        _assertAddRefused(region, sensors[0], abi.encodeWithSelector(bad, sensors[0]));
        address terminal = _register(DEVICE_OWNER, 0x7E3, DeviceRoles.TERMINAL);
        _assertAddRefused(region, terminal, abi.encodeWithSelector(bad, terminal));
        address revoked = _register(DEVICE_OWNER, 0x7E4, DeviceRoles.SENSOR);
        vm.prank(DEVICE_OWNER);
        registry.revokeDevice(revoked);
        _assertAddRefused(region, revoked, abi.encodeWithSelector(bad, revoked));
    }
}
