using System;

namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>SHA-256 (FIPS 180-4). The core needs it for HMAC-SHA256, which drives RFC 6979 nonces.</summary>
    public static class Sha256
    {
        /// <summary>Size of a SHA-256 hash in bytes.</summary>
        public const int HashSize = 32;

        /// <summary>Hashes <paramref name="data"/> and returns the 32-byte digest.</summary>
        /// <param name="data">The bytes to hash.</param>
        /// <returns>A new 32-byte array.</returns>
        public static byte[] Hash(byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            byte[] output = new byte[HashSize];
            Hash(data, 0, data.Length, output, 0);
            return output;
        }

        /// <summary>
        /// Hashes <paramref name="length"/> bytes of <paramref name="data"/> from <paramref name="offset"/> and
        /// writes the digest to <paramref name="output"/> at <paramref name="outputOffset"/>.
        /// </summary>
        /// <param name="data">The buffer that holds the input.</param>
        /// <param name="offset">Where the input starts.</param>
        /// <param name="length">How many bytes to hash.</param>
        /// <param name="output">Receives the digest.</param>
        /// <param name="outputOffset">Where in <paramref name="output"/> the digest goes.</param>
        public static void Hash(byte[] data, int offset, int length, byte[] output, int outputOffset)
        {
            HashArguments.Check(data, offset, length, output, outputOffset, HashSize);

            Sha256Engine engine = new Sha256Engine();
            engine.Update(data, offset, length);
            engine.Finish(output, outputOffset);
        }
    }
}
