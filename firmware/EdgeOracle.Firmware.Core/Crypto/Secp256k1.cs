using System;

namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>
    /// secp256k1 ECDSA as Ethereum uses it: 32-byte private keys, 64-byte uncompressed public keys (X || Y,
    /// without the 0x04 prefix), and 65-byte signatures r || s || v with v in {27, 28} and low s (EIP-2).
    /// Nonces are deterministic (RFC 6979, HMAC-SHA256), so signing needs no entropy.
    /// </summary>
    /// <remarks>
    /// Calls are serialized on one lock around a single preallocated engine: after the first call (which builds
    /// the generator table), <see cref="Sign(byte[], byte[], byte[], int)"/> and
    /// <see cref="TryRecover(byte[], byte[], int, byte[], int)"/> allocate nothing. The arithmetic is not
    /// constant-time; a device that must resist timing or power analysis needs a hardened implementation.
    /// </remarks>
    public static class Secp256k1
    {
        /// <summary>Size of a private key in bytes.</summary>
        public const int PrivateKeySize = 32;

        /// <summary>Size of a public key (X || Y) in bytes.</summary>
        public const int PublicKeySize = 64;

        /// <summary>Size of a signature (r || s || v) in bytes.</summary>
        public const int SignatureSize = 65;

        private static readonly object Sync = new object();

        // n, big-endian, for validating keys without touching the engine.
        private static readonly byte[] Order =
        {
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
            0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41,
        };

        private static Secp256k1Engine? engine;

        /// <summary>True when <paramref name="key"/> is 32 bytes holding a number in [1, n - 1].</summary>
        /// <param name="key">The candidate private key.</param>
        /// <returns>Whether it can be used as a private key.</returns>
        public static bool IsValidPrivateKey(byte[] key)
        {
            if (key == null || key.Length != PrivateKeySize)
            {
                return false;
            }

            byte bits = 0;
            for (int i = 0; i < PrivateKeySize; i++)
            {
                bits |= key[i];
            }

            if (bits == 0)
            {
                return false;
            }

            for (int i = 0; i < PrivateKeySize; i++)
            {
                if (key[i] != Order[i])
                {
                    return key[i] < Order[i];
                }
            }

            // Equal to n.
            return false;
        }

        /// <summary>Computes the 64-byte public key X || Y of <paramref name="privateKey"/>.</summary>
        /// <param name="privateKey">A valid 32-byte private key.</param>
        /// <returns>A new 64-byte array.</returns>
        /// <exception cref="ArgumentException">The key is not a valid private key.</exception>
        public static byte[] GetPublicKey(byte[] privateKey)
        {
            CheckPrivateKey(privateKey);
            byte[] output = new byte[PublicKeySize];
            lock (Sync)
            {
                Engine().GetPublicKey(privateKey, output, 0);
            }

            return output;
        }

        /// <summary>Signs a 32-byte digest: r || s || v with low s, v in {27, 28}, RFC 6979 nonce.</summary>
        /// <param name="hash32">The digest to sign (e.g. an EIP-712 digest).</param>
        /// <param name="privateKey">A valid 32-byte private key.</param>
        /// <returns>A new 65-byte signature.</returns>
        /// <exception cref="ArgumentException">The digest is not 32 bytes or the key is invalid.</exception>
        public static byte[] Sign(byte[] hash32, byte[] privateKey)
        {
            byte[] output = new byte[SignatureSize];
            Sign(hash32, privateKey, output, 0);
            return output;
        }

        /// <summary>
        /// Signs a 32-byte digest into <paramref name="output"/> at <paramref name="offset"/>; allocates nothing
        /// once the engine exists, so a device can sign from a preallocated envelope buffer.
        /// </summary>
        /// <param name="hash32">The digest to sign.</param>
        /// <param name="privateKey">A valid 32-byte private key.</param>
        /// <param name="output">Receives r || s || v (65 bytes).</param>
        /// <param name="offset">Where the signature starts in <paramref name="output"/>.</param>
        /// <exception cref="ArgumentException">The digest is not 32 bytes, the key is invalid, or the output is too small.</exception>
        public static void Sign(byte[] hash32, byte[] privateKey, byte[] output, int offset)
        {
            CheckHash(hash32);
            CheckPrivateKey(privateKey);
            CheckRange(output, offset, SignatureSize, nameof(output));
            lock (Sync)
            {
                Engine().Sign(hash32, privateKey, output, offset);
            }
        }

        /// <summary>
        /// Recovers the public key that produced <paramref name="signature65"/> over <paramref name="hash32"/>.
        /// Returns false for anything the protocol refuses: v not 27 or 28, r or s zero or not below n, s above
        /// n / 2 (high s), or no valid point.
        /// </summary>
        /// <param name="hash32">The signed digest.</param>
        /// <param name="signature65">r || s || v.</param>
        /// <param name="publicKey64Out">Receives X || Y (64 bytes) on success.</param>
        /// <returns>Whether a public key was recovered.</returns>
        public static bool TryRecover(byte[] hash32, byte[] signature65, byte[] publicKey64Out)
        {
            if (signature65 == null || signature65.Length != SignatureSize)
            {
                return false;
            }

            return TryRecover(hash32, signature65, 0, publicKey64Out, 0);
        }

        /// <summary>As <see cref="TryRecover(byte[], byte[], byte[])"/>, reading the signature in place (e.g. from an envelope).</summary>
        /// <param name="hash32">The signed digest.</param>
        /// <param name="signature">Buffer holding r || s || v.</param>
        /// <param name="signatureOffset">Where the 65 signature bytes start.</param>
        /// <param name="publicKeyOut">Receives X || Y on success.</param>
        /// <param name="publicKeyOffset">Where the 64 key bytes go.</param>
        /// <returns>Whether a public key was recovered.</returns>
        public static bool TryRecover(byte[] hash32, byte[] signature, int signatureOffset, byte[] publicKeyOut, int publicKeyOffset)
        {
            CheckHash(hash32);
            CheckRange(signature, signatureOffset, SignatureSize, nameof(signature));
            CheckRange(publicKeyOut, publicKeyOffset, PublicKeySize, nameof(publicKeyOut));
            lock (Sync)
            {
                return Engine().TryRecover(hash32, signature, signatureOffset, publicKeyOut, publicKeyOffset);
            }
        }

        // Called with Sync held.
        private static Secp256k1Engine Engine()
        {
            if (engine == null)
            {
                engine = new Secp256k1Engine();
            }

            return engine;
        }

        private static void CheckPrivateKey(byte[] privateKey)
        {
            if (!IsValidPrivateKey(privateKey))
            {
                throw new ArgumentException("private key must be 32 bytes in [1, n - 1]", nameof(privateKey));
            }
        }

        private static void CheckHash(byte[] hash32)
        {
            if (hash32 == null || hash32.Length != 32)
            {
                throw new ArgumentException("hash must be 32 bytes", nameof(hash32));
            }
        }

        private static void CheckRange(byte[] buffer, int offset, int length, string name)
        {
            if (buffer == null || offset < 0 || offset > buffer.Length - length)
            {
                throw new ArgumentException("buffer too small for " + length + " bytes at the offset", name);
            }
        }
    }
}
