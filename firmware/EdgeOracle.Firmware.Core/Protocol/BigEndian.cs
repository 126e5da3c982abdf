namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>Big-endian integer reads and writes for the wire format (mscorlib on the device has no BinaryPrimitives).</summary>
    internal static class BigEndian
    {
        /// <summary>Writes <paramref name="value"/> as 8 big-endian bytes.</summary>
        public static void WriteUInt64(byte[] buffer, int offset, ulong value)
        {
            for (int i = 7; i >= 0; i--)
            {
                buffer[offset + i] = (byte)value;
                value >>= 8;
            }
        }

        /// <summary>Writes <paramref name="value"/> as 4 big-endian bytes.</summary>
        public static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)(value >> 24);
            buffer[offset + 1] = (byte)(value >> 16);
            buffer[offset + 2] = (byte)(value >> 8);
            buffer[offset + 3] = (byte)value;
        }

        /// <summary>Reads 8 big-endian bytes.</summary>
        public static ulong ReadUInt64(byte[] buffer, int offset)
        {
            ulong value = 0;
            for (int i = 0; i < 8; i++)
            {
                value = (value << 8) | buffer[offset + i];
            }

            return value;
        }

        /// <summary>Reads 4 big-endian bytes.</summary>
        public static uint ReadUInt32(byte[] buffer, int offset)
        {
            return ((uint)buffer[offset] << 24) | ((uint)buffer[offset + 1] << 16) | ((uint)buffer[offset + 2] << 8) | buffer[offset + 3];
        }

        /// <summary>Copies <paramref name="length"/> bytes out of <paramref name="buffer"/> into a new array.</summary>
        public static byte[] Slice(byte[] buffer, int offset, int length)
        {
            byte[] result = new byte[length];
            System.Array.Copy(buffer, offset, result, 0, length);
            return result;
        }
    }
}
