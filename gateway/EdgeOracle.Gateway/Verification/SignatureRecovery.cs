using System;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Crypto;
using Secp256k1Net;

namespace EdgeOracle.Gateway.Verification;

/// <summary>
/// Recovers the Ethereum address that signed a digest, with the native libsecp256k1: parse the compact signature
/// with its recovery id, recover the public key, serialize it uncompressed and take the last 20 bytes of keccak256(X ‖ Y).
/// </summary>
public static class SignatureRecovery
{
    private const int CompactSize = 64;
    private const int RecoverableSignatureSize = 65;
    private const int PublicKeySize = 64;
    private const int UncompressedSize = 65;

    // One context for the process: libsecp256k1 contexts are read-only after creation, so recovery may share it.
    private static readonly Secp256k1 Context = new();

    /// <summary>Recovers the signer, or returns false when the signature is not a valid point for the digest.</summary>
    public static bool TryRecover(Bytes32 digest, in Signature signature, out Address signer)
    {
        signer = default;
        if (!signature.HasValidV)
        {
            return false;
        }

        Span<byte> compact = stackalloc byte[CompactSize];
        signature.R.CopyTo(compact);
        signature.S.CopyTo(compact[32..]);
        Span<byte> recoverable = stackalloc byte[RecoverableSignatureSize];
        if (!Context.EcdsaRecoverableSignatureParseCompact(recoverable, compact, signature.RecoveryId))
        {
            return false;
        }

        Span<byte> message = stackalloc byte[Bytes32.Size];
        digest.CopyTo(message);
        Span<byte> publicKey = stackalloc byte[PublicKeySize];
        if (!Context.EcdsaRecover(publicKey, recoverable, message))
        {
            return false;
        }

        Span<byte> serialized = stackalloc byte[UncompressedSize];
        nuint length = UncompressedSize;
        if (!Context.EcPubkeySerialize(serialized, ref length, publicKey, Secp256k1EcFlags.Uncompressed))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[Keccak256.HashSize];
        Keccak256.Hash(serialized[1..], hash);
        signer = new Address(hash[12..]);
        return true;
    }

    /// <summary>True when the signature is low-s and recovers to <paramref name="expected"/>.</summary>
    public static bool IsSignedBy(Bytes32 digest, in Signature signature, Address expected) =>
        signature.IsLowS && TryRecover(digest, signature, out var signer) && signer == expected;
}
