using System;
using System.IO;

namespace EdgeOracle.Devnet;

/// <summary>Finds the repository's folders from wherever a tool or test runs.</summary>
public static class RepoPaths
{
    private static string? _root;

    /// <summary>The repository root: the nearest ancestor of the running assembly (or the current directory) holding EdgeOracle.slnx.</summary>
    public static string Root => _root ??= FindRoot();

    /// <summary>The Foundry project folder.</summary>
    public static string Contracts => Path.Combine(Root, "contracts");

    /// <summary>Forge's build output (<c>contracts/out</c>).</summary>
    public static string ContractArtifacts => Path.Combine(Contracts, "out");

    /// <summary>The protocol folder holding PROTOCOL.md and vectors.json.</summary>
    public static string Protocol => Path.Combine(Root, "firmware", "protocol");

    /// <summary>Where the demo and tools keep local state (gitignored).</summary>
    public static string LocalState => Path.Combine(Root, ".edge");

    private static string FindRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("EDGE_REPO_ROOT");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(Path.Combine(fromEnv, "EdgeOracle.slnx")))
        {
            return Path.GetFullPath(fromEnv);
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EdgeOracle.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            "Cannot find the EdgeOracle repository root (no EdgeOracle.slnx above " + AppContext.BaseDirectory +
            "); set EDGE_REPO_ROOT.");
    }
}
