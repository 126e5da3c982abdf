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
    uint256 internal constant DEVICE_KEY = 0xD1CE;
    uint256 internal constant OTHER_DEVICE_KEY = 0xD2CE;
    address internal DEVICE;

    function setUp() public {
        registry = new DeviceRegistry();
        DEVICE = vm.addr(DEVICE_KEY);
    }

    /// @dev The device key's proof that `owner` may register it in `role`.
    function _proof(uint256 key, address owner, uint8 role) internal view returns (bytes memory) {
        return signDigest(key, registry.registrationDigest(vm.addr(key), owner, role));
    }

    /// @dev `owner` registers the device of `key` in `role` with its proof.
    function _register(address owner, uint256 key, uint8 role) internal {
        bytes memory proof = _proof(key, owner, role);
        vm.prank(owner);
        registry.registerDevice(vm.addr(key), role, proof);
    }

    function test_RegisterDevice_StoresOwnerRoleAndActive() public {
        _register(OWNER, DEVICE_KEY, DeviceRoles.SENSOR);

        (address owner, uint8 role, bool active) = registry.deviceInfo(DEVICE);
        assertEq(owner, OWNER, "owner");
        assertEq(uint256(role), DeviceRoles.SENSOR, "role");
        assertTrue(active, "active");
    }

    function test_RegisterDevice_EmitsDeviceRegistered() public {
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDeviceRegistry.DeviceRegistered(DEVICE, OWNER, DeviceRoles.TERMINAL);
        _register(OWNER, DEVICE_KEY, DeviceRoles.TERMINAL);
    }

    /// @dev Issue 3's rule was "anyone may register a revoked device"; issue 15 (row 6) keeps a revoked device with
    /// its owner, who may register it again in a new role (this test's assertions, with the previous owner).
    function test_RegisterDevice_AllowsPreviousOwnerAfterRevocation() public {
        _register(OWNER, DEVICE_KEY, DeviceRoles.SENSOR);
        vm.prank(OWNER);
        registry.revokeDevice(DEVICE);

        _register(OWNER, DEVICE_KEY, DeviceRoles.TERMINAL);

        (address owner, uint8 role, bool active) = registry.deviceInfo(DEVICE);
        assertEq(owner, OWNER, "the previous owner");
        assertEq(uint256(role), DeviceRoles.TERMINAL, "new role");
        assertTrue(active, "active again");
    }

    /// @dev Row 6: a thief of a revoked (compromised) key signs his own proof; the device stays revoked.
    function test_RevertWhen_RevokedDeviceRegisteredByAnother() public {
        _register(OWNER, DEVICE_KEY, DeviceRoles.SENSOR);
        vm.prank(OWNER);
        registry.revokeDevice(DEVICE);
        bytes memory proof = _proof(DEVICE_KEY, OTHER, DeviceRoles.SENSOR);
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryNotOwner.selector, DEVICE, OTHER));
        vm.prank(OTHER);
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR, proof);
        assertFalse(registry.isActive(DEVICE, DeviceRoles.SENSOR), "still revoked");
    }

    /// @dev Row 6: nobody registers a key he does not hold (here: a proof signed by another key).
    function test_RevertWhen_RegisterDeviceProofByAnotherKey() public {
        bytes memory proof = signDigest(OTHER_DEVICE_KEY, registry.registrationDigest(DEVICE, OTHER, DeviceRoles.SENSOR));
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryBadProof.selector, DEVICE));
        vm.prank(OTHER);
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR, proof);
    }

    /// @dev Row 7: a front-runner copies the merchant's proof from the mempool; it names the merchant, not him.
    function test_RevertWhen_FrontRunnerReplaysTheMerchantsProof() public {
        bytes memory proof = _proof(DEVICE_KEY, OWNER, DeviceRoles.TERMINAL);
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryBadProof.selector, DEVICE));
        vm.prank(OTHER);
        registry.registerDevice(DEVICE, DeviceRoles.TERMINAL, proof);
        vm.prank(OWNER);
        registry.registerDevice(DEVICE, DeviceRoles.TERMINAL, proof);
        (address owner,,) = registry.deviceInfo(DEVICE);
        assertEq(owner, OWNER, "the merchant owns its terminal");
    }

    function test_RevertWhen_RegisterDeviceProofForAnotherRole() public {
        bytes memory proof = _proof(DEVICE_KEY, OWNER, DeviceRoles.SENSOR);
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryBadProof.selector, DEVICE));
        vm.prank(OWNER);
        registry.registerDevice(DEVICE, DeviceRoles.TERMINAL, proof);
    }

    function test_RevertWhen_RegisterDeviceProofForAnotherChain() public {
        bytes memory proof = _proof(DEVICE_KEY, OWNER, DeviceRoles.SENSOR);
        vm.chainId(4242);
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryBadProof.selector, DEVICE));
        vm.prank(OWNER);
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR, proof);
    }

    function test_RevertWhen_RegisterDeviceProofForAnotherRegistry() public {
        DeviceRegistry other = new DeviceRegistry();
        bytes memory proof =
            signDigest(DEVICE_KEY, other.registrationDigest(DEVICE, OWNER, DeviceRoles.SENSOR));
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryBadProof.selector, DEVICE));
        vm.prank(OWNER);
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR, proof);
    }

    function test_RevertWhen_RegisterDeviceProofMalformedOrHighS() public {
        bytes memory proof = _proof(DEVICE_KEY, OWNER, DeviceRoles.SENSOR);
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := mload(add(proof, 0x20))
            s := mload(add(proof, 0x40))
            v := byte(0, mload(add(proof, 0x60)))
        }
        bytes memory highS = abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryBadProof.selector, DEVICE));
        vm.prank(OWNER);
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR, highS);
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryBadProof.selector, DEVICE));
        vm.prank(OWNER);
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR, hex"1234");
    }

    function test_RegisterDevice_AcceptsMeterRole() public {
        _register(OWNER, DEVICE_KEY, DeviceRoles.METER);
        assertTrue(registry.isActive(DEVICE, DeviceRoles.METER), "a meter");
    }

    function test_RegistrationDigest_IsTheTypedDataOfDeviceRegistration() public view {
        bytes32 structHash = keccak256(
            abi.encode(keccak256("DeviceRegistration(address device,address owner,uint8 role)"), DEVICE, OWNER, uint8(2))
        );
        assertEq(registry.registrationDigest(DEVICE, OWNER, 2), registry.hashTypedData(structHash), "digest");
    }

    function test_RevertWhen_RegisterDeviceZeroAddress() public {
        vm.expectRevert(IDeviceRegistry.DeviceRegistryZeroDevice.selector);
        registry.registerDevice(address(0), DeviceRoles.SENSOR, "");
    }

    function test_RevertWhen_RegisterDeviceRoleZero() public {
        bytes memory proof = _proof(DEVICE_KEY, address(this), 0);
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryInvalidRole.selector, uint8(0)));
        registry.registerDevice(DEVICE, 0, proof);
    }

    /// @dev Role 3 became Meter in issue 15; the first unknown role is now 4.
    function test_RevertWhen_RegisterDeviceRoleUnknown() public {
        bytes memory proof = _proof(DEVICE_KEY, address(this), 4);
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryInvalidRole.selector, uint8(4)));
        registry.registerDevice(DEVICE, 4, proof);
    }

    function test_RevertWhen_RegisterDeviceAlreadyActive() public {
        _register(OWNER, DEVICE_KEY, DeviceRoles.SENSOR);

        bytes memory proof = _proof(DEVICE_KEY, OTHER, DeviceRoles.SENSOR);
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryAlreadyActive.selector, DEVICE));
        vm.prank(OTHER);
        registry.registerDevice(DEVICE, DeviceRoles.SENSOR, proof);
    }

    function test_RevokeDevice_DeactivatesAndKeepsOwner() public {
        _register(OWNER, DEVICE_KEY, DeviceRoles.SENSOR);

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
        address otherDevice = vm.addr(OTHER_DEVICE_KEY);
        _register(OWNER, DEVICE_KEY, DeviceRoles.SENSOR);
        _register(OWNER, OTHER_DEVICE_KEY, DeviceRoles.TERMINAL);
        assertEq(uint256(registry.revocationEpoch()), 0, "registering does not move it");
        vm.prank(OWNER);
        registry.revokeDevice(DEVICE);
        assertEq(uint256(registry.revocationEpoch()), 1, "a revocation moves it");
        _register(OWNER, DEVICE_KEY, DeviceRoles.SENSOR);
        assertEq(uint256(registry.revocationEpoch()), 1, "re-registering does not move it");
        vm.startPrank(OWNER);
        registry.revokeDevice(otherDevice);
        registry.revokeDevice(DEVICE);
        assertEq(uint256(registry.revocationEpoch()), 3, "one step per revocation");
        vm.expectRevert(abi.encodeWithSelector(IDeviceRegistry.DeviceRegistryNotActive.selector, DEVICE));
        registry.revokeDevice(DEVICE);
        vm.stopPrank();
        assertEq(uint256(registry.revocationEpoch()), 3, "a refused revocation does not move it");
    }

    function test_RevertWhen_RevokeDeviceByNonOwner() public {
        _register(OWNER, DEVICE_KEY, DeviceRoles.SENSOR);

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
        _register(OWNER, DEVICE_KEY, DeviceRoles.SENSOR);
        vm.startPrank(OWNER);
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
        _register(OWNER, DEVICE_KEY, DeviceRoles.SENSOR);

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

    function testFuzz_RegisterDevice_AnyDeviceAndValidRole(address owner, uint256 keySeed, uint8 roleSeed) public {
        uint256 key = boundKey(keySeed);
        address device = vm.addr(key);
        uint8 role = uint8(bound(roleSeed, DeviceRoles.SENSOR, DeviceRoles.METER));
        _register(owner, key, role);

        assertTrue(registry.isActive(device, role), "active in its role");
        (address stored,,) = registry.deviceInfo(device);
        assertEq(stored, owner, "owner");
    }
}

/// @notice Row 6/7 as a property: whoever the attacker is and whatever key he holds, he cannot become the owner of a
/// device whose key he does not hold, nor take over one that another owner registered (active or revoked).
contract DeviceRegistryOwnershipFuzzTest is Test {
    DeviceRegistry internal registry;

    function setUp() public {
        registry = new DeviceRegistry();
    }

    /// @notice A device's owner only ever changes from nobody to the first owner whose proof its key signed.
    function testFuzz_AttackerNeverOwnsAnotherOwnersDevice(
        uint256 deviceSeed,
        uint256 attackerKeySeed,
        address owner,
        address attacker,
        uint8 roleSeed,
        bool revoked
    ) public {
        uint256 deviceKey = boundKey(deviceSeed);
        address device = vm.addr(deviceKey);
        uint256 attackerKey = boundKey(attackerKeySeed);
        vm.assume(attacker != owner && owner != address(0));
        uint8 role = uint8(bound(roleSeed, 1, 3));
        bytes memory proof = signDigest(deviceKey, registry.registrationDigest(device, owner, role));
        // the attacker tries first, with the owner's proof (front-running) and with one signed by his own key
        vm.startPrank(attacker);
        try registry.registerDevice(device, role, proof) {
            assertTrue(false, "registered with another owner's proof");
        } catch {}
        bytes memory own = signDigest(attackerKey, registry.registrationDigest(device, attacker, role));
        if (attackerKey != deviceKey) {
            try registry.registerDevice(device, role, own) {
                assertTrue(false, "registered with another key's proof");
            } catch {}
        }
        vm.stopPrank();
        vm.prank(owner);
        registry.registerDevice(device, role, proof);
        if (revoked) {
            vm.prank(owner);
            registry.revokeDevice(device);
        }
        // even holding the device key (a compromised device), the attacker cannot take it over
        bytes memory stolen = signDigest(deviceKey, registry.registrationDigest(device, attacker, role));
        vm.prank(attacker);
        try registry.registerDevice(device, role, stolen) {
            assertTrue(false, "took over a registered device");
        } catch {}
        (address stored,, bool active) = registry.deviceInfo(device);
        assertEq(stored, owner, "the first owner keeps it");
        assertEq(active, !revoked, "state unchanged by the attacker");
    }
}
