using System.Globalization;
using System.Text.Json;
using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Vectors
{
    /// <summary>The vectors' two value formats: every integer a decimal string, every byte string 0x-hex (PROTOCOL.md §9).</summary>
    internal static class JsonWriting
    {
        public static void WriteHex(this Utf8JsonWriter writer, string name, byte[] value)
        {
            writer.WriteString(name, Hex.Encode(value));
        }

        public static void WriteDecimal(this Utf8JsonWriter writer, string name, ulong value)
        {
            writer.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        }

        public static void WriteDecimal(this Utf8JsonWriter writer, string name, long value)
        {
            writer.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        }
    }
}
