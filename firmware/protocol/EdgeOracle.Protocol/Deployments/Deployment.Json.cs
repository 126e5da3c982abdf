using System;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace EdgeOracle.Protocol.Deployments;

// Reading and writing the one file shape. Hand-written over JsonDocument / Utf8JsonWriter so that each problem gets a
// sentence naming the file and the field, and so the file holds addresses as the deploy script writes them.
public sealed partial record Deployment
{
    private const string ExpectedShape =
        "{ \"chainId\": …, \"deploymentBlock\": …, \"deployer\": \"0x…\", \"contracts\": { \"DeviceRegistry\": \"0x…\", … } }";

    /// <summary>Reads the deployment file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">
    /// The file is missing or unreadable, is not JSON, is in another shape, or holds a missing or invalid field; the
    /// message names the file and the problem.
    /// </exception>
    public static Deployment Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Deployment file '{path}' cannot be read: {exception.Message}", exception);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"Deployment file '{path}' is not JSON: {exception.Message}", exception);
        }

        using (document)
        {
            return Parse(document.RootElement, path);
        }
    }

    /// <summary>Writes the deployment to <paramref name="path"/> in the one shape, creating its folder; absent contracts are left out.</summary>
    public void Write(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        // Write-then-rename so that a reader never sees half a file.
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("chainId", ChainId);
            writer.WriteNumber("deploymentBlock", DeploymentBlock);
            writer.WriteString("deployer", Deployer.ToString());
            writer.WriteStartObject("contracts");
            foreach (var name in DeploymentContracts.Names)
            {
                if (Contracts[name] is { } address)
                {
                    writer.WriteString(name, address.ToString());
                }
            }

            writer.WriteEndObject();
            if (Tokens.Count != 0)
            {
                writer.WriteStartArray("tokens");
                foreach (var token in Tokens)
                {
                    writer.WriteStartObject();
                    writer.WriteString("address", token.Address.ToString());
                    writer.WriteString("symbol", token.Symbol);
                    writer.WriteString("name", token.Name);
                    writer.WriteString("version", token.Version);
                    writer.WriteNumber("decimals", token.Decimals);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static Deployment Parse(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"Deployment file '{path}' is not a JSON object; expected {ExpectedShape}.");
        }

        if (!root.TryGetProperty("contracts", out var contracts))
        {
            var flat = root.TryGetProperty(nameof(DeploymentContracts.DeviceRegistry), out _);
            throw new InvalidDataException(flat
                ? $"Deployment file '{path}' is in the old flat shape (contract names at the top level); expected {ExpectedShape}, as contracts/script/Deploy.s.sol and edge-cli deploy write it."
                : $"Deployment file '{path}' has no \"contracts\" object; expected {ExpectedShape}.");
        }

        if (contracts.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"Deployment file '{path}': \"contracts\" is not an object of contract addresses.");
        }

        var addresses = new DeploymentContracts();
        foreach (var name in DeploymentContracts.Names)
        {
            if (contracts.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                addresses = addresses.With(name, ReadAddress(value, path, "contracts." + name));
            }
        }

        return new Deployment
        {
            ChainId = ReadInteger(root, path, "chainId"),
            DeploymentBlock = ReadInteger(root, path, "deploymentBlock"),
            Deployer = root.TryGetProperty("deployer", out var deployer)
                ? ReadAddress(deployer, path, "deployer")
                : throw Missing(path, "deployer"),
            Contracts = addresses,
            Tokens = root.TryGetProperty("tokens", out var tokens) ? ReadTokens(tokens, path) : DeploymentTokens.Empty,
            SourcePath = path,
        };
    }

    private static DeploymentTokens ReadTokens(JsonElement tokens, string path)
    {
        if (tokens.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"Deployment file '{path}': \"tokens\" is not an array of {{ \"address\", \"symbol\", \"name\", \"version\", \"decimals\" }}.");
        }

        var read = new System.Collections.Generic.List<DeploymentToken>();
        var index = 0;
        foreach (var token in tokens.EnumerateArray())
        {
            var field = $"tokens[{index++}]";
            if (token.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"Deployment file '{path}': \"{field}\" is not an object.");
            }

            var address = token.TryGetProperty("address", out var value) ? ReadAddress(value, path, field + ".address") : throw Missing(path, field + ".address");
            if (read.Exists(t => t.Address == address))
            {
                throw new InvalidDataException($"Deployment file '{path}': \"{field}\" lists token {address} a second time.");
            }

            var decimals = (int)ReadInteger(token, path, "decimals", field);
            read.Add(new DeploymentToken(
                address, ReadText(token, path, "symbol", field), ReadText(token, path, "name", field), ReadText(token, path, "version", field),
                decimals <= 77 ? decimals : throw new InvalidDataException($"Deployment file '{path}': \"{field}.decimals\" is {decimals}, more than a uint256 can scale.")));
        }

        return new DeploymentTokens(read);
    }

    private static string ReadText(JsonElement parent, string path, string name, string owner) =>
        parent.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(value.GetString())
                ? value.GetString()!
                : throw new InvalidDataException($"Deployment file '{path}': \"{owner}.{name}\" is {value.GetRawText()}, not a non-empty string.")
            : throw Missing(path, owner + "." + name);

    private static long ReadInteger(JsonElement parent, string path, string name, string owner)
    {
        var field = owner + "." + name;
        if (!parent.TryGetProperty(name, out var value))
        {
            throw Missing(path, field);
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0
            ? number
            : throw new InvalidDataException($"Deployment file '{path}': \"{field}\" is {value.GetRawText()}, not a non-negative integer.");
    }

    private static long ReadInteger(JsonElement root, string path, string field)
    {
        if (!root.TryGetProperty(field, out var value))
        {
            throw Missing(path, field);
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0
            ? number
            : throw new InvalidDataException(
                $"Deployment file '{path}': \"{field}\" is {value.GetRawText()}, not a non-negative integer.");
    }

    private static Address ReadAddress(JsonElement value, string path, string field) =>
        value.ValueKind == JsonValueKind.String && Address.TryParse(value.GetString(), out var address)
            ? address
            : throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture, $"Deployment file '{path}': \"{field}\" is {value.GetRawText()}, not a 20-byte 0x address."));

    private static InvalidDataException Missing(string path, string field) =>
        new($"Deployment file '{path}' has no \"{field}\"; expected {ExpectedShape}.");
}
