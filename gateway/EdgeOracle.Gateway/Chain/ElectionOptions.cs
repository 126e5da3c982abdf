namespace EdgeOracle.Gateway.Chain;

/// <summary>Which of several gateways submits to the chain. Section <c>Election</c>.</summary>
public sealed class ElectionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Election";

    /// <summary>
    /// PostgreSQL connection string of the lock holder election. Empty (the default): the store's
    /// (<c>Storage:PostgresConnectionString</c>) when the store is PostgreSQL, since gateways that share a store must not
    /// both submit; otherwise this gateway runs alone and always submits.
    /// </summary>
    public string PostgresConnectionString { get; set; } = string.Empty;

    /// <summary>Key of the advisory lock. Default 0x45444745 ("EDGE").</summary>
    public long LockKey { get; set; } = 0x45444745;
}
