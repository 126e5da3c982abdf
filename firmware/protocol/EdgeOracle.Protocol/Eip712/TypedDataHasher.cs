using System;
using EdgeOracle.Protocol.Crypto;
using EdgeOracle.Protocol.Wire;

namespace EdgeOracle.Protocol.Eip712;

/// <summary>EIP-712 struct hashes of the signed types of PROTOCOL.md §3 and of the customer's EIP-3009 authorization.</summary>
public static class TypedDataHasher
{
    /// <summary>The Observation type string.</summary>
    public const string ObservationType =
        "Observation(address device,uint64 sequence,uint32 metric,uint64 windowStart,uint64 windowEnd,int64 value,uint32 sampleCount,uint32 flags,bytes32 prevHash)";

    /// <summary>The PaymentIntent type string.</summary>
    public const string PaymentIntentType =
        "PaymentIntent(address terminal,address merchant,address token,uint256 amount,uint64 expiry,bytes32 orderRef,uint64 sequence,bytes32 prevHash)";

    /// <summary>The EIP-3009 ReceiveWithAuthorization type string.</summary>
    public const string ReceiveWithAuthorizationType =
        "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)";

    /// <summary>keccak256 of <see cref="ObservationType"/>.</summary>
    public static readonly Bytes32 ObservationTypeHash = Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(ObservationType));

    /// <summary>keccak256 of <see cref="PaymentIntentType"/>.</summary>
    public static readonly Bytes32 PaymentIntentTypeHash = Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(PaymentIntentType));

    /// <summary>keccak256 of <see cref="ReceiveWithAuthorizationType"/>.</summary>
    public static readonly Bytes32 ReceiveWithAuthorizationTypeHash =
        Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(ReceiveWithAuthorizationType));

    /// <summary>The struct hash of an observation.</summary>
    public static Bytes32 StructHash(in Observation observation)
    {
        Span<byte> encoded = stackalloc byte[10 * 32];
        var writer = new AbiWordWriter(encoded);
        writer.Word(ObservationTypeHash);
        writer.Address(observation.Device);
        writer.UInt64(observation.Sequence);
        writer.UInt64(observation.Metric);
        writer.UInt64(observation.WindowStart);
        writer.UInt64(observation.WindowEnd);
        writer.Int64(observation.Value);
        writer.UInt64(observation.SampleCount);
        writer.UInt64(observation.Flags);
        writer.Word(observation.PrevHash);
        return Keccak256.Hash(encoded);
    }

    /// <summary>The struct hash of a payment intent.</summary>
    public static Bytes32 StructHash(in PaymentIntent intent)
    {
        Span<byte> encoded = stackalloc byte[9 * 32];
        var writer = new AbiWordWriter(encoded);
        writer.Word(PaymentIntentTypeHash);
        writer.Address(intent.Terminal);
        writer.Address(intent.Merchant);
        writer.Address(intent.Token);
        writer.Word(intent.Amount);
        writer.UInt64(intent.Expiry);
        writer.Word(intent.OrderRef);
        writer.UInt64(intent.Sequence);
        writer.Word(intent.PrevHash);
        return Keccak256.Hash(encoded);
    }

    /// <summary>The struct hash of the customer's authorization for an intent: to = router, value = amount, nonce = intent digest.</summary>
    public static Bytes32 ReceiveWithAuthorizationHash(
        Address from, Address to, Bytes32 value, ulong validAfter, ulong validBefore, Bytes32 nonce)
    {
        Span<byte> encoded = stackalloc byte[7 * 32];
        var writer = new AbiWordWriter(encoded);
        writer.Word(ReceiveWithAuthorizationTypeHash);
        writer.Address(from);
        writer.Address(to);
        writer.Word(value);
        writer.UInt64(validAfter);
        writer.UInt64(validBefore);
        writer.Word(nonce);
        return Keccak256.Hash(encoded);
    }
}
