using System;

namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>HMAC-SHA256 (RFC 2104), the pseudo-random function of RFC 6979 deterministic nonces.</summary>
    public static class HmacSha256
    {
        /// <summary>Size of an HMAC-SHA256 tag in bytes.</summary>
        public const int MacSize = 32;

        /// <summary>Computes HMAC-SHA256 of <paramref name="data"/> under <paramref name="key"/>.</summary>
        /// <param name="key">The key, of any length.</param>
        /// <param name="data">The message.</param>
        /// <returns>A new 32-byte array.</returns>
        public static byte[] Compute(byte[] key, byte[] data)
        {
            if (key == null)
            {
                throw new ArgumentNullException(nameof(key));
            }

            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            byte[] output = new byte[MacSize];
            HmacSha256Engine engine = new HmacSha256Engine();
            engine.Start(key, 0, key.Length);
            engine.Update(data, 0, data.Length);
            engine.Finish(output, 0);
            return output;
        }
    }
}
