using System;
using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Firmware.Core.Tests.Crypto
{
    /// <summary>
    /// 1,000 random keys and digests signed once by the core and shared by the cross-check tests, so that each
    /// independent implementation is asked about the same signatures without signing them again.
    /// </summary>
    public sealed class RandomSignatures
    {
        public const int Count = 1000;

        public RandomSignatures()
        {
            Random random = new Random(20240611);
            Keys = new byte[Count][];
            Digests = new byte[Count][];
            PublicKeys = new byte[Count][];
            Addresses = new byte[Count][];
            Signatures = new byte[Count][];
            for (int i = 0; i < Count; i++)
            {
                byte[] key = new byte[32];
                do
                {
                    random.NextBytes(key);
                }
                while (!Secp256k1.IsValidPrivateKey(key));

                byte[] digest = new byte[32];
                random.NextBytes(digest);
                Keys[i] = key;
                Digests[i] = digest;
                PublicKeys[i] = Secp256k1.GetPublicKey(key);
                Addresses[i] = EthAddress.FromPublicKey(PublicKeys[i]);
                Signatures[i] = Secp256k1.Sign(digest, key);
            }
        }

        public byte[][] Keys { get; }

        public byte[][] Digests { get; }

        public byte[][] PublicKeys { get; }

        public byte[][] Addresses { get; }

        public byte[][] Signatures { get; }
    }
}
