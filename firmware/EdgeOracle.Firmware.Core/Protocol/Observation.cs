using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>
    /// A sensor's signed aggregate over a time window (PROTOCOL.md §3). Field order, widths and the type string
    /// are part of the protocol: the Solidity struct and the wire body follow them field for field.
    /// </summary>
    public sealed class Observation
    {
        /// <summary>The EIP-712 type string, exactly as signed.</summary>
        public const string TypeString = "Observation(address device,uint64 sequence,uint32 metric,uint64 windowStart,uint64 windowEnd,int64 value,uint32 sampleCount,uint32 flags,bytes32 prevHash)";

        /// <summary>Size of the fixed-width wire body in bytes.</summary>
        public const int BodySize = 96;

        /// <summary>keccak256 of <see cref="TypeString"/>.</summary>
        public static readonly byte[] TypeHash = Keccak256.Hash(Utf8.GetBytes(TypeString));

        /// <summary>The signing sensor's 20-byte address.</summary>
        public byte[] Device { get; set; } = new byte[20];

        /// <summary>Per-device message number (§5).</summary>
        public ulong Sequence { get; set; }

        /// <summary>What was measured: a code from <see cref="Metrics"/>.</summary>
        public uint Metric { get; set; }

        /// <summary>Start of the aggregation window, Unix seconds, inclusive.</summary>
        public ulong WindowStart { get; set; }

        /// <summary>End of the window, Unix seconds, exclusive; must exceed <see cref="WindowStart"/>.</summary>
        public ulong WindowEnd { get; set; }

        /// <summary>The aggregate, as an integer in the metric's unit.</summary>
        public long Value { get; set; }

        /// <summary>How many raw samples the value aggregates.</summary>
        public uint SampleCount { get; set; }

        /// <summary>Sensor health bits (<see cref="ObservationFlags"/>); 0 is healthy.</summary>
        public uint Flags { get; set; }

        /// <summary>Digest of the device's previous message; 32 zero bytes for its first.</summary>
        public byte[] PrevHash { get; set; } = new byte[32];

        /// <summary>True when the fields are in range: windowEnd &gt; windowStart and no reserved flag bit set.</summary>
        public bool IsWellFormed
        {
            get { return WindowEnd > WindowStart && !ObservationFlags.HasReservedBits(Flags); }
        }

        /// <summary>keccak256(typeHash ‖ abi-encoded fields).</summary>
        /// <returns>A new 32-byte struct hash.</returns>
        /// <exception cref="System.ArgumentException">Device is not 20 bytes or PrevHash not 32.</exception>
        public byte[] StructHash()
        {
            byte[] encoded = new byte[10 * AbiWords.WordSize];
            AbiWords.Bytes32(encoded, 0, TypeHash, nameof(TypeHash));
            AbiWords.Address(encoded, 32, Device, nameof(Device));
            AbiWords.UInt(encoded, 64, Sequence);
            AbiWords.UInt(encoded, 96, Metric);
            AbiWords.UInt(encoded, 128, WindowStart);
            AbiWords.UInt(encoded, 160, WindowEnd);
            AbiWords.Int64(encoded, 192, Value);
            AbiWords.UInt(encoded, 224, SampleCount);
            AbiWords.UInt(encoded, 256, Flags);
            AbiWords.Bytes32(encoded, 288, PrevHash, nameof(PrevHash));
            return Keccak256.Hash(encoded);
        }

        /// <summary>The EIP-712 digest of this observation under <paramref name="domain"/>: what the device signs.</summary>
        /// <param name="domain">The deployment's domain.</param>
        /// <returns>A new 32-byte digest.</returns>
        public byte[] Digest(Eip712Domain domain)
        {
            return Eip712.Digest(domain, StructHash());
        }
    }
}
