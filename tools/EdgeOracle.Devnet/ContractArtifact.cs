using System;
using System.IO;
using System.Text.Json;

namespace EdgeOracle.Devnet;

/// <summary>One contract's ABI and creation bytecode, read from forge's build output.</summary>
public sealed class ContractArtifact
{
    private ContractArtifact(string name, string abi, string bytecode)
    {
        Name = name;
        Abi = abi;
        Bytecode = bytecode;
    }

    /// <summary>The contract name.</summary>
    public string Name { get; }

    /// <summary>The ABI as JSON.</summary>
    public string Abi { get; }

    /// <summary>Creation bytecode, 0x-prefixed hex.</summary>
    public string Bytecode { get; }

    /// <summary>Loads <c>out/{name}.sol/{name}.json</c> from the given forge output folder (default: contracts/out).</summary>
    public static ContractArtifact Load(string name, string? outDirectory = null)
    {
        var path = Path.Combine(outDirectory ?? RepoPaths.ContractArtifacts, name + ".sol", name + ".json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                "No forge artifact for " + name + " at " + path + ". Build the contracts first (./tools/edge build).", path);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var abi = root.GetProperty("abi").GetRawText();
        var bytecode = root.GetProperty("bytecode").GetProperty("object").GetString();
        if (string.IsNullOrEmpty(bytecode) || bytecode == "0x")
        {
            throw new InvalidDataException("Artifact " + path + " has no creation bytecode (is " + name + " abstract?).");
        }

        return new ContractArtifact(name, abi, bytecode.StartsWith("0x", StringComparison.Ordinal) ? bytecode : "0x" + bytecode);
    }
}
