// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DeviceRegistry} from "../src/DeviceRegistry.sol";
import {ParametricInsurance} from "../src/ParametricInsurance.sol";
import {PaymentRouter} from "../src/PaymentRouter.sol";
import {TestStablecoin} from "../src/TestStablecoin.sol";
import {DeviceRoles} from "../src/libraries/DeviceRoles.sol";
import {CustomerAuthorization, EdgeMessages, Observation, PaymentIntent} from "../src/libraries/EdgeMessages.sol";
import {Test} from "./utils/Test.sol";

/// @notice Checks the Solidity side against firmware/protocol/vectors.json, which the firmware core writes
/// (PROTOCOL.md §9): type hashes, struct hashes, digests, signatures (recovered and re-signed, RFC 6979 makes them
/// deterministic), the wire encoding, the customer's EIP-3009 authorization, and the real contracts accepting the
/// signed messages when placed at the vectors' addresses.
contract VectorsTest is Test {
    string internal constant VECTORS = "../firmware/protocol/vectors.json";
    bytes32 internal constant RECEIVE_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );

    string internal json;
    uint256 internal chainId;
    address internal verifyingContract;
    bytes32 internal separator;

    function setUp() public {
        if (!vm.exists(VECTORS)) return;
        json = vm.readFile(VECTORS);
        chainId = vm.parseJsonUint(json, ".domain.chainId");
        verifyingContract = vm.parseJsonAddress(json, ".domain.verifyingContract");
        separator = vm.parseJsonBytes32(json, ".domain.separator");
        vm.chainId(chainId);
    }

    /// @dev Skips (visibly, as a skipped test) while the firmware has not produced the vectors yet.
    modifier withVectors() {
        if (bytes(json).length == 0) {
            vm.skip(true);
        } else {
            _;
        }
    }

    // ---- JSON access ---------------------------------------------------------------------------------------------

    function _key(string memory list, uint256 i, string memory field) internal pure returns (string memory) {
        return string.concat(".", list, "[", vm.toString(i), "].", field);
    }

    function _count(string memory list) internal view returns (uint256 n) {
        while (vm.keyExistsJson(json, string.concat(".", list, "[", vm.toString(n), "]"))) {
            ++n;
        }
    }

    function _uint(string memory list, uint256 i, string memory field) internal view returns (uint256) {
        return vm.parseJsonUint(json, _key(list, i, field));
    }

    function _address(string memory list, uint256 i, string memory field) internal view returns (address) {
        return vm.parseJsonAddress(json, _key(list, i, field));
    }

    function _bytes32(string memory list, uint256 i, string memory field) internal view returns (bytes32) {
        return vm.parseJsonBytes32(json, _key(list, i, field));
    }

    function _bytes(string memory list, uint256 i, string memory field) internal view returns (bytes memory) {
        return vm.parseJsonBytes(json, _key(list, i, field));
    }

    function _observation(uint256 i) internal view returns (Observation memory obs) {
        string memory l = "observations";
        obs.device = _address(l, i, "device");
        obs.sequence = uint64(_uint(l, i, "sequence"));
        obs.metric = uint32(_uint(l, i, "metric"));
        obs.windowStart = uint64(_uint(l, i, "windowStart"));
        obs.windowEnd = uint64(_uint(l, i, "windowEnd"));
        obs.value = int64(vm.parseJsonInt(json, _key(l, i, "value")));
        obs.sampleCount = uint32(_uint(l, i, "sampleCount"));
        obs.flags = uint32(_uint(l, i, "flags"));
        obs.prevHash = _bytes32(l, i, "prevHash");
    }

    function _intent(uint256 i) internal view returns (PaymentIntent memory intent) {
        string memory l = "paymentIntents";
        intent.terminal = _address(l, i, "terminal");
        intent.merchant = _address(l, i, "merchant");
        intent.token = _address(l, i, "token");
        intent.amount = _uint(l, i, "amount");
        intent.expiry = uint64(_uint(l, i, "expiry"));
        intent.orderRef = _bytes32(l, i, "orderRef");
        intent.sequence = uint64(_uint(l, i, "sequence"));
        intent.prevHash = _bytes32(l, i, "prevHash");
    }

    // ---- byte helpers --------------------------------------------------------------------------------------------

    /// @dev Big-endian unsigned integer of `size` bytes at `offset`.
    function _be(bytes memory data, uint256 offset, uint256 size) internal pure returns (uint256 v) {
        for (uint256 k; k < size; ++k) {
            v = (v << 8) | uint8(data[offset + k]);
        }
    }

    function _slice(bytes memory data, uint256 offset, uint256 size) internal pure returns (bytes memory out) {
        out = new bytes(size);
        for (uint256 k; k < size; ++k) {
            out[k] = data[offset + k];
        }
    }

    function _assertSignedBy(uint256 key, address signer, bytes32 digest, bytes memory sig, string memory what)
        internal
        pure
    {
        assertEq(vm.addr(key), signer, string.concat(what, ": key's address"));
        assertEq(sig.length, 65, string.concat(what, ": signature length"));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        assertEq(sig, abi.encodePacked(r, s, v), string.concat(what, ": RFC 6979 signature"));
        assertEq(ecrecover(digest, v, r, s), signer, string.concat(what, ": ecrecover"));
        assertTrue(uint256(s) <= SECP256K1_N / 2, string.concat(what, ": low s"));
    }

    // ---- domain and keccak ---------------------------------------------------------------------------------------

    function test_Vectors_Domain() public withVectors {
        assertEq(vm.parseJsonString(json, ".domain.name"), "EdgeOracle", "name");
        assertEq(vm.parseJsonString(json, ".domain.version"), "1", "version");
        assertEq(EdgeMessages.domainSeparator(verifyingContract, chainId), separator, "separator");
        assertEq(vm.parseJsonBytes(json, ".domain.tag"), abi.encodePacked(bytes4(separator)), "tag");

        // The real registry, placed at the vectors' address, derives the same domain.
        vm.etch(verifyingContract, address(new DeviceRegistry()).code);
        assertEq(DeviceRegistry(verifyingContract).domainSeparator(), separator, "registry separator");
    }

    function test_Vectors_Keccak() public withVectors {
        uint256 n = _count("keccak");
        assertTrue(n > 0, "keccak vectors present");
        for (uint256 i; i < n; ++i) {
            assertEq(keccak256(_bytes("keccak", i, "input")), _bytes32("keccak", i, "hash"), "keccak256");
        }
    }

    // ---- observations --------------------------------------------------------------------------------------------

    function test_Vectors_Observations() public withVectors {
        vm.etch(verifyingContract, address(new DeviceRegistry()).code);
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
            _checkObservationWire(_bytes("observations", i, "wire"), obs, sig);
        }
    }

    function _checkObservationWire(bytes memory wire, Observation memory obs, bytes memory sig) internal view {
        assertEq(wire.length, 167, "observation envelope size");
        assertEq(_be(wire, 0, 1), 1, "version");
        assertEq(_be(wire, 1, 1), 1, "kind");
        assertEq(bytes32(bytes4(uint32(_be(wire, 2, 4)))), bytes32(bytes4(separator)), "domain tag");
        assertEq(address(uint160(_be(wire, 6, 20))), obs.device, "device");
        assertEq(_be(wire, 26, 8), obs.sequence, "sequence");
        assertEq(_be(wire, 34, 4), obs.metric, "metric");
        assertEq(_be(wire, 38, 8), obs.windowStart, "windowStart");
        assertEq(_be(wire, 46, 8), obs.windowEnd, "windowEnd");
        assertEq(int256(int64(uint64(_be(wire, 54, 8)))), obs.value, "value (two's complement)");
        assertEq(_be(wire, 62, 4), obs.sampleCount, "sampleCount");
        assertEq(_be(wire, 66, 4), obs.flags, "flags");
        assertEq(bytes32(_be(wire, 70, 32)), obs.prevHash, "prevHash");
        assertEq(_slice(wire, 102, 65), sig, "signature");
    }

    /// @dev The first rainfall vector is accepted by the real insurance contract (any first window is fine).
    function test_Vectors_ObservationAcceptedOnChain() public withVectors {
        vm.etch(verifyingContract, address(new DeviceRegistry()).code);
        ParametricInsurance insurance = new ParametricInsurance(verifyingContract, address(0));
        uint256 n = _count("observations");
        for (uint256 i; i < n; ++i) {
            Observation memory obs = _observation(i);
            if (obs.metric != EdgeMessages.METRIC_RAINFALL || obs.value < 0 || obs.flags > 0x0f) continue;
            vm.prank(address(0x0A11));
            DeviceRegistry(verifyingContract).registerDevice(obs.device, DeviceRoles.SENSOR);
            insurance.submitObservation(obs, _bytes("observations", i, "signature"));
            assertEq(uint256(insurance.series(obs.device).lastSequence), obs.sequence, "recorded");
            return;
        }
        revert("no rainfall observation among the vectors");
    }

    // ---- payment intents -----------------------------------------------------------------------------------------

    function test_Vectors_PaymentIntents() public withVectors {
        vm.etch(verifyingContract, address(new DeviceRegistry()).code);
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
            _checkIntentWire(wire, intent, sig);
            _checkCustomer(i, intent, digest, wire);
        }
    }

    function _checkIntentWire(bytes memory wire, PaymentIntent memory intent, bytes memory sig) internal view {
        assertEq(wire.length, 243, "intent envelope size");
        assertEq(_be(wire, 0, 1), 1, "version");
        assertEq(_be(wire, 1, 1), 2, "kind");
        assertEq(bytes32(bytes4(uint32(_be(wire, 2, 4)))), bytes32(bytes4(separator)), "domain tag");
        assertEq(address(uint160(_be(wire, 6, 20))), intent.terminal, "terminal");
        assertEq(address(uint160(_be(wire, 26, 20))), intent.merchant, "merchant");
        assertEq(address(uint160(_be(wire, 46, 20))), intent.token, "token");
        assertEq(_be(wire, 66, 32), intent.amount, "amount");
        assertEq(_be(wire, 98, 8), intent.expiry, "expiry");
        assertEq(bytes32(_be(wire, 106, 32)), intent.orderRef, "orderRef");
        assertEq(_be(wire, 138, 8), intent.sequence, "sequence");
        assertEq(bytes32(_be(wire, 146, 32)), intent.prevHash, "prevHash");
        assertEq(_slice(wire, 178, 65), sig, "signature");
    }

    function _customerKey(uint256 i, string memory field) internal pure returns (string memory) {
        return _key("paymentIntents", i, string.concat("customer.", field));
    }

    /// @dev The customer part of payment intent vector `i`.
    struct Customer {
        uint256 privateKey;
        address from;
        uint256 validAfter;
        uint256 validBefore;
        string tokenName;
        string tokenVersion;
        address tokenAddress;
        address router;
        bytes32 digest;
        bytes signature;
    }

    function _customer(uint256 i) internal view returns (Customer memory c) {
        c.privateKey = vm.parseJsonUint(json, _customerKey(i, "privateKey"));
        c.from = vm.parseJsonAddress(json, _customerKey(i, "from"));
        c.validAfter = vm.parseJsonUint(json, _customerKey(i, "validAfter"));
        c.validBefore = vm.parseJsonUint(json, _customerKey(i, "validBefore"));
        c.tokenName = vm.parseJsonString(json, _customerKey(i, "tokenName"));
        c.tokenVersion = vm.parseJsonString(json, _customerKey(i, "tokenVersion"));
        c.tokenAddress = vm.parseJsonAddress(json, _customerKey(i, "tokenAddress"));
        c.router = vm.parseJsonAddress(json, _customerKey(i, "router"));
        c.digest = vm.parseJsonBytes32(json, _customerKey(i, "digest"));
        c.signature = vm.parseJsonBytes(json, _customerKey(i, "signature"));
    }

    /// @dev ReceiveWithAuthorization(from, to = router, value = amount, nonce = intent digest) on the token's domain.
    function _customerDigest(Customer memory c, uint256 amount, bytes32 intentDigest) internal view returns (bytes32) {
        bytes32 tokenSeparator = keccak256(
            abi.encode(
                EdgeMessages.DOMAIN_TYPEHASH,
                keccak256(bytes(c.tokenName)),
                keccak256(bytes(c.tokenVersion)),
                chainId,
                c.tokenAddress
            )
        );
        bytes32 structHash = keccak256(
            abi.encode(
                RECEIVE_WITH_AUTHORIZATION_TYPEHASH, c.from, c.router, amount, c.validAfter, c.validBefore, intentDigest
            )
        );
        return EdgeMessages.toTypedDataHash(tokenSeparator, structHash);
    }

    /// @dev The customer's ReceiveWithAuthorization digest on the token's own domain, its signature, and the
    /// 344-byte submission that carries it.
    function _checkCustomer(uint256 i, PaymentIntent memory intent, bytes32 intentDigest, bytes memory wire)
        internal
        view
    {
        Customer memory c = _customer(i);
        assertEq(c.tokenAddress, intent.token, "customer signs on the intent's token");
        bytes32 digest = _customerDigest(c, intent.amount, intentDigest);
        assertEq(digest, c.digest, "customer digest");
        _assertSignedBy(c.privateKey, c.from, digest, c.signature, "customer");

        bytes memory submission = _bytes("paymentIntents", i, "submission");
        assertEq(submission.length, 344, "submission size");
        assertEq(_slice(submission, 0, 243), wire, "submission starts with the envelope");
        assertEq(address(uint160(_be(submission, 243, 20))), c.from, "from");
        assertEq(_be(submission, 263, 8), c.validAfter, "validAfter");
        assertEq(_be(submission, 271, 8), c.validBefore, "validBefore");
        assertEq(_slice(submission, 279, 65), c.signature, "customer signature");
    }

    /// @dev The first intent settles on the real router and token placed at the vectors' addresses.
    function test_Vectors_IntentSettlesOnChain() public withVectors {
        Customer memory c = _customer(0);
        if (
            keccak256(bytes(c.tokenName)) != keccak256("Test USD") || keccak256(bytes(c.tokenVersion)) != keccak256("1")
        ) {
            vm.skip(true);
            return;
        }
        PaymentIntent memory intent = _intent(0);
        CustomerAuthorization memory auth = CustomerAuthorization({
            from: c.from,
            validAfter: c.validAfter,
            validBefore: c.validBefore,
            v: uint8(c.signature[64]),
            r: bytes32(_be(c.signature, 0, 32)),
            s: bytes32(_be(c.signature, 32, 32))
        });

        // Registry at the domain's address, router (built for that registry) at the vectors' router address,
        // token at the vectors' token address with this test as its owner.
        vm.etch(verifyingContract, address(new DeviceRegistry()).code);
        vm.etch(c.router, address(new PaymentRouter(verifyingContract)).code);
        vm.etch(intent.token, address(new TestStablecoin(address(this))).code);
        _setOwner(TestStablecoin(intent.token));
        TestStablecoin(intent.token).mint(c.from, intent.amount);
        vm.prank(intent.merchant);
        DeviceRegistry(verifyingContract).registerDevice(intent.terminal, DeviceRoles.TERMINAL);
        vm.warp(c.validAfter + 1);
        if (intent.expiry < block.timestamp) vm.warp(intent.expiry);

        PaymentRouter(c.router).settle(intent, _bytes("paymentIntents", 0, "signature"), auth);
        assertEq(TestStablecoin(intent.token).balanceOf(intent.merchant), intent.amount, "merchant paid");
        assertTrue(PaymentRouter(c.router).isSettled(_bytes32("paymentIntents", 0, "digest")), "settled");
    }

    /// @dev Etched code comes without storage: write Ownable's owner slot (found by probing the layout once).
    function _setOwner(TestStablecoin token) internal {
        for (uint256 slot; slot < 16; ++slot) {
            vm.store(address(token), bytes32(slot), bytes32(uint256(uint160(address(this)))));
            if (token.owner() == address(this)) return;
            vm.store(address(token), bytes32(slot), bytes32(0));
        }
        revert("Ownable slot not found");
    }
}
