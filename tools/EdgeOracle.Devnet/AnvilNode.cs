using System;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace EdgeOracle.Devnet;

/// <summary>
/// A local anvil chain on 127.0.0.1 with a port the OS picks. The process is tied to this one's lifetime
/// through a small shell guard, so a crashed test run never leaves a chain behind.
/// </summary>
public sealed partial class AnvilNode : IAsyncDisposable
{
    /// <summary>Chain id anvil uses by default.</summary>
    public const ulong DefaultChainId = 31337;

    private readonly Process _process;

    private AnvilNode(Process process, int port)
    {
        _process = process;
        Port = port;
        _rpc = new Lazy<System.Net.Http.HttpClient>(() => new System.Net.Http.HttpClient { BaseAddress = new Uri(RpcUrl) });
    }

    /// <summary>The JSON-RPC port anvil bound.</summary>
    public int Port { get; }

    /// <summary>The JSON-RPC endpoint.</summary>
    public string RpcUrl => "http://127.0.0.1:" + Port;

    /// <summary>The chain id (31337).</summary>
    public ulong ChainId => DefaultChainId;

    /// <summary>Path of the anvil binary: EDGE_ANVIL, else the one npm installed under contracts/node_modules.</summary>
    public static string BinaryPath
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("EDGE_ANVIL");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                return fromEnv;
            }

            return Path.Combine(RepoPaths.Contracts, "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");
        }
    }

    /// <summary>Starts anvil and waits until it listens.</summary>
    /// <param name="blockTimeSeconds">0 (default) mines a block per transaction; otherwise interval mining.</param>
    /// <param name="cancellationToken">Cancels the wait for start-up.</param>
    /// <param name="genesis">The genesis block's timestamp (default: now); the chain's clock runs on from it.</param>
    public static async Task<AnvilNode> StartAsync(int blockTimeSeconds = 0, CancellationToken cancellationToken = default, DateTimeOffset? genesis = null)
    {
        var binary = BinaryPath;
        if (!File.Exists(binary))
        {
            throw new FileNotFoundException(
                "anvil not found at " + binary + ". Run ./tools/edge setup (it runs npm ci in contracts/).", binary);
        }

        var args = "--host 127.0.0.1 --port 0 --chain-id " + DefaultChainId;
        if (blockTimeSeconds > 0)
        {
            args += " --block-time " + blockTimeSeconds;
        }

        if (genesis is { } time)
        {
            // The chain's clock starts there and runs on from it; SetNextBlockTimeAsync moves it forward.
            args += " --timestamp " + time.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // The guard loop ends anvil when this process goes away, however it goes away.
        var parent = Environment.ProcessId;
        var script = "\"$0\" " + args + " & a=$!; trap 'kill $a 2>/dev/null' EXIT TERM INT; " +
                     "while kill -0 " + parent + " 2>/dev/null && kill -0 $a 2>/dev/null; do sleep 0.5; done";
        var psi = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(binary);

        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start anvil.");
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("anvil exited during start-up:\n" + log));
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            var match = ListeningLine().Match(e.Data);
            if (match.Success)
            {
                listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            var port = await listening.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            return new AnvilNode(process, port);
        }
        catch
        {
            KillTree(process);
            throw;
        }
    }

    /// <summary>Stops the chain.</summary>
    public ValueTask DisposeAsync()
    {
        if (_rpc.IsValueCreated)
        {
            _rpc.Value.Dispose();
        }

        KillTree(_process);
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    [GeneratedRegex(@"Listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
