namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>
    /// Incremental HMAC-SHA256 (RFC 2104) over preallocated buffers. RFC 6979 re-keys it several times per
    /// signature, so keying copies the key into its own pad block: the caller may then overwrite the key
    /// array with the MAC itself (K = HMAC_K(...)), as the RFC's steps do. Not thread-safe.
    /// </summary>
    internal sealed class HmacSha256Engine
    {
        private const int BlockSize = 64;

        private readonly Sha256Engine inner = new Sha256Engine();
        private readonly Sha256Engine outer = new Sha256Engine();
        private readonly byte[] keyBlock = new byte[BlockSize];
        private readonly byte[] innerHash = new byte[Sha256.HashSize];

        /// <summary>Starts a MAC under <paramref name="length"/> bytes of <paramref name="key"/> from <paramref name="offset"/>.</summary>
        public void Start(byte[] key, int offset, int length)
        {
            if (length > BlockSize)
            {
                // RFC 2104: keys longer than the block are hashed first.
                inner.Reset();
                inner.Update(key, offset, length);
                inner.Finish(keyBlock, 0);
                length = Sha256.HashSize;
            }
            else
            {
                for (int i = 0; i < length; i++)
                {
                    keyBlock[i] = key[offset + i];
                }
            }

            for (int i = length; i < BlockSize; i++)
            {
                keyBlock[i] = 0;
            }

            inner.Reset();
            for (int i = 0; i < BlockSize; i++)
            {
                inner.Update((byte)(keyBlock[i] ^ 0x36));
            }
        }

        /// <summary>Adds one byte to the message.</summary>
        public void Update(byte value)
        {
            inner.Update(value);
        }

        /// <summary>Adds <paramref name="length"/> bytes of <paramref name="data"/> from <paramref name="offset"/> to the message.</summary>
        public void Update(byte[] data, int offset, int length)
        {
            inner.Update(data, offset, length);
        }

        /// <summary>Writes the 32-byte MAC to <paramref name="output"/> at <paramref name="offset"/>.</summary>
        public void Finish(byte[] output, int offset)
        {
            inner.Finish(innerHash, 0);
            outer.Reset();
            for (int i = 0; i < BlockSize; i++)
            {
                outer.Update((byte)(keyBlock[i] ^ 0x5c));
            }

            outer.Update(innerHash, 0, innerHash.Length);
            outer.Finish(output, offset);
        }
    }
}
