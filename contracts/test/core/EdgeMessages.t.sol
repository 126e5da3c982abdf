// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

import {EdgeMessages, Observation, PaymentIntent} from "../../src/core/libraries/EdgeMessages.sol";
import {Test} from "../utils/Test.sol";

/// @dev Calls the library through an external function so expectRevert can see ECDSA's errors.
contract Recoverer {
    function recover(bytes32 digest, bytes calldata signature) external pure returns (address) {
        return ECDSA.recoverCalldata(digest, signature);
    }
}

/// @dev Exposes both ways of hashing, so the calldata variant is compared with abi.encode on the same input.
contract CalldataHasher {
    function observation(Observation calldata obs) external pure returns (bytes32, bytes32) {
        return (EdgeMessages.hashCalldata(obs), EdgeMessages.hash(obs));
    }

    function intent(PaymentIntent calldata intent_) external pure returns (bytes32, bytes32) {
        return (EdgeMessages.hashCalldata(intent_), EdgeMessages.hash(intent_));
    }
}

contract EdgeMessagesTest is Test {
    function testFuzz_HashCalldata_EqualsAbiEncodedHash(Observation memory obs, PaymentIntent memory intent) public {
        CalldataHasher hasher = new CalldataHasher();
        (bytes32 fromCalldata, bytes32 encoded) = hasher.observation(obs);
        assertEq(fromCalldata, encoded, "observation");
        (fromCalldata, encoded) = hasher.intent(intent);
        assertEq(fromCalldata, encoded, "intent");
    }

    function test_Typehashes_MatchProtocolTypeStrings() public pure {
        assertEq(
            EdgeMessages.OBSERVATION_TYPEHASH,
            keccak256(
                "Observation(address device,uint64 sequence,uint32 metric,uint64 windowStart,uint64 windowEnd,int64 value,uint32 sampleCount,uint32 flags,bytes32 prevHash)"
            ),
            "Observation"
        );
        assertEq(
            EdgeMessages.PAYMENT_INTENT_TYPEHASH,
            keccak256(
                "PaymentIntent(address terminal,address merchant,address token,uint256 amount,uint64 expiry,bytes32 orderRef,uint64 sequence,bytes32 prevHash)"
            ),
            "PaymentIntent"
        );
    }

    function test_HashObservation_SignExtendsNegativeValue() public pure {
        Observation memory obs = Observation({
            device: address(0x1234),
            sequence: 7,
            metric: 2,
            windowStart: 100,
            windowEnd: 160,
            value: -1250,
            sampleCount: 60,
            flags: 0x5,
            prevHash: keccak256("previous")
        });
        // Each field spelled out as its 32-byte word, as PROTOCOL.md §3 describes the encoding.
        bytes memory words = abi.encodePacked(
            EdgeMessages.OBSERVATION_TYPEHASH,
            bytes32(uint256(uint160(address(0x1234)))),
            bytes32(uint256(7)),
            bytes32(uint256(2)),
            bytes32(uint256(100)),
            bytes32(uint256(160)),
            bytes32(type(uint256).max - 1249), // -1250 in two's complement over 256 bits
            bytes32(uint256(60)),
            bytes32(uint256(5)),
            keccak256("previous")
        );
        assertEq(EdgeMessages.hash(obs), keccak256(words), "struct hash");
    }

    function test_HashPaymentIntent_EncodesEveryField() public pure {
        PaymentIntent memory intent = PaymentIntent({
            terminal: address(0xAA),
            merchant: address(0xBB),
            token: address(0xCC),
            amount: 12_500_000,
            expiry: 1_750_000_000,
            orderRef: keccak256("receipt-1"),
            sequence: 3,
            prevHash: keccak256("prev")
        });
        bytes memory words = abi.encodePacked(
            EdgeMessages.PAYMENT_INTENT_TYPEHASH,
            bytes32(uint256(0xAA)),
            bytes32(uint256(0xBB)),
            bytes32(uint256(0xCC)),
            bytes32(uint256(12_500_000)),
            bytes32(uint256(1_750_000_000)),
            keccak256("receipt-1"),
            bytes32(uint256(3)),
            keccak256("prev")
        );
        assertEq(EdgeMessages.hash(intent), keccak256(words), "struct hash");
    }

    function test_DomainSeparator_EncodesNameVersionChainAndRegistry() public pure {
        bytes32 expected = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256(bytes("EdgeOracle")),
                keccak256(bytes("1")),
                uint256(31_337),
                address(0xBEEF)
            )
        );
        assertEq(EdgeMessages.domainSeparator(address(0xBEEF), 31_337), expected, "separator");
    }

    function test_RevertWhen_RecoverHighS() public {
        Recoverer recoverer = new Recoverer();
        bytes32 digest = keccak256("digest");
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(0xA11CE, digest);
        bytes32 highS = bytes32(SECP256K1_N - uint256(s));
        vm.expectRevert(abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureS.selector, highS));
        recoverer.recover(digest, abi.encodePacked(r, highS, v == 27 ? uint8(28) : uint8(27)));
    }

    function testFuzz_SignedObservation_RecoversToDevice(uint256 keySeed, uint64 sequence, int64 value, bytes32 prev)
        public
        pure
    {
        uint256 key = boundKey(keySeed);
        address device = vm.addr(key);
        Observation memory obs = Observation({
            device: device,
            sequence: sequence,
            metric: EdgeMessages.METRIC_RAINFALL,
            windowStart: 1000,
            windowEnd: 2000,
            value: value,
            sampleCount: 1,
            flags: 0,
            prevHash: prev
        });
        bytes32 digest =
            EdgeMessages.toTypedDataHash(EdgeMessages.domainSeparator(address(0xBEEF), 31_337), EdgeMessages.hash(obs));
        assertEq(ECDSA.recover(digest, signDigest(key, digest)), device, "recovered signer");
    }

    function testFuzz_SignedIntent_RecoversToTerminal(uint256 keySeed, uint256 amount, bytes32 orderRef) public pure {
        uint256 key = boundKey(keySeed);
        PaymentIntent memory intent = PaymentIntent({
            terminal: vm.addr(key),
            merchant: address(0xBB),
            token: address(0xCC),
            amount: amount,
            expiry: 1_750_000_000,
            orderRef: orderRef,
            sequence: 1,
            prevHash: bytes32(0)
        });
        bytes32 digest = EdgeMessages.toTypedDataHash(
            EdgeMessages.domainSeparator(address(0xBEEF), 31_337), EdgeMessages.hash(intent)
        );
        assertEq(ECDSA.recover(digest, signDigest(key, digest)), intent.terminal, "recovered signer");
    }
}
