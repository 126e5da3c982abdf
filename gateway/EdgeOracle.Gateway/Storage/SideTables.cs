using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// Connections to the gateway's SQLite file for a concern that keeps its own tables beside the message store's
/// (anchoring, the registry follower): the schema is created on first open, writers wait up to 30 s for the lock.
/// </summary>
internal sealed class SideTables
{
    private readonly string _connectionString;
    private readonly string _schema;
    private int _created;

    public SideTables(string path, string schema)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _schema = schema;
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _created, 1) == 0)
        {
            await using var create = connection.CreateCommand();
            create.CommandText = _schema;
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return connection;
    }
}
