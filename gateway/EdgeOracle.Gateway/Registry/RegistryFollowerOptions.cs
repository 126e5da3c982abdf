using System;
using System.ComponentModel.DataAnnotations;

namespace EdgeOracle.Gateway.Registry;

/// <summary>
/// The registry follower: <c>DeviceRegistered</c>/<c>DeviceRevoked</c> events read from chain. Section
/// <c>RegistryFollower</c>.
/// </summary>
public sealed class RegistryFollowerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "RegistryFollower";

    /// <summary>Follow the registry's events. Default <c>false</c>: every lookup asks <c>deviceInfo</c> (behind the cache).</summary>
    public bool Enabled { get; set; }

    /// <summary>The first block read when no cursor is stored yet: the registry's deploy block. Default 0.</summary>
    [Range(0, long.MaxValue)]
    public long StartBlock { get; set; }

    /// <summary>A block's events are applied once this many blocks (its own included) exist. Default 1 (the head).</summary>
    [Range(1, 256)]
    public int Confirmations { get; set; } = 1;

    /// <summary>How often the chain is asked for new events. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Blocks per <c>eth_getLogs</c> request. Default 2,000.</summary>
    [Range(1, 100_000)]
    public int MaxBlockRange { get; set; } = 2_000;
}
