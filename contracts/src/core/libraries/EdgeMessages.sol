// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

/// @notice A sensor's signed aggregate over one window (PROTOCOL.md §3, §8). Field order is the type string's.
struct Observation {
    address device;
    uint64 sequence;
    uint32 metric;
    uint64 windowStart;
    uint64 windowEnd;
    int64 value;
    uint32 sampleCount;
    uint32 flags;
    bytes32 prevHash;
}

/// @notice A point-of-sale terminal's signed request to be paid (PROTOCOL.md §3, §8).
struct PaymentIntent {
    address terminal;
    address merchant;
    address token;
    uint256 amount;
    uint64 expiry;
    bytes32 orderRef;
    uint64 sequence;
    bytes32 prevHash;
}

/// @notice The customer's EIP-3009 ReceiveWithAuthorization for one intent; `to`, `value` and `nonce` are implied
/// (the router, `intent.amount`, the intent digest), see PROTOCOL.md §3 "Customer authorization".
struct CustomerAuthorization {
    address from;
    uint256 validAfter;
    uint256 validBefore;
    uint8 v;
    bytes32 r;
    bytes32 s;
}

/// @title EdgeMessages
/// @notice EIP-712 hashing of the EdgeOracle device messages, byte for byte as PROTOCOL.md §2–§3 define it.
/// @dev Shared by the registry (which is the domain's verifyingContract) and every contract that consumes device
/// messages, so that there is exactly one copy of each type string in Solidity.
library EdgeMessages {
    /// @notice keccak256 of the EIP-712 domain type string.
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    /// @notice keccak256("EdgeOracle"), the domain name.
    bytes32 internal constant HASHED_NAME = keccak256("EdgeOracle");

    /// @notice keccak256("1"), the domain version.
    bytes32 internal constant HASHED_VERSION = keccak256("1");

    /// @notice keccak256 of the Observation type string (PROTOCOL.md §3).
    bytes32 internal constant OBSERVATION_TYPEHASH = keccak256(
        "Observation(address device,uint64 sequence,uint32 metric,uint64 windowStart,uint64 windowEnd,int64 value,uint32 sampleCount,uint32 flags,bytes32 prevHash)"
    );

    /// @notice keccak256 of the PaymentIntent type string (PROTOCOL.md §3).
    bytes32 internal constant PAYMENT_INTENT_TYPEHASH = keccak256(
        "PaymentIntent(address terminal,address merchant,address token,uint256 amount,uint64 expiry,bytes32 orderRef,uint64 sequence,bytes32 prevHash)"
    );

    /// @notice keccak256 of the DeviceRegistration type string (PROTOCOL.md §8): the device key's proof that it agrees
    /// to be registered by `owner` in `role` on this deployment.
    bytes32 internal constant DEVICE_REGISTRATION_TYPEHASH =
        keccak256("DeviceRegistration(address device,address owner,uint8 role)");

    /// @notice Metric code of rainfall: the sum over the window, in micrometres.
    uint32 internal constant METRIC_RAINFALL = 1;

    /// @notice Observation flag bits that PROTOCOL.md §3 defines (Stuck, OutOfRange, Gap, Rebooted); others are reserved.
    uint32 internal constant KNOWN_FLAGS = 0x0f;

    /// @notice The EdgeOracle domain separator of the deployment whose registry is `registry` on chain `chainId`.
    function domainSeparator(address registry, uint256 chainId) internal pure returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, HASHED_NAME, HASHED_VERSION, chainId, registry));
    }

    /// @notice The EIP-712 struct hash of an observation, read straight from calldata: its nine static fields lie in
    /// calldata exactly as abi.encode pads them (int64 sign-extended), so this equals hash(obs) for well-formed
    /// calldata; dirty high bits only change the digest, so a signature over it would not verify.
    function hashCalldata(Observation calldata obs) internal pure returns (bytes32 structHash) {
        uint256 offset;
        assembly ("memory-safe") {
            offset := obs
        }
        return _hashStaticWords(OBSERVATION_TYPEHASH, offset, 0x120);
    }

    /// @notice The EIP-712 struct hash of a payment intent (eight static fields), read straight from calldata, with
    /// the same caveat as the observation's.
    function hashCalldata(PaymentIntent calldata intent) internal pure returns (bytes32 structHash) {
        uint256 offset;
        assembly ("memory-safe") {
            offset := intent
        }
        return _hashStaticWords(PAYMENT_INTENT_TYPEHASH, offset, 0x100);
    }

    /// @dev keccak256(typeHash ‖ calldata[offset : offset + length]), built in scratch memory past the free pointer.
    function _hashStaticWords(bytes32 typeHash, uint256 offset, uint256 length) private pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            calldatacopy(add(ptr, 0x20), offset, length)
            h := keccak256(ptr, add(length, 0x20))
        }
    }

    /// @notice The EIP-712 struct hash of an observation.
    function hash(Observation memory obs) internal pure returns (bytes32) {
        // abi.encode pads addresses and unsigned integers with zeros and sign-extends int64, as §3 requires.
        return keccak256(
            abi.encode(
                OBSERVATION_TYPEHASH,
                obs.device,
                obs.sequence,
                obs.metric,
                obs.windowStart,
                obs.windowEnd,
                obs.value,
                obs.sampleCount,
                obs.flags,
                obs.prevHash
            )
        );
    }

    /// @notice The EIP-712 struct hash of a payment intent.
    function hash(PaymentIntent memory intent) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                PAYMENT_INTENT_TYPEHASH,
                intent.terminal,
                intent.merchant,
                intent.token,
                intent.amount,
                intent.expiry,
                intent.orderRef,
                intent.sequence,
                intent.prevHash
            )
        );
    }

    /// @notice The EIP-712 struct hash of a device registration proof.
    function hashRegistration(address device, address owner, uint8 role) internal pure returns (bytes32) {
        return keccak256(abi.encode(DEVICE_REGISTRATION_TYPEHASH, device, owner, role));
    }

    /// @notice The signed digest `keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ structHash)`.
    function toTypedDataHash(bytes32 separator, bytes32 structHash) internal pure returns (bytes32) {
        return MessageHashUtils.toTypedDataHash(separator, structHash);
    }
}
