using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

/// <summary>
/// The demo as a user runs it (<c>./tools/edge demo</c> runs this CLI), as a child process whose output is kept line
/// by line, so that a test can wait for a line, signal it as a terminal or a service manager would, and time its exit.
/// </summary>
public sealed partial class DemoProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly Task _pumps;

    private DemoProcess(Process process)
    {
        _process = process;
        _pumps = Task.WhenAll(PumpAsync(process.StandardOutput, _output), PumpAsync(process.StandardError, _errors));
    }

    /// <summary>What the demo printed on stdout so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>What it printed on stderr so far.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Its exit code, once it exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The chain's JSON-RPC endpoint, once the demo printed it.</summary>
    public Uri? ChainUrl => Address(AnvilLine());

    /// <summary>The gateway's HTTP API, once the demo printed it.</summary>
    public Uri? GatewayUrl => Address(ApiLine());

    /// <summary>Starts <c>edge-cli demo</c> with <paramref name="arguments"/> (the CLI of the tests' own build configuration).</summary>
    public static DemoProcess Start(params string[] arguments)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var cli = Path.Combine(RepoPaths.Root, "tools", "EdgeOracle.Cli", "bin", configuration, "net10.0", "edge-cli.dll");
        Assert.True(File.Exists(cli), "the CLI is not built at " + cli);
        // Through python3, which puts SIGINT back to its default before it execs dotnet (same process id): a test
        // process started in the background by a shell without job control ignores SIGINT, its children inherit
        // that, and .NET leaves an ignored SIGINT ignored; Ctrl+C must reach the demo wherever the tests run.
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])");
        psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(cli);
        psi.ArgumentList.Add("demo");
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        return new DemoProcess(Process.Start(psi)!);
    }

    /// <summary>Waits until the demo printed a line containing <paramref name="text"/> (true) or exited without (false).</summary>
    public async Task<bool> WaitForLineAsync(string text, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                await _pumps.WaitAsync(TimeSpan.FromSeconds(5));
                return Output.Contains(text, StringComparison.Ordinal);
            }

            Assert.True(clock.Elapsed < patience, $"the demo printed no \"{text}\" within {patience.TotalSeconds:F0} s:\n{Output}{Errors}");
            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>Sends <paramref name="signal"/> (INT for Ctrl+C, TERM) to the demo and times its exit (at most 60 s).</summary>
    public async Task<TimeSpan> StopAsync(string signal)
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(patience.Token);
        var took = clock.Elapsed;
        await _pumps.WaitAsync(TimeSpan.FromSeconds(5));
        return took;
    }

    /// <summary>Whether anything still answers JSON-RPC at <paramref name="chain"/>.</summary>
    public static async Task<bool> AnswersAsync(Uri chain)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}""", Encoding.UTF8, "application/json");
            return (await http.PostAsync(chain, content)).IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private Uri? Address(Regex line) => line.Match(Output) is { Success: true } match ? new Uri(match.Groups[1].Value) : null;

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (into)
            {
                into.Append(line).Append('\n');
            }
        }
    }

    [GeneratedRegex(@"anvil listening at (http://[0-9.:]+)")]
    private static partial Regex AnvilLine();

    [GeneratedRegex(@"gateway API (http://[0-9.:]+/?)")]
    private static partial Regex ApiLine();
}

/// <summary>The demo's tests, one after another: every run of the demo works in the same folder, <c>.edge/demo</c>.</summary>
[CollectionDefinition(Name)]
public sealed class DemoCollection
{
    public const string Name = "demo";
}
