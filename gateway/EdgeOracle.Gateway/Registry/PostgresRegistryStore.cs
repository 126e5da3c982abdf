using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Storage;

namespace EdgeOracle.Gateway.Registry;

/// <summary>
/// The follower's state in the PostgreSQL database that several gateways share: one cursor and one view of the
/// registry. Whichever gateway's follower gets to a range of blocks first applies it; the others load what it stored.
/// </summary>
public sealed class PostgresRegistryStore : RegistryStore, IAsyncDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS registry_devices (
            device bytea PRIMARY KEY, owner bytea NOT NULL, role integer NOT NULL, active integer NOT NULL, block_number bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS registry_devices_block ON registry_devices (block_number);
        CREATE TABLE IF NOT EXISTS registry_cursor (id integer PRIMARY KEY CHECK (id = 1), next_block bigint NOT NULL);
        """;

    private readonly PostgresTables _tables;

    /// <summary>Uses the database of <paramref name="connectionString"/>; the tables are created on first use.</summary>
    public PostgresRegistryStore(string connectionString)
    {
        _tables = new PostgresTables(connectionString, Schema);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _tables.DisposeAsync();

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
}
