using System;

namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>Ethereum addresses: the last 20 bytes of keccak256(X || Y) of the uncompressed public key.</summary>
    public static class EthAddress
    {
        /// <summary>Size of an address in bytes.</summary>
        public const int Size = 20;

        /// <summary>Derives the address of a 64-byte public key X || Y.</summary>
        /// <param name="publicKey64">The public key without the 0x04 prefix.</param>
        /// <returns>A new 20-byte address.</returns>
        /// <exception cref="ArgumentException">The key is not 64 bytes.</exception>
        public static byte[] FromPublicKey(byte[] publicKey64)
        {
            if (publicKey64 == null || publicKey64.Length != Secp256k1.PublicKeySize)
            {
                throw new ArgumentException("public key must be 64 bytes (X || Y)", nameof(publicKey64));
            }

            byte[] hash = new byte[Keccak256.HashSize];
            Keccak256.Hash(publicKey64, 0, publicKey64.Length, hash, 0);
            byte[] address = new byte[Size];
            Array.Copy(hash, Keccak256.HashSize - Size, address, 0, Size);
            return address;
        }

        /// <summary>Derives the address that belongs to a private key.</summary>
        /// <param name="privateKey">A valid 32-byte private key.</param>
        /// <returns>A new 20-byte address.</returns>
        /// <exception cref="ArgumentException">The key is invalid.</exception>
        public static byte[] FromPrivateKey(byte[] privateKey)
        {
            return FromPublicKey(Secp256k1.GetPublicKey(privateKey));
        }
    }
}
