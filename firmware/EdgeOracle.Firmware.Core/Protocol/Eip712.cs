using System;
using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>The EIP-712 signing digest: keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ structHash).</summary>
    public static class Eip712
    {
        /// <summary>Computes the digest a device signs.</summary>
        /// <param name="domainSeparator">The 32-byte domain separator.</param>
        /// <param name="structHash">The 32-byte struct hash.</param>
        /// <returns>A new 32-byte digest.</returns>
        /// <exception cref="ArgumentException">An input is not 32 bytes.</exception>
        public static byte[] Digest(byte[] domainSeparator, byte[] structHash)
        {
            AbiWords.CheckLength(domainSeparator, 32, nameof(domainSeparator));
            AbiWords.CheckLength(structHash, 32, nameof(structHash));
            byte[] buffer = new byte[66];
            buffer[0] = 0x19;
            buffer[1] = 0x01;
            Array.Copy(domainSeparator, 0, buffer, 2, 32);
            Array.Copy(structHash, 0, buffer, 34, 32);
            Keccak256.Hash(buffer, 0, buffer.Length, buffer, 0);
            return BigEndian.Slice(buffer, 0, 32);
        }

        /// <summary>Computes the digest of <paramref name="structHash"/> under <paramref name="domain"/>.</summary>
        /// <param name="domain">The signing domain.</param>
        /// <param name="structHash">The 32-byte struct hash.</param>
        /// <returns>A new 32-byte digest.</returns>
        public static byte[] Digest(Eip712Domain domain, byte[] structHash)
        {
            if (domain == null)
            {
                throw new ArgumentNullException(nameof(domain));
            }

            return Digest(domain.SeparatorReference, structHash);
        }
    }
}
