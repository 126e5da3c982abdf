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
    public async Task TheDemo_TellsAllFiveModels_InsuranceLendingPaymentsRevenueAndTrading_FromTheChain()
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
        var lines = text.Split('\n');

        // Insurance: seven windows decided over all five readings, three of them dry; the cover paid in full over two
        // payouts (the lying station's wet days moved no median).
        Assert.Equal(7, DecidedLine().Matches(text).Count);
        Assert.Equal(3, lines.Count(l => l.Contains("readings  DRY", StringComparison.Ordinal)));
        var payouts = lines.Where(l => l.Contains("PAYOUT:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, payouts.Length);
        Assert.Contains("paid 200.00 tUSD", payouts[0], StringComparison.Ordinal);
        Assert.Contains("500.00 tUSD of 500.00 tUSD paid in all", payouts[1], StringComparison.Ordinal);

        // Lending: the pledged policy's first payout repaid the farmer's 100 tUSD loan (and its interest) first.
        var repaid = Assert.Single(lines, l => l.Contains("LENDING MARKET: of 200.00 tUSD", StringComparison.Ordinal));
        Assert.Matches(@"it kept 100\.0\d tUSD to repay the farmer's loan", repaid);
        Assert.Matches(@"debt\s+0 tUSD", text);

        // Payments: four sales settled, one across the FX pair, one refunded in full.
        Assert.Equal(4, lines.Count(l => l.Contains("SETTLED by PaymentHub", StringComparison.Ordinal)));
        var crossBorder = Assert.Single(lines, l => l.Contains("SETTLED by PaymentHub cross-border via the FX pair", StringComparison.Ordinal));
        Assert.Contains("22.00 tUSD", crossBorder, StringComparison.Ordinal);
        Assert.Matches(@"the tourist paid 20\.\d\d tEUR for 22\.00 tUSD", text);
        var refund = Assert.Single(lines, l => l.Contains("REFUND:", StringComparison.Ordinal));
        Assert.Matches(@"38\.00 tUSD → 50\.00 tUSD, refunded\(R-1002\) = 12\.00 tUSD", refund);
        Assert.Contains("refunded 12", text, StringComparison.Ordinal);

        // Trading: the investor's swap raised the lending oracle's TWAP price of the plant token.
        var oracle = OracleLine().Match(text);
        Assert.True(oracle.Success, "no oracle line:\n" + text);
        Assert.True(
            decimal.Parse(oracle.Groups[2].Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)
                > decimal.Parse(oracle.Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture),
            oracle.Value);

        // Tokenized revenue: the meter's production earned the token holders revenue, and the investor claimed its share.
        var due = Regex.Match(text, @"revenue to claim (0\.\d+) tUSD");
        Assert.True(due.Success && decimal.Parse(due.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, "nothing to claim:\n" + text);
        Assert.Contains("claimed " + due.Groups[1].Value + " tUSD", text, StringComparison.Ordinal);

        Assert.Matches(@"farmer \(policyholder\)\s+\S+\s+499\.9\d tUSD", text);
        Assert.Matches(@"relayed (\d+), relay failures 0", text);
        Assert.Matches(@"Accepted (\d+); relayed \1,", text);
    }

    [GeneratedRegex(@"→ median [0-9.]+ mm over 5 readings")]
    private static partial Regex DecidedLine();

    [GeneratedRegex(@"the pair's 30-minute TWAP\) ([0-9,.]+) tUSD → ([0-9,.]+) tUSD")]
    private static partial Regex OracleLine();
}
