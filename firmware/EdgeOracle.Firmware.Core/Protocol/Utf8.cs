using System;

namespace EdgeOracle.Firmware.Core.Protocol
{
    /// <summary>
    /// UTF-8 encoding of strings for EIP-712 string fields (keccak256 of the UTF-8 bytes). The device's mscorlib
    /// has no System.Text.Encoding, so the core carries this small encoder.
    /// </summary>
    internal static class Utf8
    {
        /// <summary>Encodes <paramref name="text"/> as UTF-8; throws on an unpaired surrogate.</summary>
        public static byte[] GetBytes(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            byte[] buffer = new byte[text.Length * 3];
            int length = 0;
            for (int i = 0; i < text.Length; i++)
            {
                int c = text[i];
                if (c < 0x80)
                {
                    buffer[length++] = (byte)c;
                }
                else if (c < 0x800)
                {
                    buffer[length++] = (byte)(0xC0 | (c >> 6));
                    buffer[length++] = (byte)(0x80 | (c & 0x3F));
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    if (c > 0xDBFF || i + 1 >= text.Length || text[i + 1] < 0xDC00 || text[i + 1] > 0xDFFF)
                    {
                        throw new ArgumentException("string has an unpaired surrogate", nameof(text));
                    }

                    // A surrogate pair: two chars in, four bytes out, which fits the 3-bytes-per-char buffer.
                    int code = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
                    i++;
                    buffer[length++] = (byte)(0xF0 | (code >> 18));
                    buffer[length++] = (byte)(0x80 | ((code >> 12) & 0x3F));
                    buffer[length++] = (byte)(0x80 | ((code >> 6) & 0x3F));
                    buffer[length++] = (byte)(0x80 | (code & 0x3F));
                }
                else
                {
                    buffer[length++] = (byte)(0xE0 | (c >> 12));
                    buffer[length++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    buffer[length++] = (byte)(0x80 | (c & 0x3F));
                }
            }

            byte[] result = new byte[length];
            Array.Copy(buffer, 0, result, 0, length);
            return result;
        }
    }
}
