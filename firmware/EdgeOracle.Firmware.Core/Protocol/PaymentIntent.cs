using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>
    /// A point-of-sale terminal's signed offer to be paid (PROTOCOL.md §3). The customer's EIP-3009 authorization
    /// uses this intent's digest as its nonce, which binds the money to exactly one intent.
    /// </summary>
    public sealed class PaymentIntent
    {
        /// <summary>The EIP-712 type string, exactly as signed.</summary>
        public const string TypeString = "PaymentIntent(address terminal,address merchant,address token,uint256 amount,uint64 expiry,bytes32 orderRef,uint64 sequence,bytes32 prevHash)";

        /// <summary>Size of the fixed-width wire body in bytes.</summary>
        public const int BodySize = 172;

        /// <summary>keccak256 of <see cref="TypeString"/>.</summary>
        public static readonly byte[] TypeHash = Keccak256.Hash(Utf8.GetBytes(TypeString));

        /// <summary>The signing terminal's 20-byte address.</summary>
        public byte[] Terminal { get; set; } = new byte[20];

        /// <summary>Who is paid: the terminal's owner in the registry.</summary>
        public byte[] Merchant { get; set; } = new byte[20];

        /// <summary>The EIP-3009 settlement token's address.</summary>
        public byte[] Token { get; set; } = new byte[20];

        /// <summary>Price in the token's minor units; a uint256 on the wire and in the signature, below 2^64 here.</summary>
        public ulong Amount { get; set; }

        /// <summary>Unix seconds after which the intent may not settle.</summary>
        public ulong Expiry { get; set; }

        /// <summary>The merchant's 32-byte order reference.</summary>
        public byte[] OrderRef { get; set; } = new byte[32];

        /// <summary>Per-device message number (§5).</summary>
        public ulong Sequence { get; set; }

        /// <summary>Digest of the device's previous message; 32 zero bytes for its first.</summary>
        public byte[] PrevHash { get; set; } = new byte[32];

        /// <summary>keccak256(typeHash ‖ abi-encoded fields).</summary>
        /// <returns>A new 32-byte struct hash.</returns>
        /// <exception cref="System.ArgumentException">An address is not 20 bytes or a bytes32 field not 32.</exception>
        public byte[] StructHash()
        {
            byte[] encoded = new byte[9 * AbiWords.WordSize];
            AbiWords.Bytes32(encoded, 0, TypeHash, nameof(TypeHash));
            AbiWords.Address(encoded, 32, Terminal, nameof(Terminal));
            AbiWords.Address(encoded, 64, Merchant, nameof(Merchant));
            AbiWords.Address(encoded, 96, Token, nameof(Token));
            AbiWords.UInt(encoded, 128, Amount);
            AbiWords.UInt(encoded, 160, Expiry);
            AbiWords.Bytes32(encoded, 192, OrderRef, nameof(OrderRef));
            AbiWords.UInt(encoded, 224, Sequence);
            AbiWords.Bytes32(encoded, 256, PrevHash, nameof(PrevHash));
            return Keccak256.Hash(encoded);
        }

        /// <summary>The EIP-712 digest of this intent under <paramref name="domain"/>: what the terminal signs.</summary>
        /// <param name="domain">The deployment's domain.</param>
        /// <returns>A new 32-byte digest.</returns>
        public byte[] Digest(Eip712Domain domain)
        {
            return Eip712.Digest(domain, StructHash());
        }
    }
}
