using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using EdgeOracle.Gateway.Anchoring;

namespace EdgeOracle.Gateway.Options;

/// <summary>
/// The addresses file of a deployment, named by <c>Chain:DeploymentFile</c>: what <c>contracts/script/Deploy.s.sol</c>
/// writes (<c>contracts/deployments/&lt;chainId&gt;.json</c>: <c>DeviceRegistry</c>, <c>TestStablecoin</c>,
/// <c>ParametricInsurance</c>, <c>PaymentRouter</c>, …, <c>chainId</c>) or what <c>edge-cli deploy</c> writes
/// (<c>DeviceRegistry</c>, <c>Stablecoin</c>, <c>ParametricInsurance</c>, <c>PaymentRouter</c>, <c>MerkleAnchor</c>,
/// <c>ChainId</c>). It fills the addresses that configuration leaves empty; an address set in configuration wins, and a
/// file for another chain than <c>Chain:ChainId</c> is refused.
/// </summary>
public sealed record DeploymentFile(
    string Path, long? ChainId, string? DeviceRegistry, string? Insurance, string? PaymentRouter, string? Token, string? MerkleAnchor)
{
    /// <summary>The configuration key naming the file.</summary>
    public const string ConfigurationKey = "Chain:DeploymentFile";

    /// <summary>Reads <paramref name="path"/>; throws <see cref="InvalidDataException"/> naming the file when it cannot.</summary>
    public static DeploymentFile Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidDataException($"{ConfigurationKey} '{path}' cannot be read: {exception.Message}", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{ConfigurationKey} '{path}' is not a JSON object of contract addresses.");
            }

            string? Text(params string[] names)
            {
                foreach (var property in root.EnumerateObject())
                {
                    if (Array.Exists(names, n => string.Equals(n, property.Name, StringComparison.OrdinalIgnoreCase))
                        && property.Value.ValueKind == JsonValueKind.String)
                    {
                        return property.Value.GetString();
                    }
                }

                return null;
            }

            long? chainId = null;
            foreach (var property in root.EnumerateObject())
            {
                if (string.Equals(property.Name, "chainId", StringComparison.OrdinalIgnoreCase))
                {
                    chainId = property.Value.ValueKind == JsonValueKind.Number
                        ? property.Value.GetInt64()
                        : long.Parse(property.Value.GetString() ?? string.Empty, CultureInfo.InvariantCulture);
                }
            }

            return new DeploymentFile(
                path, chainId, Text("DeviceRegistry"), Text("ParametricInsurance"), Text("PaymentRouter"),
                Text("TestStablecoin", "Stablecoin"), Text("MerkleAnchor"));
        }
    }

    /// <summary>Fills the chain addresses configuration left empty; refuses a file of another chain.</summary>
    public void ApplyTo(ChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ChainId is { } chainId && chainId != options.ChainId)
        {
            throw new InvalidDataException($"{ConfigurationKey} '{Path}' is a deployment on chain {chainId}, but Chain:ChainId is {options.ChainId}.");
        }

        options.DeviceRegistryAddress = Fill(options.DeviceRegistryAddress, DeviceRegistry);
        options.InsuranceAddress = Fill(options.InsuranceAddress, Insurance);
        options.PaymentRouterAddress = Fill(options.PaymentRouterAddress, PaymentRouter);
        options.TokenAddress = Fill(options.TokenAddress, Token);
    }

    /// <summary>Fills the MerkleAnchor address when configuration left it empty.</summary>
    public void ApplyTo(AnchoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ContractAddress = Fill(options.ContractAddress, MerkleAnchor);
    }

    private static string Fill(string configured, string? fromFile) =>
        string.IsNullOrWhiteSpace(configured) && !string.IsNullOrWhiteSpace(fromFile) ? fromFile : configured;
}
