using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>
    /// An EIP-712 domain with the four fields the protocol uses (PROTOCOL.md §2):
    /// EIP712Domain(string name,string version,uint256 chainId,address verifyingContract).
    /// The separator is computed once, at construction.
    /// </summary>
    public sealed class Eip712Domain
    {
        /// <summary>The EIP-712 type string of the domain.</summary>
        public const string TypeString = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

        /// <summary>Name of the EdgeOracle deployment domain.</summary>
        public const string DeploymentName = "EdgeOracle";

        /// <summary>Version of the EdgeOracle deployment domain.</summary>
        public const string DeploymentVersion = "1";

        /// <summary>Size of the domain tag carried in envelope headers.</summary>
        public const int TagSize = 4;

        /// <summary>keccak256 of <see cref="TypeString"/>.</summary>
        public static readonly byte[] TypeHash = Keccak256.Hash(Utf8.GetBytes(TypeString));

        private readonly byte[] verifyingContract;
        private readonly byte[] separator;

        /// <summary>Creates a domain and computes its separator.</summary>
        /// <param name="name">The signing domain's name.</param>
        /// <param name="version">The signing domain's version.</param>
        /// <param name="chainId">The chain id.</param>
        /// <param name="verifyingContract">The 20-byte address of the contract that verifies signatures.</param>
        /// <exception cref="System.ArgumentException">A string is null or the address is not 20 bytes.</exception>
        public Eip712Domain(string name, string version, ulong chainId, byte[] verifyingContract)
        {
            if (name == null || version == null)
            {
                throw new System.ArgumentException("domain name and version are required");
            }

            AbiWords.CheckLength(verifyingContract, 20, nameof(verifyingContract));
            Name = name;
            Version = version;
            ChainId = chainId;
            this.verifyingContract = BigEndian.Slice(verifyingContract, 0, 20);

            byte[] encoded = new byte[5 * AbiWords.WordSize];
            AbiWords.Bytes32(encoded, 0, TypeHash, nameof(TypeHash));
            byte[] nameBytes = Utf8.GetBytes(name);
            Keccak256.Hash(nameBytes, 0, nameBytes.Length, encoded, 32);
            byte[] versionBytes = Utf8.GetBytes(version);
            Keccak256.Hash(versionBytes, 0, versionBytes.Length, encoded, 64);
            AbiWords.UInt(encoded, 96, chainId);
            AbiWords.Address(encoded, 128, verifyingContract, nameof(verifyingContract));
            separator = Keccak256.Hash(encoded);
        }

        /// <summary>The domain's name.</summary>
        public string Name { get; }

        /// <summary>The domain's version.</summary>
        public string Version { get; }

        /// <summary>The chain id.</summary>
        public ulong ChainId { get; }

        /// <summary>A copy of the verifying contract's 20-byte address.</summary>
        public byte[] VerifyingContract
        {
            get { return BigEndian.Slice(verifyingContract, 0, 20); }
        }

        /// <summary>A copy of the 32-byte domain separator.</summary>
        public byte[] Separator
        {
            get { return BigEndian.Slice(separator, 0, 32); }
        }

        /// <summary>A copy of the domain tag: the first 4 bytes of the separator, sent in every envelope header.</summary>
        public byte[] Tag
        {
            get { return BigEndian.Slice(separator, 0, TagSize); }
        }

        /// <summary>The domain of an EdgeOracle deployment: name "EdgeOracle", version "1", verified by the DeviceRegistry.</summary>
        /// <param name="chainId">The chain id (31337 on the local anvil chain).</param>
        /// <param name="deviceRegistry">The DeviceRegistry contract's 20-byte address.</param>
        /// <returns>The domain.</returns>
        public static Eip712Domain ForDeployment(ulong chainId, byte[] deviceRegistry)
        {
            return new Eip712Domain(DeploymentName, DeploymentVersion, chainId, deviceRegistry);
        }

        /// <summary>True when the 4 bytes of <paramref name="buffer"/> at <paramref name="offset"/> equal this domain's tag.</summary>
        /// <param name="buffer">A buffer holding a 4-byte tag, e.g. an envelope.</param>
        /// <param name="offset">Where the tag starts.</param>
        /// <returns>Whether the tags match.</returns>
        public bool MatchesTag(byte[] buffer, int offset)
        {
            if (buffer == null || offset < 0 || offset > buffer.Length - TagSize)
            {
                return false;
            }

            for (int i = 0; i < TagSize; i++)
            {
                if (buffer[offset + i] != separator[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The separator without copying, for hashing inside the core.</summary>
        internal byte[] SeparatorReference
        {
            get { return separator; }
        }
    }
}
