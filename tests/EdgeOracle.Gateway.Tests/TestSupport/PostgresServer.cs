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
/// A throwaway PostgreSQL server, the test's own child process: initdb into a temporary folder, listening on
/// 127.0.0.1 at a free port, ended when disposed or when the test process goes away. As root it runs as the
/// <c>postgres</c> user (PostgreSQL refuses root). CI installs the binaries (tools/edge setup_services).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private PostgresServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=5";
    }

    /// <summary>Trust authentication, user postgres.</summary>
    public string ConnectionString { get; }

    /// <summary>Why the server cannot run here, or null when it can.</summary>
    public static string? Unavailable => FindUnavailableReason();

    private static string? BinDirectory { get; } =
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;

    private static bool AsRoot => Environment.UserName == "root";

    public static async Task<PostgresServer> StartAsync()
    {
        Assert.Null(Unavailable);
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
                       " -c listen_addresses=127.0.0.1 -c fsync=off";
        // The guard loop ends PostgreSQL when this process goes away, however it goes away.
        var script = (AsRoot ? "runuser -u postgres -- " : string.Empty) + postgres + " & p=$!; trap 'kill -INT $p 2>/dev/null' EXIT TERM INT; " +
                     "while kill -0 " + parent + " 2>/dev/null && kill -0 $p 2>/dev/null; do sleep 0.5; done";
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PostgresServer(process, directory, port);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(server.ConnectionString);
                await connection.OpenAsync();
                return server;
            }
            catch (Exception) when (clock.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Runs <paramref name="sql"/> on a connection of its own and returns the first column of the first row.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A server child still closing its files: the temporary folder is left behind.
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
