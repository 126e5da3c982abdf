// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DeviceAuth} from "../../src/core/libraries/DeviceAuth.sol";
import {IQuorumInsurance} from "../../src/insurance/interfaces/IQuorumInsurance.sol";
import {EdgeMessages, Observation} from "../../src/core/libraries/EdgeMessages.sol";
import {QuorumRound} from "../../src/insurance/libraries/QuorumRound.sol";
import {SensorList} from "../../src/insurance/libraries/SensorList.sol";
import {Test} from "../utils/Test.sol";

/// @dev Exposes QuorumRound's calldata decoding for the codec tests.
contract QuorumRoundHarness {
    function encodeItem(uint8 index, Observation calldata obs, bytes calldata signature)
        external
        pure
        returns (bytes memory)
    {
        return QuorumRound.encodeItem(index, obs, signature);
    }

    function head(bytes calldata item) external pure returns (uint256 index, uint64 sequence, uint32 flags) {
        return QuorumRound.head(item);
    }

    function value(bytes calldata item) external pure returns (int64) {
        return QuorumRound.value(item);
    }

    function itemAt(bytes calldata items, uint256 i) external pure returns (bytes memory) {
        return QuorumRound.itemAt(items, i);
    }

    function recoverSigner(bytes32 separator, Observation calldata key, bytes calldata item, address device)
        external
        view
        returns (address)
    {
        bytes32[10] memory words = QuorumRound.observationWords(key.metric, key.windowStart, key.windowEnd);
        return DeviceAuth.recover(QuorumRound.itemDigest(words, separator, item, device), QuorumRound.itemSignature(item));
    }
}

/// @notice The packed item layout: what the reference encoder writes is what the contract reads back, and the digest
/// the contract rebuilds is the one the device signed (EdgeMessages.hash under the domain).
contract QuorumRoundTest is Test {
    QuorumRoundHarness internal harness = new QuorumRoundHarness();
    bytes32 internal constant SEPARATOR = keccak256("a domain separator");

    function testFuzz_EncodeThenDecode_RoundTripsEveryField(uint256 keySeed, uint8 index, Observation memory obs)
        public
        view
    {
        uint256 key = boundKey(keySeed);
        obs.device = vm.addr(key);
        bytes memory sig = signDigest(key, EdgeMessages.toTypedDataHash(SEPARATOR, EdgeMessages.hash(obs)));
        bytes memory item = QuorumRound.encodeItem(index, obs, sig);
        assertEq(item.length, QuorumRound.ITEM_LENGTH, "item length");
        (uint256 i, uint64 sequence, uint32 flags) = harness.head(item);
        assertEq(i, index, "index");
        assertEq(uint256(sequence), obs.sequence, "sequence");
        assertEq(uint256(flags), obs.flags, "flags");
        assertEq(int256(harness.value(item)), int256(obs.value), "value, sign included");
        // the rebuilt digest carries device, round key, sampleCount, prevHash and the signature bytes: the device
        // recovers only if every one of them came back
        assertEq(harness.recoverSigner(SEPARATOR, obs, item, obs.device), obs.device, "the device recovers");
        Observation memory other = obs;
        other.windowEnd = obs.windowEnd ^ 1;
        assertTrue(harness.recoverSigner(SEPARATOR, other, item, obs.device) != obs.device, "another window does not");
    }

    function test_EncodeItem_PacksA65ByteSignature() public view {
        Observation memory obs;
        assertEq(harness.encodeItem(0, obs, new bytes(65)).length, QuorumRound.ITEM_LENGTH, "65 bytes pack");
    }

    function test_RevertWhen_EncodeItemSignatureCompact() public {
        Observation memory obs;
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
        harness.encodeItem(0, obs, new bytes(64)); // a compact (EIP-2098) signature is not the wire format
    }

    function test_RevertWhen_EncodeItemSignatureTooLong() public {
        Observation memory obs;
        vm.expectRevert(IQuorumInsurance.QuorumInsuranceBadRound.selector);
        harness.encodeItem(0, obs, new bytes(66));
    }

    function testFuzz_ItemAt_SlicesTheItemsInOrder(bytes32 seed, uint8 count, uint8 pick) public view {
        uint256 n = bound(count, 1, 32);
        uint256 i = bound(pick, 0, n - 1);
        bytes memory items;
        for (uint256 k; k < n; ++k) {
            bytes memory item = new bytes(QuorumRound.ITEM_LENGTH);
            for (uint256 b; b < QuorumRound.ITEM_LENGTH; b += 32) {
                bytes32 word = keccak256(abi.encode(seed, k, b));
                for (uint256 j; j < 32 && b + j < QuorumRound.ITEM_LENGTH; ++j) item[b + j] = word[j];
            }
            items = bytes.concat(items, item);
        }
        bytes memory expected = new bytes(QuorumRound.ITEM_LENGTH);
        for (uint256 b; b < QuorumRound.ITEM_LENGTH; ++b) expected[b] = items[i * QuorumRound.ITEM_LENGTH + b];
        assertEq(harness.itemAt(items, i), expected, "item i");
    }

    function testFuzz_RecoverSigner_RefusesGarbageAndHighS(uint256 keySeed, bytes32 r, bytes32 s, uint8 v) public view {
        uint256 key = boundKey(keySeed);
        Observation memory obs;
        obs.device = vm.addr(key);
        bytes memory sig = signDigest(key, EdgeMessages.toTypedDataHash(SEPARATOR, EdgeMessages.hash(obs)));
        // the malleated twin: same signer for ecrecover, refused for its high s
        (bytes32 r0, bytes32 s0, uint8 v0) = (bytes32(0), bytes32(0), uint8(sig[64]));
        assembly ("memory-safe") {
            r0 := mload(add(sig, 0x20))
            s0 := mload(add(sig, 0x40))
        }
        bytes memory twin = abi.encodePacked(r0, bytes32(SECP256K1_N - uint256(s0)), v0 == 27 ? uint8(28) : uint8(27));
        assertEq(harness.recoverSigner(SEPARATOR, obs, QuorumRound.encodeItem(0, obs, twin), obs.device), address(0), "high s");
        bytes memory junk = abi.encodePacked(r, s, v);
        vm.assume(keccak256(junk) != keccak256(sig));
        assertTrue(harness.recoverSigner(SEPARATOR, obs, QuorumRound.encodeItem(0, obs, junk), obs.device) != obs.device, "junk");
    }
}

/// @dev Stores and reads SensorList data contracts for the list tests.
contract SensorListHarness {
    function store(address[] calldata list) external returns (address) {
        return SensorList.store(list);
    }

    function load(address pointer, uint256 count) external view returns (address[] memory) {
        return SensorList.toArray(SensorList.load(pointer, count));
    }
}

/// @notice Lists written as code read back whole, at the CREATE address the contract predicts for them.
contract SensorListTest is Test {
    SensorListHarness internal harness = new SensorListHarness();

    function testFuzz_StoreThenLoad_ReturnsTheListAtItsCreateAddress(uint256 seed, uint8 count) public {
        address[] memory list = new address[](bound(count, 1, 32));
        for (uint256 i; i < list.length; ++i) list[i] = address(uint160(uint256(keccak256(abi.encode(seed, i)))));
        address expected = SensorList.createdAt(address(harness), 1); // the harness's first creation
        address pointer = harness.store(list);
        assertEq(pointer, expected, "at the predicted address");
        assertEq(pointer.code.length, 1 + 20 * list.length, "STOP then the addresses");
        assertEq(uint256(uint8(pointer.code[0])), 0, "starts with STOP");
        address[] memory back = harness.load(pointer, list.length);
        for (uint256 i; i < list.length; ++i) assertEq(back[i], list[i], "entry");
    }

    function testFuzz_CreatedAt_MatchesCreateAddress(address deployer, uint32 nonce) public pure {
        vm.assume(nonce > 0);
        assertEq(
            SensorList.createdAt(deployer, nonce),
            vm.computeCreateAddress(deployer, nonce),
            "keccak256(rlp([deployer, nonce]))"
        );
    }

    function test_CreatedAt_AtEveryNonceLengthBoundary() public pure {
        uint32[8] memory nonces = [uint32(1), 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0xffffffff];
        for (uint256 i; i < nonces.length; ++i) {
            assertEq(
                SensorList.createdAt(address(0xC0FFEE), nonces[i]),
                vm.computeCreateAddress(address(0xC0FFEE), nonces[i]),
                "boundary"
            );
        }
    }
}
