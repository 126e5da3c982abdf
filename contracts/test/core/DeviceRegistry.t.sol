// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DeviceRegistry} from "../../src/core/DeviceRegistry.sol";
import {IDeviceRegistry} from "../../src/core/interfaces/IDeviceRegistry.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {EdgeMessages} from "../../src/core/libraries/EdgeMessages.sol";
import {Test} from "../utils/Test.sol";

contract DeviceRegistryTest is Test {
    DeviceRegistry internal registry;
    address internal constant OWNER = address(0xA11CE);
    address internal constant OTHER = address(0xB0B);
    address internal constant DEVICE = address(0xD1CE);

    function setUp() public {
        registry = new DeviceRegistry();
    }

    function test_RegisterDevice_StoresOwnerRoleAndActive() public {
        vm.prank(OWNER);
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR);

        (address owner, uint8 role, bool active) = registry.deviceInfo(DEVICE);
        assertEq(owner, OWNER, "owner");
        assertEq(uint256(role), DeviceRoles.SENSOR, "role");
        assertTrue(active, "active");
    }

    function test_RegisterDevice_EmitsDeviceRegistered() public {
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDeviceRegistry.DeviceRegistered(DEVICE, OWNER, DeviceRoles.TERMINAL);
        vm.prank(OWNER);
        registry.registerDevice(DEVICE, DeviceRoles.TERMINAL);
    }

    function test_RegisterDevice_AllowsNewOwnerAfterRevocation() public {
        vm.prank(OWNER);
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR);
        vm.prank(OWNER);
        registry.revokeDevice(DEVICE);

        vm.prank(OTHER);
        registry.registerDevice(DEVICE, DeviceRoles.TERMINAL);

        (address owner, uint8 role, bool active) = registry.deviceInfo(DEVICE);
        assertEq(owner, OTHER, "new owner");
        assertEq(uint256(role), DeviceRoles.TERMINAL, "new role");
        assertTrue(active, "active again");
    }

    function test_RevertWhen_RegisterDeviceZeroAddress() public {
        vm.expectRevert(IDeviceRegistry.DeviceRegistryZeroDevice.selector);
        registry.registerDevice(address(0), DeviceRoles.SENSOR);
    }

    function test_RevertWhen_RegisterDeviceRoleZero() public {
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryInvalidRole.selector, uint8(0)));
        registry.registerDevice(DEVICE, 0);
    }

    function test_RevertWhen_RegisterDeviceRoleUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryInvalidRole.selector, uint8(3)));
        registry.registerDevice(DEVICE, 3);
    }

    function test_RevertWhen_RegisterDeviceAlreadyActive() public {
        vm.prank(OWNER);
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR);

        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryAlreadyActive.selector, DEVICE));
        vm.prank(OTHER);
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR);
    }

    function test_RevokeDevice_DeactivatesAndKeepsOwner() public {
        vm.prank(OWNER);
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR);

        vm.expectEmit(true, true, true, true, address(registry));
        emit IDeviceRegistry.DeviceRevoked(DEVICE, OWNER);
        vm.prank(OWNER);
        registry.revokeDevice(DEVICE);

        (address owner, uint8 role, bool active) = registry.deviceInfo(DEVICE);
        assertEq(owner, OWNER, "owner kept");
        assertEq(uint256(role), DeviceRoles.SENSOR, "role kept");
        assertFalse(active, "inactive");
        assertFalse(registry.isActive(DEVICE, DeviceRoles.SENSOR), "isActive");
    }

    function test_RevocationEpoch_MovesOnEveryRevocationOnly() public {
        assertEq(uint256(registry.revocationEpoch()), 0, "none yet");
        vm.startPrank(OWNER);
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR);
        registry.registerDevice(OTHER, DeviceRoles.TERMINAL);
        assertEq(uint256(registry.revocationEpoch()), 0, "registering does not move it");
        registry.revokeDevice(DEVICE);
        assertEq(uint256(registry.revocationEpoch()), 1, "a revocation moves it");
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR);
        assertEq(uint256(registry.revocationEpoch()), 1, "re-registering does not move it");
        registry.revokeDevice(OTHER);
        registry.revokeDevice(DEVICE);
        assertEq(uint256(registry.revocationEpoch()), 3, "one step per revocation");
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryNotActive.selector, DEVICE));
        registry.revokeDevice(DEVICE);
        vm.stopPrank();
        assertEq(uint256(registry.revocationEpoch()), 3, "a refused revocation does not move it");
    }

    function test_RevertWhen_RevokeDeviceByNonOwner() public {
        vm.prank(OWNER);
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR);

        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryNotOwner.selector, DEVICE, OTHER));
        vm.prank(OTHER);
        registry.revokeDevice(DEVICE);
    }

    function test_RevertWhen_RevokeDeviceNeverRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryNotActive.selector, DEVICE));
        vm.prank(OWNER);
        registry.revokeDevice(DEVICE);
    }

    function test_RevertWhen_RevokeDeviceTwice() public {
        vm.startPrank(OWNER);
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR);
        registry.revokeDevice(DEVICE);
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryNotActive.selector, DEVICE));
        registry.revokeDevice(DEVICE);
        vm.stopPrank();
    }

    function test_DeviceInfo_ZeroWhenUnknown() public view {
        (address owner, uint8 role, bool active) = registry.deviceInfo(DEVICE);
        assertEq(owner, address(0), "owner");
        assertEq(uint256(role), 0, "role");
        assertFalse(active, "active");
    }

    function test_IsActive_RequiresMatchingRole() public {
        vm.prank(OWNER);
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR);

        assertTrue(registry.isActive(DEVICE, DeviceRoles.SENSOR), "sensor");
        assertFalse(registry.isActive(DEVICE, DeviceRoles.TERMINAL), "not a terminal");
        assertFalse(registry.isActive(OTHER, DeviceRoles.SENSOR), "unknown device");
    }

    function test_DomainSeparator_MatchesProtocolFormula() public view {
        assertEq(
            registry.domainSeparator(),
            keccak256(
                abi.encode(
                    keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                    keccak256("EdgeOracle"),
                    keccak256("1"),
                    block.chainid,
                    address(registry)
                )
            ),
            "separator"
        );
    }

    function test_DomainSeparator_FollowsChainId() public {
        vm.chainId(4242);
        assertEq(registry.domainSeparator(), EdgeMessages.domainSeparator(address(registry), 4242), "forked chain");
    }

    function test_HashTypedData_Prefixes1901AndSeparator() public view {
        bytes32 structHash = keccak256("a struct");
        assertEq(
            registry.hashTypedData(structHash),
            keccak256(abi.encodePacked(hex"1901", registry.domainSeparator(), structHash)),
            "digest"
        );
    }

    function test_Eip712Domain_NamesEdgeOracleVersion1() public view {
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            registry.eip712Domain();
        assertEq(name, "EdgeOracle", "name");
        assertEq(version, "1", "version");
        assertEq(chainId, block.chainid, "chainId");
        assertEq(verifyingContract, address(registry), "verifyingContract");
    }

    function testFuzz_RegisterDevice_AnyDeviceAndValidRole(address owner, address device, bool terminal) public {
        vm.assume(device != address(0));
        uint8 role = terminal ? DeviceRoles.TERMINAL : DeviceRoles.SENSOR;
        vm.prank(owner);
        registry.registerDevice(device, role);

        assertTrue(registry.isActive(device, role), "active in its role");
        (address stored,,) = registry.deviceInfo(device);
        assertEq(stored, owner, "owner");
    }
}
