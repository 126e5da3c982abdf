using System;
using System.ComponentModel.DataAnnotations;

namespace EdgeOracle.Gateway.Anchoring;

/// <summary>Merkle anchoring of stored readings. Section <c>Anchoring</c>.</summary>
public sealed class AnchoringOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Anchoring";

    /// <summary>The MerkleAnchor contract. Empty (the default): readings are not anchored and no proofs are served.</summary>
    public string ContractAddress { get; set; } = string.Empty;

    /// <summary>A root is anchored as soon as this many readings wait (N). Default 256.</summary>
    [Range(1, 65_536)]
    public int BatchSize { get; set; } = 256;

    /// <summary>…or when the oldest waiting reading has waited this long (T). Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often new readings are collected from the store. Default 250 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>True when a contract is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(ContractAddress);
}
