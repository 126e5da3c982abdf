using System;
using EdgeOracle.Protocol;
using Secp256k1Net;

namespace EdgeOracle.Gateway.Chain;

/// <summary>
/// Signs a transaction's digest with the native libsecp256k1, which returns the recovery id (the y parity of a type 2
/// transaction) with the signature. Deterministic (RFC 6979) with a low s, as Ethereum requires.
/// </summary>
internal static class RecoverableSigner
{
    private static readonly Secp256k1 Context = new();
    private static readonly object Gate = new();

    /// <summary>Signs <paramref name="digest"/> with <paramref name="secret"/>: r and s without leading zero bytes (as RLP wants them), and the y parity.</summary>
    /// <exception cref="InvalidOperationException">The secret is not a valid private key.</exception>
    public static (byte[] R, byte[] S, byte YParity) Sign(Bytes32 digest, byte[] secret)
    {
        Span<byte> message = stackalloc byte[Bytes32.Size];
        digest.CopyTo(message);
        Span<byte> recoverable = stackalloc byte[65];
        Span<byte> compact = stackalloc byte[64];
        int recoveryId;
        lock (Gate)
        {
            if (!Context.EcdsaSignRecoverable(recoverable, message, secret)
                || !Context.EcdsaRecoverableSignatureSerializeCompact(compact, out recoveryId, recoverable))
            {
                throw new InvalidOperationException("The relayer key could not sign: it is not a valid secp256k1 private key.");
            }
        }

        return (Trim(compact[..32]), Trim(compact[32..]), (byte)recoveryId);
    }

    private static byte[] Trim(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (start < value.Length && value[start] == 0)
        {
            start++;
        }

        return value[start..].ToArray();
    }
}
