using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

// The demo as a user runs it (`./tools/edge demo` runs this CLI): every figure it prints is read from its own chain.
public sealed partial class DemoEndToEndTests
{
    [Fact]
    public async Task TheDemo_PaysTheStormCoverByTheRegionsMedian_AndSettlesTheSales_OneOfThemCrossBorder()
    {
        // The test's own build configuration (bin/<Configuration>/net10.0) is the CLI's.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var cli = Path.Combine(RepoPaths.Root, "tools", "EdgeOracle.Cli", "bin", configuration, "net10.0", "edge-cli.dll");
        Assert.True(File.Exists(cli), "the CLI is not built at " + cli);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(cli);
        psi.ArgumentList.Add("demo");
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMinutes(3))) != exited)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the demo did not finish in 3 minutes:\n" + await output);
        }

        var text = await output;
        Assert.True(process.ExitCode == 0, "demo exited with " + process.ExitCode + ":\n" + text + await errors);

        // Seven windows decided over all three readings; one payout, on the storm day's median of 84 mm.
        Assert.Equal(7, DecidedLine().Matches(text).Count);
        Assert.Contains("median 84.0 mm over 3 readings", text, StringComparison.Ordinal);
        var payout = Assert.Single(text.Split('\n'), l => l.Contains("PAYOUT:", StringComparison.Ordinal));
        Assert.Contains("paid 340.00 tUSD", payout, StringComparison.Ordinal);
        Assert.Equal(4, text.Split('\n').Count(l => l.Contains("SETTLED by PaymentHub", StringComparison.Ordinal)));
        var crossBorder = Assert.Single(text.Split('\n'), l => l.Contains("SETTLED by PaymentHub cross-border via the FX pair", StringComparison.Ordinal));
        Assert.Contains("22.00 tUSD", crossBorder, StringComparison.Ordinal);
        Assert.Matches(@"the tourist paid 20\.\d\d tEUR for 22\.00 tUSD", text);
        Assert.Matches(@"farmer \(policyholder\)\s+\S+\s+340\.00 tUSD", text);
        Assert.Matches(@"risk pool\s+\S+\s+685\.00 tUSD", text);
        Assert.Contains("relay failures 0", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"→ median [0-9.]+ mm over 3 readings")]
    private static partial Regex DecidedLine();
}
