using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>
    /// The customer's side of a tap-to-pay (PROTOCOL.md §3): an EIP-3009 ReceiveWithAuthorization signed on the
    /// token's own domain, with to = PaymentHub, value = intent amount and nonce = intent digest.
    /// The core carries it so that emulated wallets and test vectors sign exactly what the token verifies.
    /// </summary>
    public sealed class ReceiveAuthorization
    {
        /// <summary>The EIP-712 type string of EIP-3009's receiveWithAuthorization.</summary>
        public const string TypeString = "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)";

        /// <summary>keccak256 of <see cref="TypeString"/>.</summary>
        public static readonly byte[] TypeHash = Keccak256.Hash(Utf8.GetBytes(TypeString));

        /// <summary>The paying customer's 20-byte address.</summary>
        public byte[] From { get; set; } = new byte[20];

        /// <summary>Who may execute the authorization: PaymentHub's address.</summary>
        public byte[] To { get; set; } = new byte[20];

        /// <summary>Amount in the token's minor units (the intent's amount).</summary>
        public ulong Value { get; set; }

        /// <summary>Unix seconds after which the authorization becomes valid (exclusive).</summary>
        public ulong ValidAfter { get; set; }

        /// <summary>Unix seconds before which the authorization must be used (exclusive).</summary>
        public ulong ValidBefore { get; set; }

        /// <summary>The 32-byte nonce: the payment intent's digest.</summary>
        public byte[] Nonce { get; set; } = new byte[32];

        /// <summary>keccak256(typeHash ‖ abi-encoded fields).</summary>
        /// <returns>A new 32-byte struct hash.</returns>
        public byte[] StructHash()
        {
            byte[] encoded = new byte[7 * AbiWords.WordSize];
            AbiWords.Bytes32(encoded, 0, TypeHash, nameof(TypeHash));
            AbiWords.Address(encoded, 32, From, nameof(From));
            AbiWords.Address(encoded, 64, To, nameof(To));
            AbiWords.UInt(encoded, 96, Value);
            AbiWords.UInt(encoded, 128, ValidAfter);
            AbiWords.UInt(encoded, 160, ValidBefore);
            AbiWords.Bytes32(encoded, 192, Nonce, nameof(Nonce));
            return Keccak256.Hash(encoded);
        }

        /// <summary>The digest the customer signs, under the token's domain (not the deployment's).</summary>
        /// <param name="tokenDomain">The token's EIP-712 domain (its name, version, chain id and address).</param>
        /// <returns>A new 32-byte digest.</returns>
        public byte[] Digest(Eip712Domain tokenDomain)
        {
            return Eip712.Digest(tokenDomain, StructHash());
        }
    }
}
