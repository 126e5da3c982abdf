using System;
using System.Threading.Tasks;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

// Ctrl+C in the middle of the demo: it stops at its next step, stops its gateway and its chain, and says so.
[Collection(DemoCollection.Name)]
public sealed class DemoInterruptEndToEndTests
{
    [Fact]
    public async Task TheDemo_StopsMidStory_Within5Seconds_OnCtrlC_AndExitsWith130()
    {
        using var demo = DemoProcess.Start();
        Assert.True(await demo.WaitForLineAsync("[2/8] devices and accounts", TimeSpan.FromMinutes(2)), "the demo ended before its story began:\n" + demo.Output + demo.Errors);
        var chain = demo.ChainUrl!;

        var took = await demo.StopAsync("INT");

        Assert.True(took < TimeSpan.FromSeconds(5), $"the demo took {took.TotalSeconds:F1} s to stop after SIGINT");
        Assert.True(demo.ExitCode == 130, "the demo exited with " + demo.ExitCode + " (128 + SIGINT is 130):\n" + demo.Output + demo.Errors);
        Assert.Contains("demo stopped by SIGINT before it finished", demo.Errors, StringComparison.Ordinal);
        Assert.False(await DemoProcess.AnswersAsync(chain), "anvil still answers at " + chain + " after the demo exited");
    }
}
