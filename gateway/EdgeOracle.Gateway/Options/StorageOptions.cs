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

    /// <summary>
    /// PostgreSQL connection string of a store shared by several gateways. Empty (the default): SQLite at <see cref="Path"/>.
    /// When set, the messages, outbox, anchoring and registry-follower tables all live there (nothing in a local file),
    /// and the chain submitter is elected there unless <c>Election:PostgresConnectionString</c> names another database.
    /// </summary>
    public string PostgresConnectionString { get; set; } = string.Empty;

    /// <summary>True when the store is PostgreSQL.</summary>
    public bool UsesPostgres() => !string.IsNullOrWhiteSpace(PostgresConnectionString);
}
