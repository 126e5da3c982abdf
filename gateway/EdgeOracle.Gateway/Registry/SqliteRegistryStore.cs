using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Storage;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Registry;

/// <summary>The follower's state in the gateway's SQLite file.</summary>
public sealed class SqliteRegistryStore : RegistryStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS registry_devices (
            device       BLOB    NOT NULL PRIMARY KEY,
            owner        BLOB    NOT NULL,
            role         INTEGER NOT NULL,
            active       INTEGER NOT NULL,
            block_number INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS registry_cursor (
            id         INTEGER PRIMARY KEY CHECK (id = 1),
            next_block INTEGER NOT NULL
        );
        """;

    private readonly SideTables _tables;

    /// <summary>Uses the file of <see cref="StorageOptions.Path"/>.</summary>
    public SqliteRegistryStore(IOptions<StorageOptions> options)
    {
        _tables = new SideTables(options.Value.Path, Schema);
    }

    /// <inheritdoc />
    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _tables.OpenAsync(cancellationToken).ConfigureAwait(false);
}
