// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IQuorumInsurance} from "../../src/insurance/interfaces/IQuorumInsurance.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
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
}
