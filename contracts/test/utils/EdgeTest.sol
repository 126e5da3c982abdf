// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DeviceRegistry} from "../../src/core/DeviceRegistry.sol";
import {TestStablecoin} from "../../src/mocks/TestStablecoin.sol";
import {TestStablecoinBase} from "../../src/mocks/TestStablecoinBase.sol";
import {IRegistryDomain} from "../../src/core/interfaces/IRegistryDomain.sol";
import {CustomerAuthorization, EdgeMessages, Observation, PaymentIntent} from "../../src/core/libraries/EdgeMessages.sol";
import {Test} from "./Test.sol";

/// @notice A registry of another deployment: its domain separator is not the one computed for its address.
contract ForeignDomainRegistry {
    function domainSeparator() external pure returns (bytes32) {
        return keccak256("another deployment");
    }
}

/// @title EdgeTest
/// @notice Shared fixture: a registry, the test stablecoin (owned by the test), and signing helpers for device
/// messages and customer authorizations.
abstract contract EdgeTest is Test {
    /// @dev Midnight UTC of a day in 2025; the daily windows of the rainfall tests start here.
    uint64 internal constant DAY0 = 1_749_945_600;
    uint64 internal constant DAY = 1 days;

    bytes32 internal constant RECEIVE_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );

    DeviceRegistry internal registry;
    TestStablecoin internal token;

    function _deployBase() internal {
        vm.warp(DAY0);
        registry = new DeviceRegistry();
        token = new TestStablecoin(address(this));
    }

    /// @dev Deploys a foreign registry and expects the RegistryDomainMismatch that a contract verifying device
    /// messages must revert with when it is deployed on it; deploy it on the returned address next.
    function _expectForeignRegistryRefused() internal returns (address foreign) {
        foreign = address(new ForeignDomainRegistry());
        vm.expectRevert(
            abi.encodeWithSelector(
                IRegistryDomain.RegistryDomainMismatch.selector,
                EdgeMessages.domainSeparator(foreign, block.chainid),
                keccak256("another deployment")
            )
        );
    }

    /// @dev `owner` registers the device of `deviceKey` in `role`, with the device's registration proof.
    function _register(address owner, uint256 deviceKey, uint8 role) internal returns (address device) {
        device = vm.addr(deviceKey);
        bytes memory proof = _registrationProof(deviceKey, owner, role);
        vm.prank(owner);
        registry.registerDevice(device, role, proof);
    }

    /// @dev The device key's signature over DeviceRegistration(device, owner, role) on the registry's domain.
    function _registrationProof(uint256 deviceKey, address owner, uint8 role) internal view returns (bytes memory) {
        return signDigest(
            deviceKey, registry.hashTypedData(EdgeMessages.hashRegistration(vm.addr(deviceKey), owner, role))
        );
    }

    /// @dev A healthy rainfall observation with a zero prevHash (contracts do not check the hash chain).
    function _rain(address device, uint64 sequence, uint64 start, uint64 end, int64 value)
        internal
        pure
        returns (Observation memory)
    {
        return Observation({
            device: device,
            sequence: sequence,
            metric: EdgeMessages.METRIC_RAINFALL,
            windowStart: start,
            windowEnd: end,
            value: value,
            sampleCount: 24,
            flags: 0,
            prevHash: bytes32(0)
        });
    }

    /// @dev The device's r ‖ s ‖ v signature of the observation's digest, computed by the registry itself.
    function _signObservation(uint256 key, Observation memory obs) internal view returns (bytes memory) {
        return signDigest(key, registry.hashTypedData(EdgeMessages.hash(obs)));
    }

    function _signIntent(uint256 key, PaymentIntent memory intent) internal view returns (bytes memory) {
        return signDigest(key, registry.hashTypedData(EdgeMessages.hash(intent)));
    }

    /// @dev The digest of an EIP-3009 ReceiveWithAuthorization on `payToken`'s domain.
    function _receiveDigest(
        TestStablecoinBase payToken,
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce
    ) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(RECEIVE_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce)
        );
        return EdgeMessages.toTypedDataHash(payToken.DOMAIN_SEPARATOR(), structHash);
    }

    /// @dev The customer's side of a tap: a ReceiveWithAuthorization to `router` for `value`, nonce = intent digest.
    function _authorize(uint256 customerKey, address router, uint256 value, bytes32 intentDigest, uint256 validBefore)
        internal
        view
        returns (CustomerAuthorization memory)
    {
        return _authorizeOn(token, customerKey, router, value, intentDigest, validBefore);
    }

    /// @dev The same, paid in `payToken` (another test stablecoin, such as TestEuro, with its own domain).
    function _authorizeOn(
        TestStablecoinBase payToken,
        uint256 customerKey,
        address router,
        uint256 value,
        bytes32 intentDigest,
        uint256 validBefore
    ) internal view returns (CustomerAuthorization memory auth) {
        auth.from = vm.addr(customerKey);
        auth.validAfter = block.timestamp - 1;
        auth.validBefore = validBefore;
        bytes32 digest = _receiveDigest(payToken, auth.from, router, value, auth.validAfter, validBefore, intentDigest);
        (auth.v, auth.r, auth.s) = vm.sign(customerKey, digest);
    }

    /// @dev The same signature with s replaced by n - s and v flipped: valid for ecrecover, refused by EIP-2.
    function _malleate(bytes memory sig) internal pure returns (bytes memory) {
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := mload(add(sig, 0x20))
            s := mload(add(sig, 0x40))
            v := byte(0, mload(add(sig, 0x60)))
        }
        return abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
    }
}
