using System;

namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>
    /// Writes the 32-byte ABI words that EIP-712 struct hashes are made of: addresses and unsigned integers
    /// left-padded with zeros, int64 sign-extended, bytes32 as is. Callers hand in zeroed buffers for speed only
    /// where noted; every method here writes all 32 bytes of its word.
    /// </summary>
    internal static class AbiWords
    {
        /// <summary>Size of one ABI word.</summary>
        public const int WordSize = 32;

        /// <summary>Writes a 20-byte address, left-padded.</summary>
        public static void Address(byte[] buffer, int offset, byte[] address, string name)
        {
            CheckLength(address, 20, name);
            Clear(buffer, offset, 12);
            Array.Copy(address, 0, buffer, offset + 12, 20);
        }

        /// <summary>Writes an unsigned integer (uint32, uint64 or a uint256 below 2^64), left-padded.</summary>
        public static void UInt(byte[] buffer, int offset, ulong value)
        {
            Clear(buffer, offset, 24);
            BigEndian.WriteUInt64(buffer, offset + 24, value);
        }

        /// <summary>Writes an int64 sign-extended to 256 bits, as abi.encode does.</summary>
        public static void Int64(byte[] buffer, int offset, long value)
        {
            byte fill = value < 0 ? (byte)0xFF : (byte)0x00;
            for (int i = 0; i < 24; i++)
            {
                buffer[offset + i] = fill;
            }

            BigEndian.WriteUInt64(buffer, offset + 24, (ulong)value);
        }

        /// <summary>Writes a bytes32 value as is.</summary>
        public static void Bytes32(byte[] buffer, int offset, byte[] value, string name)
        {
            CheckLength(value, 32, name);
            Array.Copy(value, 0, buffer, offset, 32);
        }

        /// <summary>Throws an <see cref="ArgumentException"/> naming the field unless it has exactly <paramref name="length"/> bytes.</summary>
        public static void CheckLength(byte[] value, int length, string name)
        {
            if (value == null || value.Length != length)
            {
                throw new ArgumentException(name + " must be " + length + " bytes", name);
            }
        }

        private static void Clear(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = 0;
            }
        }
    }
}
