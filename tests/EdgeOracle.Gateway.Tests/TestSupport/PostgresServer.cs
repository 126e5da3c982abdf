using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Xunit;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>
/// A throwaway PostgreSQL database of its own for one test, on the test run's PostgreSQL server: that server is the
/// test process's own child (initdb into a temporary folder, 127.0.0.1 at a free port), started on first use and
/// ended, its folder removed, when the test process goes away, however it goes away. A database is created per test
/// (a few hundred milliseconds, where initdb takes seconds) and dropped when disposed; advisory locks are per database,
/// so tests do not see each other's. As root the server runs as the <c>postgres</c> user (PostgreSQL refuses root).
/// CI installs the binaries (tools/edge setup_services).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim Starting = new(1, 1);
    private static string? _serverConnectionString;
    private readonly string _serverConnection;
    private readonly string _database;

    private PostgresServer(string serverConnection, string database)
    {
        _serverConnection = serverConnection;
        _database = database;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnection) { Database = database }.ConnectionString;
    }

    /// <summary>This test's database; trust authentication, user postgres, no pooling.</summary>
    public string ConnectionString { get; }

    /// <summary>Why the server cannot run here, or null when it can.</summary>
    public static string? Unavailable => FindUnavailableReason();

    private static string? BinDirectory { get; } =
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;

    private static bool AsRoot => Environment.UserName == "root";

    /// <summary>A fresh database (the server is started first if this is the test run's first).</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        Assert.Null(Unavailable);
        var server = await ServerAsync();
        var database = "eo_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
        await create.ExecuteNonQueryAsync();
        return new PostgresServer(server, database);
    }

    /// <summary>Runs <paramref name="sql"/> on a connection of its own and returns the first column of the first row.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Drops the database, ending the sessions still on it (a killed gateway's, pooled ones).</summary>
    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(_serverConnection);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<string> ServerAsync()
    {
        await Starting.WaitAsync();
        try
        {
            return _serverConnectionString ??= await StartServerAsync();
        }
        finally
        {
            Starting.Release();
        }
    }

    private static async Task<string> StartServerAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "eo-pg-" + Guid.NewGuid().ToString("N")[..10]);
        var data = Path.Combine(directory, "data");
        Directory.CreateDirectory(directory);
        if (AsRoot)
        {
            await RunAsync("chown", "postgres:postgres", directory);
        }

        await RunAsync(Tool("initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        var port = FreePort();
        var parent = Environment.ProcessId;
        var postgres = Quote(Tool("postgres")) + " -D " + Quote(data) + " -p " + port + " -k " + Quote(directory) +
                       " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300";
        // The guard loop ends PostgreSQL when this process goes away, however it goes away, and removes its folder. The
        // postmaster itself is told to stop (fast shutdown): runuser does not pass the signal on.
        var script = "d=" + Quote(directory) + "; " + (AsRoot ? "runuser -u postgres -- " : string.Empty) + postgres + " & p=$!; " +
                     "stop() { kill -INT \"$(head -n 1 \"$d/data/postmaster.pid\" 2>/dev/null)\" 2>/dev/null; kill -INT $p 2>/dev/null; wait $p; rm -rf \"$d\"; }; " +
                     "trap stop EXIT TERM INT; " +
                     "while kill -0 " + parent + " 2>/dev/null && kill -0 $p 2>/dev/null; do sleep 0.5; done";
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=5";
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(server);
                await connection.OpenAsync();
                return server;
            }
            catch (Exception) when (clock.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    private static string? FindUnavailableReason()
    {
        if (BinDirectory is null)
        {
            return "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); ./tools/edge test installs it (apt-get install postgresql)";
        }

        if (AsRoot && !File.Exists("/usr/sbin/runuser") && !File.Exists("/sbin/runuser"))
        {
            return "running as root without runuser: PostgreSQL cannot be started as the postgres user";
        }

        return null;
    }

    private static string Tool(string name) => Path.Combine(BinDirectory!, name);

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(AsRoot && file != "chown" ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (AsRoot && file != "chown")
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                psi.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}

/// <summary>A fact that is skipped, with the reason, where PostgreSQL cannot run.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
