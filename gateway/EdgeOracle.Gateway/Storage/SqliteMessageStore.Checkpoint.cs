using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace EdgeOracle.Gateway.Storage;

/// <summary>
/// Checkpoints beside the writer. A PASSIVE checkpoint on its own connection copies committed WAL frames into the
/// database file without blocking the group writer, so commits never wait for it. SQLite restarts the WAL from its start
/// when a write begins after everything was copied; if a busy writer keeps that from happening and the WAL passes
/// <see cref="WalRestartFrames"/>, the writer itself runs one RESTART checkpoint between two groups.
/// </summary>
public sealed partial class SqliteMessageStore
{
    /// <summary>WAL frames (pages) after which the writer forces a restart of the log: 65,536 × 4 KiB = 256 MiB.</summary>
    public const int WalRestartFrames = 65_536;

    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(100);
    private readonly CancellationTokenSource _checkpointStop = new();
    private Thread? _checkpointer;
    private int _walFrames;

    /// <summary>Frames in the WAL at the last checkpoint (for tests and logs).</summary>
    public int WalFrames => Volatile.Read(ref _walFrames);

    /// <summary>The restart threshold in frames; <see cref="WalRestartFrames"/> unless a test lowers it.</summary>
    internal int WalRestartLimit { get; set; } = WalRestartFrames;

    private void StartCheckpointer()
    {
        _checkpointer = new Thread(CheckpointLoop) { IsBackground = true, Name = "sqlite-checkpoint" };
        _checkpointer.Start();
    }

    private void CheckpointLoop()
    {
        using var connection = _file.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        var stop = _checkpointStop.Token;
        while (!stop.WaitHandle.WaitOne(CheckpointInterval))
        {
            try
            {
                using var reader = command.ExecuteReader();
                if (reader.Read())
                {
                    Volatile.Write(ref _walFrames, reader.GetInt32(1));
                }
            }
            catch (SqliteException)
            {
                // Busy or locked for a moment: the next round copies what this one did not.
            }
        }
    }

    // Called by the group writer between groups: only when passive checkpoints could not keep the log short.
    private void RestartLogIfLong()
    {
        if (Volatile.Read(ref _walFrames) < WalRestartLimit)
        {
            return;
        }

        try
        {
            SqliteStoreFile.Execute(_file.Writer, "PRAGMA wal_checkpoint(RESTART);");
            Volatile.Write(ref _walFrames, 0);
        }
        catch (SqliteException)
        {
            // A reader held on past the busy timeout; the log stays long until the next group tries again.
        }
    }

    // Idempotent: the store may be disposed more than once (it is registered under several services).
    private void StopCheckpointer()
    {
        if (Interlocked.Exchange(ref _checkpointer, null) is not { } thread)
        {
            return;
        }

        _checkpointStop.Cancel();
        thread.Join();
        _checkpointStop.Dispose();
    }
}
