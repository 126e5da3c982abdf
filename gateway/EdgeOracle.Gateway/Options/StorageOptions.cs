using System.ComponentModel.DataAnnotations;

namespace EdgeOracle.Gateway.Options;

/// <summary>The durable message store. Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary>Path of the SQLite database file (WAL mode). Default <c>.edge/gateway.db</c>; its folder is created if missing.</summary>
    [Required]
    public string Path { get; set; } = ".edge/gateway.db";
}
