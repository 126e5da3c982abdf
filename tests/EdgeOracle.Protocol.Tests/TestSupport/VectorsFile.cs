using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace EdgeOracle.Protocol.Tests.TestSupport;

/// <summary>firmware/protocol/vectors.json (PROTOCOL.md §9), written by the firmware core: the other implementation.</summary>
public static class VectorsFile
{
    private static readonly Lazy<JsonElement> Shared = new(Load);

    public static JsonElement Root => Shared.Value;

    public static IReadOnlyList<JsonElement> Array(string name) => [.. Root.GetProperty(name).EnumerateArray()];

    public static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static ulong UInt(JsonElement element, string name) => ulong.Parse(Text(element, name), System.Globalization.CultureInfo.InvariantCulture);

    public static byte[] Bytes(JsonElement element, string name) => Convert.FromHexString(Text(element, name).AsSpan(2));

    private static JsonElement Load()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var path = Path.Combine(folder.FullName, "firmware", "protocol", "vectors.json");
            if (File.Exists(path))
            {
                return JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();
            }
        }

        throw new FileNotFoundException("firmware/protocol/vectors.json was not found above " + AppContext.BaseDirectory);
    }
}
