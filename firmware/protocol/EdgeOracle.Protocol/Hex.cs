using System;
using System.Buffers;

namespace EdgeOracle.Protocol;

/// <summary>Fixed-length hex parsing shared by the value types.</summary>
internal static class Hex
{
    /// <summary>Decodes exactly <c>destination.Length</c> bytes from hex of any case, with or without <c>0x</c>.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        return text.Length == destination.Length * 2
            && Convert.FromHexString(text, destination, out _, out var written) == OperationStatus.Done
            && written == destination.Length;
    }
}
