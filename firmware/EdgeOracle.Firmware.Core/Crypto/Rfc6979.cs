namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>
    /// Deterministic ECDSA nonces (RFC 6979 section 3.2) with HMAC-SHA256, for secp256k1 where the order and the
    /// hash are both 256 bits long, so bits2int is the identity and bits2octets is a reduction mod n. A device
    /// then never depends on its entropy source for signing: the same key and digest always give the same k.
    /// Allocates nothing; not thread-safe.
    /// </summary>
    internal sealed class Rfc6979
    {
        private readonly HmacSha256Engine hmac = new HmacSha256Engine();
        private readonly byte[] k = new byte[32];
        private readonly byte[] v = new byte[32];
        private bool started;

        /// <summary>Steps b to f: seeds K and V from the private key and the reduced message hash.</summary>
        /// <param name="privateKey">x as 32 big-endian bytes.</param>
        /// <param name="reducedHash">bits2octets(h1): the hash reduced mod n, 32 big-endian bytes.</param>
        public void Start(byte[] privateKey, byte[] reducedHash)
        {
            Start(privateKey, reducedHash, null, 0, 0);
        }

        /// <summary>
        /// Steps b to f with the additional data k' of section 3.6 appended after h1 in steps d and f: the
        /// "hedged" variant, where fresh entropy in k' makes the nonce unpredictable even if the same inputs recur,
        /// while a failed entropy source still leaves the deterministic construction.
        /// </summary>
        /// <param name="privateKey">x as 32 big-endian bytes.</param>
        /// <param name="reducedHash">bits2octets(h1), 32 bytes.</param>
        /// <param name="extra">k', or null for plain RFC 6979.</param>
        /// <param name="extraOffset">Where k' starts.</param>
        /// <param name="extraLength">Its length in bytes.</param>
        public void Start(byte[] privateKey, byte[] reducedHash, byte[]? extra, int extraOffset, int extraLength)
        {
            for (int i = 0; i < 32; i++)
            {
                v[i] = 0x01;
                k[i] = 0x00;
            }

            Mix(0x00, privateKey, reducedHash, extra, extraOffset, extraLength);
            Mix(0x01, privateKey, reducedHash, extra, extraOffset, extraLength);
            started = false;
        }

        /// <summary>
        /// Step h: writes the next candidate nonce (32 big-endian bytes) to <paramref name="candidate"/>. The
        /// caller rejects candidates outside [1, n - 1] (or that give r = 0 or s = 0) and asks again.
        /// </summary>
        public void Next(byte[] candidate)
        {
            if (started)
            {
                // The previous candidate was refused: K = HMAC_K(V || 0x00), V = HMAC_K(V).
                hmac.Start(k, 0, 32);
                hmac.Update(v, 0, 32);
                hmac.Update(0x00);
                hmac.Finish(k, 0);
                UpdateV();
            }

            started = true;
            UpdateV();
            for (int i = 0; i < 32; i++)
            {
                candidate[i] = v[i];
            }
        }

        // K = HMAC_K(V || marker || x || h1 [|| k']), then V = HMAC_K(V).
        private void Mix(byte marker, byte[] privateKey, byte[] reducedHash, byte[]? extra, int extraOffset, int extraLength)
        {
            hmac.Start(k, 0, 32);
            hmac.Update(v, 0, 32);
            hmac.Update(marker);
            hmac.Update(privateKey, 0, 32);
            hmac.Update(reducedHash, 0, 32);
            if (extra != null && extraLength > 0)
            {
                hmac.Update(extra, extraOffset, extraLength);
            }

            hmac.Finish(k, 0);
            UpdateV();
        }

        private void UpdateV()
        {
            hmac.Start(k, 0, 32);
            hmac.Update(v, 0, 32);
            hmac.Finish(v, 0);
        }
    }
}
