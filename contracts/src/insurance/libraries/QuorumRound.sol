// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IQuorumInsurance} from "../interfaces/IQuorumInsurance.sol";
import {EdgeMessages, Observation} from "../../core/libraries/EdgeMessages.sol";

/// @title QuorumRound
/// @notice The packed items of a QuorumInsurance round, and how the contract rebuilds each item's signed
/// Observation digest from the round key and the item.
/// @dev A round is `submitRound(regionId, metric, windowStart, windowEnd, items)`: the key fields every observation of
/// the round shares are passed once, and `items` is the concatenation of ITEM_LENGTH-byte items, big-endian, no
/// padding:
///
/// | bytes     | field       | type    | note                                                              |
/// |-----------|-------------|---------|-------------------------------------------------------------------|
/// | 0         | index       | uint8   | the device's position in `regionSensors(regionId)`                |
/// | 1–8       | sequence    | uint64  |                                                                   |
/// | 9–16      | value       | int64   | two's complement                                                  |
/// | 17–20     | sampleCount | uint32  |                                                                   |
/// | 21–24     | flags       | uint32  |                                                                   |
/// | 25–56     | prevHash    | bytes32 |                                                                   |
/// | 57–121    | signature   | bytes   | r ‖ s ‖ v, the device's 65 bytes as it sent them (PROTOCOL.md §3) |
///
/// The device signed the full Observation (PROTOCOL.md §3) unchanged: the contract rebuilds it from the region's
/// sensor at `index` (device), the round key (metric, windowStart, windowEnd) and the item (the rest), so an item
/// of another device, metric or window simply fails its signature.
library QuorumRound {
    /// @notice Bytes per item.
    uint256 internal constant ITEM_LENGTH = 122;

    /// @dev Offsets of the item fields.
    uint256 private constant _SEQUENCE = 1;
    uint256 private constant _VALUE = 9;
    uint256 private constant _SAMPLE_COUNT = 17;
    uint256 private constant _FLAGS = 21;
    uint256 private constant _PREV_HASH = 25;
    uint256 private constant _SIGNATURE = 57;

    /// @notice Packs one item: the reference encoder (tests and off-chain senders follow it).
    /// @param index The device's position in its region.
    /// @param obs The observation as the device signed it; its device, metric and window are implied by the index
    /// and the round key, so they are not packed.
    /// @param signature The device's 65-byte r ‖ s ‖ v signature (else IQuorumInsurance.QuorumInsuranceBadRound).
    /// @return item The ITEM_LENGTH bytes.
    function encodeItem(uint8 index, Observation memory obs, bytes memory signature)
        internal
        pure
        returns (bytes memory item)
    {
        if (signature.length != ITEM_LENGTH - _SIGNATURE) revert IQuorumInsurance.QuorumInsuranceBadRound();
        return abi.encodePacked(index, obs.sequence, obs.value, obs.sampleCount, obs.flags, obs.prevHash, signature);
    }

    /// @notice The fields of an item the contract judges before its signature.
    /// @param item One item (ITEM_LENGTH bytes of calldata).
    /// @return index The device's position in its region.
    /// @return sequence The device's message sequence.
    /// @return flags The observation flags.
    function head(bytes calldata item) internal pure returns (uint256 index, uint64 sequence, uint32 flags) {
        assembly ("memory-safe") {
            let o := item.offset
            index := shr(248, calldataload(o))
            sequence := shr(192, calldataload(add(o, _SEQUENCE)))
            flags := shr(224, calldataload(add(o, _FLAGS)))
        }
    }

    /// @notice The observed value of an item.
    /// @param item One item.
    /// @return v The value, sign-extended.
    function value(bytes calldata item) internal pure returns (int64 v) {
        assembly ("memory-safe") {
            v := sar(192, calldataload(add(item.offset, _VALUE)))
        }
    }

    /// @notice Item `i` of a round, without a bounds check: the caller keeps `i` below items.length / ITEM_LENGTH.
    /// @param items The round's items.
    /// @param i The position.
    /// @return item The ITEM_LENGTH bytes of calldata.
    function itemAt(bytes calldata items, uint256 i) internal pure returns (bytes calldata item) {
        assembly ("memory-safe") {
            item.offset := add(items.offset, mul(i, ITEM_LENGTH))
            item.length := ITEM_LENGTH
        }
    }

    /// @notice The words of the Observation struct hash with the round's fields filled in, ready for `itemDigest`:
    /// typeHash, device, sequence, metric, windowStart, windowEnd, value, sampleCount, flags, prevHash.
    /// @param metric The round's metric.
    /// @param windowStart The round's window start.
    /// @param windowEnd The round's window end.
    /// @return words The ten words, reused for every item of the round.
    function observationWords(uint32 metric, uint64 windowStart, uint64 windowEnd)
        internal
        pure
        returns (bytes32[10] memory words)
    {
        words[0] = EdgeMessages.OBSERVATION_TYPEHASH;
        words[3] = bytes32(uint256(metric));
        words[4] = bytes32(uint256(windowStart));
        words[5] = bytes32(uint256(windowEnd));
    }

    /// @notice The EIP-712 digest an item's device signed: the item's fields and `device` go into `words` with
    /// abi.encode's padding, value sign-extended, as EdgeMessages.hash; the struct hash is prefixed with 0x1901 and the
    /// domain separator. Its signer is `DeviceAuth.recover(itemDigest(…), itemSignature(item))`.
    /// @param words From `observationWords` for this round; the item's fields overwrite the previous item's.
    /// @param separator The EdgeOracle domain separator.
    /// @param item One item.
    /// @param device The region's sensor at the item's index.
    /// @return digest The digest.
    function itemDigest(bytes32[10] memory words, bytes32 separator, bytes calldata item, address device)
        internal
        pure
        returns (bytes32 digest)
    {
        assembly ("memory-safe") {
            let o := item.offset
            mstore(add(words, 0x20), device)
            mstore(add(words, 0x40), shr(192, calldataload(add(o, _SEQUENCE))))
            mstore(add(words, 0xc0), sar(192, calldataload(add(o, _VALUE))))
            mstore(add(words, 0xe0), shr(224, calldataload(add(o, _SAMPLE_COUNT))))
            mstore(add(words, 0x100), shr(224, calldataload(add(o, _FLAGS))))
            mstore(add(words, 0x120), calldataload(add(o, _PREV_HASH)))
            let structHash := keccak256(words, 0x140)
            // keccak256(0x19 ‖ 0x01 ‖ separator ‖ structHash), as MessageHashUtils.toTypedDataHash, in free memory
            let ptr := mload(0x40)
            mstore(ptr, hex"1901")
            mstore(add(ptr, 0x02), separator)
            mstore(add(ptr, 0x22), structHash)
            digest := keccak256(ptr, 0x42)
        }
    }

    /// @notice The device's signature in an item: its last 65 bytes, r ‖ s ‖ v.
    /// @param item One item (ITEM_LENGTH bytes, as itemAt gives it).
    /// @return signature The bytes, in calldata.
    function itemSignature(bytes calldata item) internal pure returns (bytes calldata signature) {
        assembly ("memory-safe") {
            signature.offset := add(item.offset, _SIGNATURE)
            signature.length := sub(ITEM_LENGTH, _SIGNATURE)
        }
    }
}
