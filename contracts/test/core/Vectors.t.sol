// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DeviceRegistry} from "../../src/core/DeviceRegistry.sol";
import {TestStablecoin} from "../../src/mocks/TestStablecoin.sol";
import {EdgeMessages, Observation, PaymentIntent} from "../../src/core/libraries/EdgeMessages.sol";
import {VectorsBase} from "../utils/VectorsBase.sol";

/// @notice The Solidity hashing against the firmware's vectors: type hashes, struct hashes, digests, signatures
/// (recovered, low-s, and re-signed: RFC 6979 makes them deterministic), the wire bytes and the customer's EIP-3009
/// authorization on the token's domain. The real registry is etched at the vectors' verifyingContract so its own
/// hashTypedData is checked too.
contract VectorsTest is VectorsBase {
    function setUp() public override {
        super.setUp();
        if (bytes(json).length != 0) vm.etch(verifyingContract, address(new DeviceRegistry()).code);
    }

    function _assertSignedBy(uint256 key, address signer, bytes32 digest, bytes memory sig, string memory what)
        internal
        pure
    {
        assertEq(vm.addr(key), signer, string.concat(what, ": key's address"));
        assertEq(sig.length, 65, string.concat(what, ": signature length"));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        assertEq(sig, abi.encodePacked(r, s, v), string.concat(what, ": same signature as RFC 6979 gives"));
        assertEq(ecrecover(digest, v, r, s), signer, string.concat(what, ": ecrecover"));
        assertTrue(uint256(s) <= SECP256K1_N / 2, string.concat(what, ": low s"));
    }

    function test_Vectors_Domain() public withVectors {
        assertEq(vm.parseJsonString(json, ".domain.name"), "EdgeOracle", "name");
        assertEq(vm.parseJsonString(json, ".domain.version"), "1", "version");
        assertEq(EdgeMessages.domainSeparator(verifyingContract, chainId), separator, "separator");
        assertEq(vm.parseJsonBytes(json, ".domain.tag"), abi.encodePacked(bytes4(separator)), "tag");
        assertEq(DeviceRegistry(verifyingContract).domainSeparator(), separator, "the registry's own separator");
    }

    function test_Vectors_TypeHashes() public withVectors {
        string[5] memory names =
            ["EIP712Domain", "Observation", "PaymentIntent", "ReceiveWithAuthorization", "DeviceRegistration"];
        bytes32[5] memory ours = [
            EdgeMessages.DOMAIN_TYPEHASH,
            EdgeMessages.OBSERVATION_TYPEHASH,
            EdgeMessages.PAYMENT_INTENT_TYPEHASH,
            new TestStablecoin(address(this)).RECEIVE_WITH_AUTHORIZATION_TYPEHASH(),
            EdgeMessages.DEVICE_REGISTRATION_TYPEHASH
        ];
        for (uint256 i; i < names.length; ++i) {
            string memory key = string.concat(".types.", names[i]);
            bytes32 typeHash = vm.parseJsonBytes32(json, string.concat(key, ".typeHash"));
            assertEq(typeHash, ours[i], names[i]);
            assertEq(keccak256(bytes(vm.parseJsonString(json, string.concat(key, ".typeString")))), typeHash, names[i]);
        }
    }

    function test_Vectors_Keccak() public withVectors {
        uint256 n = _count("keccak");
        assertTrue(n > 0, "keccak vectors present");
        for (uint256 i; i < n; ++i) {
            assertEq(keccak256(_bytes("keccak", i, "input")), _bytes32("keccak", i, "hash"), "keccak256");
        }
    }

    function test_Vectors_Observations() public withVectors {
        uint256 n = _count("observations");
        assertTrue(n > 0, "observation vectors present");
        for (uint256 i; i < n; ++i) {
            Observation memory obs = _observation(i);
            bytes32 structHash = EdgeMessages.hash(obs);
            bytes32 digest = _bytes32("observations", i, "digest");
            assertEq(structHash, _bytes32("observations", i, "structHash"), "observation structHash");
            assertEq(EdgeMessages.toTypedDataHash(separator, structHash), digest, "observation digest");
            assertEq(DeviceRegistry(verifyingContract).hashTypedData(structHash), digest, "registry digest");
            bytes memory sig = _bytes("observations", i, "signature");
            _assertSignedBy(_uint("observations", i, "privateKey"), obs.device, digest, sig, "observation");

            bytes memory wire = _bytes("observations", i, "wire");
            assertEq(wire.length, OBSERVATION_ENVELOPE, "envelope size");
            assertEq(_be(wire, 0, 6), (uint256(0x0101) << 32) | uint32(bytes4(separator)), "version, kind, tag");
            (Observation memory decoded, bytes memory wireSig) = _decodeObservation(wire);
            assertEq(EdgeMessages.hash(decoded), structHash, "wire body is the signed observation");
            assertEq(wireSig, sig, "wire signature");
        }
    }

    /// @dev Each registry device's DeviceRegistration proof: struct hash, digest (ours and the registry's), and the
    /// firmware core's signature by the device key (keccak256("edgeoracle/vector/" + label)).
    function test_Vectors_RegistrationProofs() public withVectors {
        string[2] memory lists = ["registry.sensors", "registry.terminals"];
        uint256 checked;
        for (uint256 l; l < 2; ++l) {
            for (uint256 i; i < _count(lists[l]); ++i) {
                address device = _address(lists[l], i, "address");
                address owner = _address(lists[l], i, "owner");
                uint8 role = uint8(_uint(lists[l], i, "role"));
                bytes32 structHash = EdgeMessages.hashRegistration(device, owner, role);
                bytes32 digest = _bytes32(lists[l], i, "registrationDigest");
                assertEq(structHash, _bytes32(lists[l], i, "registrationStructHash"), "registration structHash");
                assertEq(EdgeMessages.toTypedDataHash(separator, structHash), digest, "registration digest");
                assertEq(DeviceRegistry(verifyingContract).registrationDigest(device, owner, role), digest, "registry's");
                uint256 key = uint256(keccak256(bytes(string.concat("edgeoracle/vector/", _string(lists[l], i, "label")))));
                _assertSignedBy(key, device, digest, _bytes(lists[l], i, "registrationProof"), "registration");
                ++checked;
            }
        }
        assertEq(checked, 5, "three sensors and two terminals");
    }

    function test_Vectors_PaymentIntents() public withVectors {
        uint256 n = _count("paymentIntents");
        assertTrue(n > 0, "payment intent vectors present");
        for (uint256 i; i < n; ++i) {
            PaymentIntent memory intent = _intent(i);
            bytes32 structHash = EdgeMessages.hash(intent);
            bytes32 digest = _bytes32("paymentIntents", i, "digest");
            assertEq(structHash, _bytes32("paymentIntents", i, "structHash"), "intent structHash");
            assertEq(EdgeMessages.toTypedDataHash(separator, structHash), digest, "intent digest");
            assertEq(DeviceRegistry(verifyingContract).hashTypedData(structHash), digest, "registry digest");
            bytes memory sig = _bytes("paymentIntents", i, "signature");
            _assertSignedBy(_uint("paymentIntents", i, "privateKey"), intent.terminal, digest, sig, "intent");

            bytes memory wire = _bytes("paymentIntents", i, "wire");
            assertEq(wire.length, INTENT_ENVELOPE, "envelope size");
            assertEq(_be(wire, 0, 6), (uint256(0x0102) << 32) | uint32(bytes4(separator)), "version, kind, tag");
            (PaymentIntent memory decoded, bytes memory wireSig) = _decodeIntent(wire);
            assertEq(EdgeMessages.hash(decoded), structHash, "wire body is the signed intent");
            assertEq(wireSig, sig, "wire signature");

            _checkCustomer(i, intent, digest, wire);
        }
    }

    /// @dev ReceiveWithAuthorization(from, to = router, value = amount, nonce = intent digest) on the token's own
    /// domain, its signature, and the 344-byte submission that carries it.
    function _checkCustomer(uint256 i, PaymentIntent memory intent, bytes32 intentDigest, bytes memory wire)
        internal
        view
    {
        Customer memory c = _customer(i);
        assertEq(c.tokenAddress, intent.token, "the customer signs on the intent's token");
        assertEq(c.tokenChainId, chainId, "token domain chain");
        bytes32 tokenSeparator = keccak256(
            abi.encode(
                EdgeMessages.DOMAIN_TYPEHASH,
                keccak256(bytes(c.tokenName)),
                keccak256(bytes(c.tokenVersion)),
                c.tokenChainId,
                c.tokenAddress
            )
        );
        assertEq(tokenSeparator, c.tokenSeparator, "token separator");
        bytes32 structHash = keccak256(
            abi.encode(
                vm.parseJsonBytes32(json, ".types.ReceiveWithAuthorization.typeHash"),
                c.from,
                c.router,
                intent.amount,
                c.validAfter,
                c.validBefore,
                intentDigest
            )
        );
        assertEq(structHash, c.structHash, "authorization structHash (nonce = intent digest)");
        assertEq(EdgeMessages.toTypedDataHash(tokenSeparator, structHash), c.digest, "authorization digest");
        _assertSignedBy(c.privateKey, c.from, c.digest, c.signature, "customer");

        bytes memory submission = _bytes("paymentIntents", i, "submission");
        assertEq(submission.length, SUBMISSION, "submission size");
        assertEq(_slice(submission, 0, INTENT_ENVELOPE), wire, "the submission starts with the envelope");
        assertEq(_slice(submission, 279, 65), c.signature, "customer signature");
        (uint256 from, uint256 validAfter, uint256 validBefore) =
            (_be(submission, 243, 20), _be(submission, 263, 8), _be(submission, 271, 8));
        assertEq(address(uint160(from)), c.from, "from");
        assertEq(validAfter, c.validAfter, "validAfter");
        assertEq(validBefore, c.validBefore, "validBefore");
    }
}
