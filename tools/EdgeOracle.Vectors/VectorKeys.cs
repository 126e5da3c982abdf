using System.Text;
using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Vectors
{
    /// <summary>
    /// The fixed keys and addresses of the vectors. Keys are keccak256("edgeoracle/vector/" + label), so anyone
    /// can re-derive them; contract addresses are small fixed numbers that no real deployment will have.
    /// </summary>
    public static class VectorKeys
    {
        /// <summary>Chain id of the vectors (the local anvil chain).</summary>
        public const ulong ChainId = 31337;

        /// <summary>Where the vectors' key labels start.</summary>
        public const string KeyPrefix = "edgeoracle/vector/";

        /// <summary>The DeviceRegistry address used as verifyingContract of the deployment domain.</summary>
        public static readonly byte[] DeviceRegistry = Hex.Decode("0x00000000000000000000000000000000000e0e0e");

        /// <summary>The EIP-3009 test token ("Test USD").</summary>
        public static readonly byte[] Token = Hex.Decode("0x00000000000000000000000000000000000e0e01");

        /// <summary>The payment contract (PaymentHub), the <c>to</c> of every customer authorization.</summary>
        public static readonly byte[] Router = Hex.Decode("0x00000000000000000000000000000000000e0e02");

        /// <summary>The private key of a label: keccak256(UTF-8 of "edgeoracle/vector/" + label).</summary>
        /// <param name="label">e.g. "sensor/1".</param>
        /// <returns>A 32-byte key.</returns>
        public static byte[] Key(string label)
        {
            byte[] key = Keccak256.Hash(Encoding.UTF8.GetBytes(KeyPrefix + label));
            if (!Secp256k1.IsValidPrivateKey(key))
            {
                throw new System.InvalidOperationException("label " + label + " gives an invalid key; pick another");
            }

            return key;
        }

        /// <summary>The address of a label's key.</summary>
        /// <param name="label">e.g. "merchant/1".</param>
        /// <returns>20 bytes.</returns>
        public static byte[] Address(string label)
        {
            return EthAddress.FromPrivateKey(Key(label));
        }
    }
}
