using System;
using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Firmware.Core.Device
{
    /// <summary>
    /// The device's secp256k1 key and the Ethereum address derived from it, which is the device's identity in
    /// the registry, on the wire and in its MQTT topics. The key never leaves this object.
    /// </summary>
    public sealed class DeviceIdentity
    {
        private readonly byte[] privateKey;
        private readonly byte[] address;

        /// <summary>Creates the identity of a private key, deriving its address once.</summary>
        /// <param name="privateKey">32 bytes in [1, n - 1]; copied.</param>
        /// <exception cref="ArgumentException">The key is not a valid secp256k1 private key.</exception>
        public DeviceIdentity(byte[] privateKey)
        {
            if (!Secp256k1.IsValidPrivateKey(privateKey))
            {
                throw new ArgumentException("not a valid secp256k1 private key", nameof(privateKey));
            }

            this.privateKey = new byte[Secp256k1.PrivateKeySize];
            Array.Copy(privateKey, this.privateKey, Secp256k1.PrivateKeySize);
            address = EthAddress.FromPrivateKey(this.privateKey);
            AddressHex = Hex.Encode(address);
        }

        /// <summary>A copy of the device's 20-byte address.</summary>
        public byte[] Address
        {
            get
            {
                byte[] copy = new byte[EthAddress.Size];
                Array.Copy(address, copy, EthAddress.Size);
                return copy;
            }
        }

        /// <summary>The address as lower-case 0x-hex: the MQTT client id and the {device} of its topics.</summary>
        public string AddressHex { get; }

        /// <summary>Signs a 32-byte digest (r ‖ s ‖ v, low s, RFC 6979).</summary>
        /// <param name="digest32">The digest, e.g. an EIP-712 digest.</param>
        /// <returns>A new 65-byte signature.</returns>
        /// <exception cref="ArgumentException">The digest is not 32 bytes.</exception>
        public byte[] Sign(byte[] digest32)
        {
            return Secp256k1.Sign(digest32, privateKey);
        }

        /// <summary>Signs a 32-byte digest into a caller's buffer, allocating nothing.</summary>
        /// <param name="digest32">The digest.</param>
        /// <param name="output">Receives the 65-byte signature.</param>
        /// <param name="offset">Where in <paramref name="output"/>.</param>
        public void Sign(byte[] digest32, byte[] output, int offset)
        {
            Secp256k1.Sign(digest32, privateKey, output, offset);
        }
    }
}
