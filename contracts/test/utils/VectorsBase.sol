// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CustomerAuthorization, Observation, PaymentIntent} from "../../src/core/libraries/EdgeMessages.sol";
import {Test} from "./Test.sol";

/// @title VectorsBase
/// @notice Reads firmware/protocol/vectors.json (PROTOCOL.md §9: integers as decimal strings, bytes as 0x hex) and
/// decodes the wire formats of PROTOCOL.md §4. Tests skip, visibly, while the file does not exist.
abstract contract VectorsBase is Test {
    string internal constant VECTORS = "../firmware/protocol/vectors.json";

    /// @dev Envelope and submission layout (PROTOCOL.md §4).
    uint256 internal constant OBSERVATION_ENVELOPE = 167;
    uint256 internal constant INTENT_ENVELOPE = 243;
    uint256 internal constant SUBMISSION = 344;

    /// @dev The customer part of a payment intent vector.
    struct Customer {
        uint256 privateKey;
        address from;
        uint256 validAfter;
        uint256 validBefore;
        string tokenName;
        string tokenVersion;
        uint256 tokenChainId;
        address tokenAddress;
        bytes32 tokenSeparator;
        address router;
        bytes32 structHash;
        bytes32 digest;
        bytes signature;
    }

    string internal json;
    uint256 internal chainId;
    address internal verifyingContract;
    bytes32 internal separator;

    function setUp() public virtual {
        if (!vm.exists(VECTORS)) return;
        json = vm.readFile(VECTORS);
        chainId = vm.parseJsonUint(json, ".domain.chainId");
        verifyingContract = vm.parseJsonAddress(json, ".domain.verifyingContract");
        separator = vm.parseJsonBytes32(json, ".domain.separator");
        vm.chainId(chainId);
    }

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

    function _string(string memory list, uint256 i, string memory field) internal view returns (string memory) {
        return vm.parseJsonString(json, _key(list, i, field));
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

    function _customer(uint256 i) internal view returns (Customer memory c) {
        string memory l = "paymentIntents";
        c.privateKey = _uint(l, i, "customer.privateKey");
        c.from = _address(l, i, "customer.from");
        c.validAfter = _uint(l, i, "customer.validAfter");
        c.validBefore = _uint(l, i, "customer.validBefore");
        c.tokenName = _string(l, i, "customer.tokenName");
        c.tokenVersion = _string(l, i, "customer.tokenVersion");
        c.tokenChainId = _uint(l, i, "customer.tokenChainId");
        c.tokenAddress = _address(l, i, "customer.tokenAddress");
        c.tokenSeparator = _bytes32(l, i, "customer.tokenSeparator");
        c.router = _address(l, i, "customer.router");
        c.structHash = _bytes32(l, i, "customer.structHash");
        c.digest = _bytes32(l, i, "customer.digest");
        c.signature = _bytes(l, i, "customer.signature");
    }

    // ---- wire decoding (PROTOCOL.md §4) --------------------------------------------------------------------------

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

    function _address(bytes memory data, uint256 offset) internal pure returns (address) {
        return address(uint160(_be(data, offset, 20)));
    }

    /// @dev The observation body and signature of a 167-byte envelope (header not checked here).
    function _decodeObservation(bytes memory wire) internal pure returns (Observation memory obs, bytes memory sig) {
        obs.device = _address(wire, 6);
        obs.sequence = uint64(_be(wire, 26, 8));
        obs.metric = uint32(_be(wire, 34, 4));
        obs.windowStart = uint64(_be(wire, 38, 8));
        obs.windowEnd = uint64(_be(wire, 46, 8));
        obs.value = int64(uint64(_be(wire, 54, 8))); // two's complement
        obs.sampleCount = uint32(_be(wire, 62, 4));
        obs.flags = uint32(_be(wire, 66, 4));
        obs.prevHash = bytes32(_be(wire, 70, 32));
        sig = _slice(wire, 102, 65);
    }

    /// @dev The intent body and terminal signature of a 243-byte envelope, or of the start of a submission.
    function _decodeIntent(bytes memory wire) internal pure returns (PaymentIntent memory intent, bytes memory sig) {
        intent.terminal = _address(wire, 6);
        intent.merchant = _address(wire, 26);
        intent.token = _address(wire, 46);
        intent.amount = _be(wire, 66, 32);
        intent.expiry = uint64(_be(wire, 98, 8));
        intent.orderRef = bytes32(_be(wire, 106, 32));
        intent.sequence = uint64(_be(wire, 138, 8));
        intent.prevHash = bytes32(_be(wire, 146, 32));
        sig = _slice(wire, 178, 65);
    }

    /// @dev The customer authorization that follows the envelope in a 344-byte payment submission.
    function _decodeAuthorization(bytes memory submission) internal pure returns (CustomerAuthorization memory auth) {
        auth.from = _address(submission, 243);
        auth.validAfter = _be(submission, 263, 8);
        auth.validBefore = _be(submission, 271, 8);
        auth.r = bytes32(_be(submission, 279, 32));
        auth.s = bytes32(_be(submission, 311, 32));
        auth.v = uint8(submission[343]);
    }
}
