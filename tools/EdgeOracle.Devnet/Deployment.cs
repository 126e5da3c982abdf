using System.IO;
using System.Text.Json;

namespace EdgeOracle.Devnet;

/// <summary>Where one deployment of the EdgeOracle contracts lives. Written as JSON for the gateway and the demo.</summary>
public sealed record Deployment
{
    /// <summary>The chain id.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>The JSON-RPC endpoint the deployment was made through.</summary>
    public required string RpcUrl { get; init; }

    /// <summary>The block the first contract was deployed in (where a registry follower starts).</summary>
    public required ulong DeployBlock { get; init; }

    /// <summary>DeviceRegistry: the EIP-712 verifying contract of every device message.</summary>
    public required string DeviceRegistry { get; init; }

    /// <summary>The 6-decimal test stablecoin (EIP-2612 and EIP-3009).</summary>
    public required string Stablecoin { get; init; }

    /// <summary>ParametricInsurance.</summary>
    public required string ParametricInsurance { get; init; }

    /// <summary>PaymentRouter.</summary>
    public required string PaymentRouter { get; init; }

    /// <summary>MerkleAnchor: roots of the gateway's Merkle trees over stored readings (null in files written before it existed).</summary>
    public string? MerkleAnchor { get; init; }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes the deployment to a JSON file, creating its folder.</summary>
    public void Save(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null)
        {
            Directory.CreateDirectory(dir);
        }

        // Write-then-rename so a reader never sees half a file.
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(this, Json));
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads a deployment file.</summary>
    public static Deployment Load(string path) =>
        JsonSerializer.Deserialize<Deployment>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException("Empty deployment file " + path);
}
