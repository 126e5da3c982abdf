using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Xunit;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>
/// Mosquitto from Debian's packages as the test's own child process: a config in a temporary folder, 127.0.0.1, a
/// free port, anonymous clients; ended when disposed or when the test process goes away. CI installs it
/// (tools/edge setup_services); where it is missing the tests are skipped with the reason.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/mosquitto";
    private readonly Process _process;
    private readonly string _directory;

    private MosquittoBroker(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static string? Unavailable => File.Exists(Binary) ? null : "Mosquitto is not installed (" + Binary + "); ./tools/edge test installs it (apt-get install mosquitto)";

    public static async Task<MosquittoBroker> StartAsync()
    {
        Assert.Null(Unavailable);
        var directory = Path.Combine(Path.GetTempPath(), "eo-mosquitto-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        var port = FreePort();
        var config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 100000\n");
        var parent = Environment.ProcessId;
        // The guard loop ends the broker when this process goes away, however it goes away.
        var script = "'" + Binary + "' -c '" + config + "' & m=$!; trap 'kill $m 2>/dev/null' EXIT TERM INT; " +
                     "while kill -0 " + parent + " 2>/dev/null && kill -0 $m 2>/dev/null; do sleep 0.5; done";
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return new MosquittoBroker(process, directory, port);
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(10) && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A fact that is skipped, with the reason, where Mosquitto is not installed.</summary>
public sealed class MosquittoFactAttribute : FactAttribute
{
    public MosquittoFactAttribute()
    {
        if (MosquittoBroker.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
