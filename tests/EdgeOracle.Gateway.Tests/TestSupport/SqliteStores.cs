using System;
using EdgeOracle.Gateway.Storage;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>The embedded store as the gateway wires it: one <see cref="SqliteStoreFile"/>, its message store and its relay outbox.</summary>
public sealed class SqliteStores : IDisposable
{
    public SqliteStores(string path, TimeProvider time)
    {
        File = new SqliteStoreFile(path);
        try
        {
            Messages = new SqliteMessageStore(File, time);
        }
        catch
        {
            File.Dispose();
            throw;
        }

        Outbox = new SqliteRelayOutbox(File, time);
    }

    public SqliteStoreFile File { get; }

    public SqliteMessageStore Messages { get; }

    public SqliteRelayOutbox Outbox { get; }

    /// <summary>Stops like a killed process right after its last commit (nothing folded), and releases the file.</summary>
    public void Abandon()
    {
        Messages.Abandon();
        File.Dispose();
    }

    public void Dispose()
    {
        Messages.Dispose();
        File.Dispose();
    }
}
