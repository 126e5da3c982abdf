using System;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

// The demo as a user runs it (`./tools/edge demo --keep-running` runs this CLI), once for the class: every figure it
// prints is read from its own chain, and once it left its system running, SIGTERM stops it all.
[Collection(DemoCollection.Name)]
public sealed partial class DemoEndToEndTests(DemoEndToEndTests.KeptRunningDemo run) : IClassFixture<DemoEndToEndTests.KeptRunningDemo>
{
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(5);

    [Fact]
    public void TheDemo_TellsAllFiveModels_InsuranceLendingPaymentsRevenueAndTrading_FromTheChain()
    {
        Assert.True(run.LeftRunning, "the demo ended before it left its system running:\n" + run.Story + run.Demo.Errors);
        var text = run.Story;
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

    [Fact]
    public async Task TheDemo_KeptRunning_StopsItsGatewayAndChain_Within5Seconds_OnSigterm_WithTheConsoleOpen()
    {
        var demo = run.Demo;
        Assert.True(run.LeftRunning, "the demo did not leave its system running:\n" + demo.Output + demo.Errors);
        var chain = demo.ChainUrl!;
        using var http = new HttpClient();
        // A browser on the web console: a server-sent event stream that never ends by itself.
        using var stream = await http.GetAsync(new Uri(demo.GatewayUrl!, "/api/events"), HttpCompletionOption.ResponseHeadersRead);
        Assert.True(stream.IsSuccessStatusCode, "/api/events answered " + stream.StatusCode);

        var took = await demo.StopAsync("TERM");

        Assert.True(took < StopBudget, $"the demo took {took.TotalSeconds:F1} s to stop after SIGTERM");
        Assert.True(demo.ExitCode == 0, "the demo exited with " + demo.ExitCode + " (0 is how --keep-running ends):\n" + demo.Errors);
        Assert.Contains("stopping the gateway, the price feed and the chain", demo.Output, StringComparison.Ordinal);
        Assert.False(await DemoProcess.AnswersAsync(chain), "anvil still answers at " + chain + " after the demo exited");
    }

    /// <summary>The demo started with <c>--keep-running</c> and followed until it left its system running (or exited).</summary>
    public sealed class KeptRunningDemo : IAsyncLifetime
    {
        private DemoProcess? _demo;

        /// <summary>The demo's process.</summary>
        public DemoProcess Demo => _demo ?? throw new InvalidOperationException("The demo was not started.");

        /// <summary>Whether it said it left the system running; false when it exited instead.</summary>
        public bool LeftRunning { get; private set; }

        /// <summary>What it printed up to then.</summary>
        public string Story { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            _demo = DemoProcess.Start("--keep-running");
            LeftRunning = await _demo.WaitForLineAsync("system left running", TimeSpan.FromMinutes(3));
            Story = _demo.Output;
        }

        public Task DisposeAsync()
        {
            _demo?.Dispose();
            return Task.CompletedTask;
        }
    }

    [GeneratedRegex(@"→ median [0-9.]+ mm over 5 readings")]
    private static partial Regex DecidedLine();

    [GeneratedRegex(@"the pair's 30-minute TWAP\) ([0-9,.]+) tUSD → ([0-9,.]+) tUSD")]
    private static partial Regex OracleLine();
}
