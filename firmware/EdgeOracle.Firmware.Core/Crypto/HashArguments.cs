using System;

namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>Argument checks shared by the hash functions' buffer-and-offset overloads.</summary>
    internal static class HashArguments
    {
        /// <summary>Throws unless data[offset..offset+length) and output[outputOffset..+size) are inside their arrays.</summary>
        public static void Check(byte[] data, int offset, int length, byte[] output, int outputOffset, int size)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            if (offset < 0 || length < 0 || offset > data.Length - length)
            {
                throw new ArgumentOutOfRangeException(nameof(length));
            }

            if (outputOffset < 0 || outputOffset > output.Length - size)
            {
                throw new ArgumentOutOfRangeException(nameof(outputOffset));
            }
        }
    }
}
