// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

import {DeviceRegistry} from "../../src/core/DeviceRegistry.sol";
import {IDeviceRegistry} from "../../src/core/interfaces/IDeviceRegistry.sol";
import {DeviceAuth} from "../../src/core/libraries/DeviceAuth.sol";
import {DeviceRoles} from "../../src/core/libraries/DeviceRoles.sol";
import {EdgeMessages} from "../../src/core/libraries/EdgeMessages.sol";
import {Test} from "../utils/Test.sol";

/// @dev Exposes DeviceAuth with calldata signatures, as the contracts call it.
contract DeviceAuthHarness {
    function recover(bytes32 digest, bytes calldata signature) external view returns (address) {
        return DeviceAuth.recover(digest, signature);
    }

    /// @dev OpenZeppelin's answer for the same input, for the differential test.
    function recoverOz(bytes32 digest, bytes calldata signature) external pure returns (address) {
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        return err == ECDSA.RecoverError.NoError ? signer : address(0);
    }

    function isSignedBy(bytes32 digest, bytes calldata signature, address device) external view returns (bool) {
        return DeviceAuth.isSignedBy(digest, signature, device);
    }

    function checkRole(IDeviceRegistry registry, address device, uint8 role)
        external
        view
        returns (DeviceAuth.Failure, address, uint8)
    {
        return DeviceAuth.checkRole(registry, device, role);
    }

    function isActive(IDeviceRegistry registry, address device, uint8 role) external view returns (bool) {
        return DeviceAuth.isActive(registry, device, role);
    }

    function verify(IDeviceRegistry registry, bytes32 digest, bytes calldata signature, address device, uint8 role)
        external
        view
        returns (DeviceAuth.Failure, address, uint8)
    {
        return DeviceAuth.verify(registry, digest, signature, device, role);
    }

    function verifyActive(
        IDeviceRegistry registry,
        bytes32 digest,
        bytes calldata signature,
        address device,
        uint8 role
    ) external view returns (DeviceAuth.Failure) {
        return DeviceAuth.verifyActive(registry, digest, signature, device, role);
    }
}

/// @dev A registry whose isActive misbehaves in the ways a high-level call refuses.
contract MisbehavingRegistry {
    error Broken(uint256 code);

    uint256 internal _mode;

    function setMode(uint256 mode) external {
        _mode = mode;
    }

    function isActive(address, uint8) external view returns (bool) {
        uint256 mode = _mode;
        if (mode == 0) revert Broken(7);
        assembly ("memory-safe") {
            if eq(mode, 1) { return(0x00, 0x10) } // half a word
            mstore(0x00, 2) // a word that is not a bool
            return(0x00, 0x20)
        }
    }
}

/// @notice DeviceAuth on its own: recovery agrees with OpenZeppelin's ECDSA (lengths, high s, v), a failed recovery
/// never matches, the registry halves report each cause, and the whole checks run the signature first.
contract DeviceAuthTest is Test {
    DeviceAuthHarness internal harness;
    DeviceRegistry internal registry;

    uint256 internal constant SENSOR_KEY = 0x5E50;
    uint256 internal constant TERMINAL_KEY = 0x7E57;
    address internal constant OWNER = address(0x0A11CE);
    bytes32 internal constant DIGEST = keccak256("a device message");

    address internal sensor;
    address internal terminal;

    function setUp() public {
        harness = new DeviceAuthHarness();
        registry = new DeviceRegistry();
        sensor = vm.addr(SENSOR_KEY);
        terminal = vm.addr(TERMINAL_KEY);
        vm.startPrank(OWNER);
        registry.registerDevice(sensor, DeviceRoles.SENSOR, _proof(SENSOR_KEY, DeviceRoles.SENSOR));
        registry.registerDevice(terminal, DeviceRoles.TERMINAL, _proof(TERMINAL_KEY, DeviceRoles.TERMINAL));
        vm.stopPrank();
    }

    /// @dev The device key's registration proof for OWNER in `role`.
    function _proof(uint256 deviceKey, uint8 role) internal view returns (bytes memory) {
        return signDigest(
            deviceKey, registry.hashTypedData(EdgeMessages.hashRegistration(vm.addr(deviceKey), OWNER, role))
        );
    }

    function _split(bytes memory sig) internal pure returns (bytes32 r, bytes32 s, uint8 v) {
        assembly ("memory-safe") {
            r := mload(add(sig, 0x20))
            s := mload(add(sig, 0x40))
            v := byte(0, mload(add(sig, 0x60)))
        }
    }

    function test_Recover_ReturnsTheSigner() public view {
        assertEq(harness.recover(DIGEST, signDigest(SENSOR_KEY, DIGEST)), sensor, "signer");
    }

    function test_Recover_RefusesTheHighSTwin() public view {
        (bytes32 r, bytes32 s, uint8 v) = _split(signDigest(SENSOR_KEY, DIGEST));
        bytes memory twin = abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        // the twin is valid for the bare precompile: only the low-s rule refuses it
        assertEq(ecrecover(DIGEST, v == 27 ? 28 : 27, r, bytes32(SECP256K1_N - uint256(s))), sensor, "precompile");
        assertEq(harness.recover(DIGEST, twin), address(0), "high s");
    }

    function test_Recover_RefusesAVOtherThan27Or28() public view {
        (bytes32 r, bytes32 s, uint8 v) = _split(signDigest(SENSOR_KEY, DIGEST));
        assertEq(harness.recover(DIGEST, abi.encodePacked(r, s, v - 27)), address(0), "v 0 or 1");
        assertEq(harness.recover(DIGEST, abi.encodePacked(r, s, v + 2)), address(0), "v 29 or 30");
    }

    function test_Recover_RefusesEveryOtherLength() public view {
        bytes memory sig = signDigest(SENSOR_KEY, DIGEST);
        (bytes32 r, bytes32 s,) = _split(sig);
        assertEq(harness.recover(DIGEST, abi.encodePacked(r, s)), address(0), "64 bytes (EIP-2098 is not accepted)");
        assertEq(harness.recover(DIGEST, abi.encodePacked(sig, uint8(0))), address(0), "66 bytes");
        assertEq(harness.recover(DIGEST, ""), address(0), "empty");
    }

    function testFuzz_Recover_AgreesWithOpenZeppelin(bytes32 digest, bytes32 r, bytes32 s, uint8 v, uint8 length)
        public
        view
    {
        // mostly 65 bytes with v near 27/28, where the precompile does recover someone; sometimes another length
        bytes memory sig = abi.encodePacked(r, s, uint8(27 + v % 3));
        if (length < 32) {
            bytes memory other = new bytes(length);
            for (uint256 i; i < length && i < sig.length; ++i) other[i] = sig[i];
            sig = other;
        }
        assertEq(harness.recover(digest, sig), harness.recoverOz(digest, sig), "same answer as ECDSA.tryRecoverCalldata");
    }

    function testFuzz_Recover_AgreesWithOpenZeppelinOnRealSignatures(uint256 keySeed, bytes32 digest) public view {
        uint256 key = boundKey(keySeed);
        bytes memory sig = signDigest(key, digest);
        assertEq(harness.recover(digest, sig), vm.addr(key), "signer");
        assertEq(harness.recoverOz(digest, sig), vm.addr(key), "OpenZeppelin agrees");
    }

    function test_IsSignedBy_OnlyForTheSigningDevice() public view {
        bytes memory sig = signDigest(SENSOR_KEY, DIGEST);
        assertTrue(harness.isSignedBy(DIGEST, sig, sensor), "the signer");
        assertFalse(harness.isSignedBy(DIGEST, sig, terminal), "another device");
        assertFalse(harness.isSignedBy(keccak256("another message"), sig, sensor), "another digest");
    }

    function test_IsSignedBy_AFailedRecoveryNeverMatchesTheZeroDevice() public view {
        bytes memory junk = abi.encodePacked(bytes32(0), bytes32(0), uint8(27));
        assertEq(harness.recover(DIGEST, junk), address(0), "nothing recovered");
        assertFalse(harness.isSignedBy(DIGEST, junk, address(0)), "zero device");
        assertFalse(harness.isSignedBy(DIGEST, "", address(0)), "zero device, empty signature");
    }

    function test_CheckRole_ActiveInTheRole_ReturnsTheOwner() public view {
        (DeviceAuth.Failure failure, address owner, uint8 role) = harness.checkRole(registry, sensor, DeviceRoles.SENSOR);
        assertEq(uint256(failure), uint256(DeviceAuth.Failure.None), "passes");
        assertEq(owner, OWNER, "owner");
        assertEq(uint256(role), DeviceRoles.SENSOR, "role");
    }

    function test_CheckRole_UnknownDevice_IsNotActive() public view {
        (DeviceAuth.Failure failure, address owner,) = harness.checkRole(registry, address(0xBEEF), DeviceRoles.SENSOR);
        assertEq(uint256(failure), uint256(DeviceAuth.Failure.NotActive), "unknown");
        assertEq(owner, address(0), "no owner");
    }

    function test_CheckRole_RevokedDevice_IsNotActiveEvenInItsRole() public {
        vm.prank(OWNER);
        registry.revokeDevice(sensor);
        (DeviceAuth.Failure failure,,) = harness.checkRole(registry, sensor, DeviceRoles.SENSOR);
        assertEq(uint256(failure), uint256(DeviceAuth.Failure.NotActive), "revoked");
    }

    function test_CheckRole_OtherRole_IsWrongRoleWithTheRegisteredRole() public view {
        (DeviceAuth.Failure failure, address owner, uint8 role) =
            harness.checkRole(registry, terminal, DeviceRoles.SENSOR);
        assertEq(uint256(failure), uint256(DeviceAuth.Failure.WrongRole), "terminal as sensor");
        assertEq(owner, OWNER, "owner still told");
        assertEq(uint256(role), DeviceRoles.TERMINAL, "registered role");
    }

    function test_IsActive_AsTheRegistryAnswers() public {
        assertTrue(harness.isActive(registry, sensor, DeviceRoles.SENSOR), "sensor as sensor");
        assertFalse(harness.isActive(registry, sensor, DeviceRoles.TERMINAL), "sensor as terminal");
        assertFalse(harness.isActive(registry, address(0xBEEF), DeviceRoles.SENSOR), "unknown");
        vm.prank(OWNER);
        registry.revokeDevice(sensor);
        assertFalse(harness.isActive(registry, sensor, DeviceRoles.SENSOR), "revoked");
    }

    function test_RevertWhen_IsActive_RegistryReverts_TheReasonBubblesUp() public {
        MisbehavingRegistry bad = new MisbehavingRegistry();
        vm.expectRevert(abi.encodeWithSelector(MisbehavingRegistry.Broken.selector, 7));
        harness.isActive(IDeviceRegistry(address(bad)), sensor, DeviceRoles.SENSOR);
    }

    function test_RevertWhen_IsActive_RegistryReturnsLessThanAWord() public {
        MisbehavingRegistry bad = new MisbehavingRegistry();
        bad.setMode(1);
        vm.expectRevert();
        harness.isActive(IDeviceRegistry(address(bad)), sensor, DeviceRoles.SENSOR);
    }

    function test_RevertWhen_IsActive_RegistryReturnsANonBool() public {
        MisbehavingRegistry bad = new MisbehavingRegistry();
        bad.setMode(2);
        vm.expectRevert();
        harness.isActive(IDeviceRegistry(address(bad)), sensor, DeviceRoles.SENSOR);
    }

    function test_RevertWhen_IsActive_RegistryHasNoCode() public {
        vm.expectRevert();
        harness.isActive(IDeviceRegistry(address(0xC0DE)), sensor, DeviceRoles.SENSOR);
    }

    function test_Verify_EachCauseInOrder() public view {
        bytes memory bySensor = signDigest(SENSOR_KEY, DIGEST);
        bytes memory byTerminal = signDigest(TERMINAL_KEY, DIGEST);
        DeviceAuth.Failure failure;
        address owner;
        uint8 role;

        (failure, owner, role) = harness.verify(registry, DIGEST, bySensor, sensor, DeviceRoles.SENSOR);
        assertEq(uint256(failure), uint256(DeviceAuth.Failure.None), "passes");
        assertEq(owner, OWNER, "owner");

        // the signature is judged first, even for a device the registry does not know
        (failure, owner, role) = harness.verify(registry, DIGEST, byTerminal, address(0xBEEF), DeviceRoles.SENSOR);
        assertEq(uint256(failure), uint256(DeviceAuth.Failure.BadSignature), "not the device's signature");
        assertEq(owner, address(0), "registry not read");

        uint256 strangerKey = 0x57A;
        (failure,,) = harness.verify(
            registry, DIGEST, signDigest(strangerKey, DIGEST), vm.addr(strangerKey), DeviceRoles.SENSOR
        );
        assertEq(uint256(failure), uint256(DeviceAuth.Failure.NotActive), "signed, unregistered");

        (failure, owner, role) = harness.verify(registry, DIGEST, byTerminal, terminal, DeviceRoles.SENSOR);
        assertEq(uint256(failure), uint256(DeviceAuth.Failure.WrongRole), "terminal as sensor");
        assertEq(uint256(role), DeviceRoles.TERMINAL, "its role");
    }

    function test_VerifyActive_EachCauseInOrder() public view {
        bytes memory bySensor = signDigest(SENSOR_KEY, DIGEST);
        assertEq(
            uint256(harness.verifyActive(registry, DIGEST, bySensor, sensor, DeviceRoles.SENSOR)),
            uint256(DeviceAuth.Failure.None),
            "passes"
        );
        assertEq(
            uint256(harness.verifyActive(registry, DIGEST, bySensor, terminal, DeviceRoles.TERMINAL)),
            uint256(DeviceAuth.Failure.BadSignature),
            "not the device's signature"
        );
        assertEq(
            uint256(harness.verifyActive(registry, DIGEST, bySensor, sensor, DeviceRoles.TERMINAL)),
            uint256(DeviceAuth.Failure.NotActive),
            "active, other role: one answer"
        );
    }
}
