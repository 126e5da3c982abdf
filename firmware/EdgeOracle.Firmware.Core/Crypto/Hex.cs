using System;

namespace EdgeOracle.Firmware.Core.Crypto
{
    /// <summary>Hex as the protocol writes it: lower-case with a 0x prefix.</summary>
    public static class Hex
    {
        private const string Digits = "0123456789abcdef";

        /// <summary>Encodes bytes as "0x" followed by two lower-case digits per byte.</summary>
        /// <param name="data">The bytes; an empty array gives "0x".</param>
        /// <returns>The hex string.</returns>
        public static string Encode(byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            char[] chars = new char[2 + (data.Length * 2)];
            chars[0] = '0';
            chars[1] = 'x';
            for (int i = 0; i < data.Length; i++)
            {
                chars[2 + (2 * i)] = Digits[data[i] >> 4];
                chars[3 + (2 * i)] = Digits[data[i] & 0xF];
            }

            return new string(chars);
        }

        /// <summary>Decodes hex digits (either case), with or without a leading "0x" or "0X".</summary>
        /// <param name="hex">The hex string; must have an even number of digits.</param>
        /// <returns>The bytes.</returns>
        /// <exception cref="ArgumentException">The string is null, has an odd number of digits or a non-hex character.</exception>
        public static byte[] Decode(string hex)
        {
            if (hex == null)
            {
                throw new ArgumentException("hex string is null", nameof(hex));
            }

            int start = hex.Length >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X') ? 2 : 0;
            int digits = hex.Length - start;
            if ((digits & 1) != 0)
            {
                throw new ArgumentException("hex string has an odd number of digits", nameof(hex));
            }

            byte[] result = new byte[digits / 2];
            for (int i = 0; i < result.Length; i++)
            {
                int high = DigitValue(hex[start + (2 * i)]);
                int low = DigitValue(hex[start + (2 * i) + 1]);
                if (high < 0 || low < 0)
                {
                    throw new ArgumentException("hex string has a character that is not a hex digit", nameof(hex));
                }

                result[i] = (byte)((high << 4) | low);
            }

            return result;
        }

        private static int DigitValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }
    }
}
