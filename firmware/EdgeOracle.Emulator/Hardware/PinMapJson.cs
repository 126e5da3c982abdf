using System;
using System.IO;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeOracle.Emulator.Hardware
{
    /// <summary>What every board's pin map shares: the JSON rules and reading the copy embedded from <c>hardware/</c>.</summary>
    internal static class PinMapJson
    {
        private static readonly JsonSerializerOptions Options = new()
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
        };

        /// <summary>The text of an embedded pin map.</summary>
        public static string ReadEmbedded(string resourceName)
        {
            using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
                ?? throw new InvalidOperationException($"The embedded resource {resourceName} is missing; check EdgeOracle.Emulator.csproj.");
            using StreamReader reader = new(stream);
            return reader.ReadToEnd();
        }

        /// <summary>Parses a pin map; any JSON fault becomes a <see cref="FormatException"/> naming <paramref name="what"/>.</summary>
        public static T Parse<T>(string json, string what)
            where T : class
        {
            try
            {
                return JsonSerializer.Deserialize<T>(json, Options) ?? throw new FormatException($"The {what} pin map is empty.");
            }
            catch (JsonException e)
            {
                throw new FormatException($"The {what} pin map is not valid: " + e.Message, e);
            }
        }
    }
}
