using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FileRecord = EdgeOracle.Protocol.Deployments.Deployment;

namespace EdgeOracle.Devnet;

/// <summary>
/// Runs the one deployer, <c>contracts/script/Deploy.s.sol</c>, with forge against a JSON-RPC endpoint and reads the
/// deployment file it writes. The .NET side deploys nothing itself: the demo, the tests and <c>edge-cli deploy</c>
/// all come here, so every deployment has the same contracts, wiring and file shape.
/// </summary>
public static class ForgeDeployer
{
    /// <summary>How long one deployment may take (compiling first, when the build output is stale, included).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Serialises deployments in this process: forge shares contracts/cache and contracts/broadcast.</summary>
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The forge binary npm installs in contracts/node_modules.</summary>
    public static string ForgePath =>
        Path.Combine(RepoPaths.Contracts, "node_modules", "@foundry-rs", "forge-linux-amd64", "bin", "forge");

    /// <summary>
    /// Deploys every contract with <paramref name="deployerKey"/> and returns the deployment file's record. The script
    /// writes the file under <c>.edge/deployments/</c> (the one folder outside contracts/deployments that foundry.toml
    /// lets it write), where it is read and deleted; callers save the record wherever they want it.
    /// </summary>
    public static async Task<FileRecord> DeployAsync(
        string rpcUrl, string deployerKey, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(rpcUrl);
        ArgumentException.ThrowIfNullOrEmpty(deployerKey);
        if (!File.Exists(ForgePath))
        {
            throw new FileNotFoundException(
                "forge is not installed at " + ForgePath + ". Run ./tools/edge setup (it installs contracts/node_modules).", ForgePath);
        }

        string folder = Path.Combine(RepoPaths.LocalState, "deployments");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "forge-" + Guid.NewGuid().ToString("N") + ".json");
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Other processes (test projects run in parallel) share the same forge cache: one deployment at a time.
            using var crossProcess = await AcquireLockAsync(cancellationToken).ConfigureAwait(false);
            progress?.Report("running forge script script/Deploy.s.sol against " + rpcUrl);
            var stopwatch = Stopwatch.StartNew();
            try
            {
                await RunForgeAsync(rpcUrl, deployerKey, path, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException hung)
            {
                // Seen three times in many full runs on a loaded 2-core machine, before --slow: forge waited for receipts
                // of transactions the node held unmined, and a second run on that node failed "nonce too low". A node
                // that holds transactions is asked to mine them (anvil's evm_mine; another node ignores it), then the
                // script runs once more: the deployment file names whatever addresses the second run deploys to.
                progress?.Report(hung.Message + " Mining what the node holds and running it once more.");
                File.Delete(path);
                await MinePendingAsync(rpcUrl, cancellationToken).ConfigureAwait(false);
                await RunForgeAsync(rpcUrl, deployerKey, path, cancellationToken).ConfigureAwait(false);
            }

            var record = FileRecord.Read(path);
            progress?.Report($"deployed {CountContracts(record)} contracts in {stopwatch.Elapsed.TotalSeconds:0.0} s (chain {record.ChainId}, from block {record.DeploymentBlock})");
            return record;
        }
        finally
        {
            Gate.Release();
            File.Delete(path);
        }
    }

    private static int CountContracts(FileRecord record)
    {
        int n = 0;
        foreach (var property in typeof(Protocol.Deployments.DeploymentContracts).GetProperties())
        {
            // The contracts are the Address? properties (the indexer by name takes an argument).
            if (property.GetIndexParameters().Length == 0 && property.PropertyType == typeof(Protocol.Address?) && property.GetValue(record.Contracts) != null)
            {
                n++;
            }
        }

        return n;
    }

    private static async Task RunForgeAsync(string rpcUrl, string deployerKey, string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(ForgePath)
        {
            WorkingDirectory = RepoPaths.Contracts,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // --slow: each transaction is sent once the one before is mined, never several at once, so a node never holds
        // a later nonce waiting for an earlier one (the state in which forge was seen waiting for ever).
        foreach (var argument in new[] { "script", "script/Deploy.s.sol", "--rpc-url", rpcUrl, "--broadcast", "--offline", "--slow" })
        {
            start.ArgumentList.Add(argument);
        }

        // The key goes by environment, never on a command line other users of the machine can read.
        start.Environment["DEPLOYER_KEY"] = deployerKey;
        start.Environment["DEPLOYMENT_FILE"] = path;
        start.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("forge did not start");
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
            string seen;
            lock (output)
            {
                seen = Tail(output.ToString(), 20);
            }

            throw new TimeoutException("forge script script/Deploy.s.sol did not finish within " + Timeout.TotalMinutes + " minutes; its output ended with:"
                + Environment.NewLine + seen);
        }

        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        if (process.ExitCode != 0 || !File.Exists(path))
        {
            throw new InvalidOperationException(
                "Deploying the contracts failed: forge script script/Deploy.s.sol exited " + process.ExitCode +
                (File.Exists(path) ? "" : " without writing " + path) + ". Its output:" + Environment.NewLine + Tail(output.ToString(), 40));
        }
    }

    /// <summary>Best effort: asks the node to mine a block (anvil's <c>evm_mine</c>), so that transactions it holds land.</summary>
    private static async Task MinePendingAsync(string rpcUrl, CancellationToken cancellationToken)
    {
        try
        {
            using var http = new System.Net.Http.HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var body = new System.Net.Http.StringContent(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"evm_mine\",\"params\":[]}", Encoding.UTF8, "application/json");
            using var answer = await http.PostAsync(new Uri(rpcUrl), body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when ((e is System.Net.Http.HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            // A node that does not answer fails the second run with forge's own message.
        }
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        string? line;
        while ((line = await reader.ReadLineAsync().ConfigureAwait(false)) != null)
        {
            lock (into)
            {
                into.AppendLine(line);
            }
        }
    }

    private static string Tail(string text, int lines)
    {
        var all = text.TrimEnd().Split('\n');
        return string.Join('\n', all.AsSpan(Math.Max(0, all.Length - lines)).ToArray());
    }

    /// <summary>An exclusive lock on a file in contracts/cache, held while forge runs.</summary>
    private static async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        var folder = Path.Combine(RepoPaths.Contracts, "cache");
        Directory.CreateDirectory(folder);
        var lockPath = Path.Combine(folder, ".edge-deploy.lock");
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
