using System;
using System.Linq;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Gateway.Chain;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class ExactlyOnceEndToEndTests(SystemFixture fixture)
{
    [Fact]
    public async Task ARoundSentAgain_AfterItsReadingDecidedTheWindow_IsSkippedByTheContract_AndCountsOnce()
    {
        var system = fixture.System;
        var quorum = system.Deployment.QuorumInsurance;
        var (sensor, regionId) = await system.ProvisionLoneStationAsync();
        await using var station = await Scenario.StartStationAsync(system, sensor, Scenario.DaysAgo(3));
        var day = await station.RunDayAsync(1.0);
        Assert.Equal(ReasonCodes.Accepted, day.Reason);
        var windowStart = (ulong)day.WindowStart.ToUnixTimeSeconds();
        var decided = Assert.Single(await RelayerChain.WaitForDecidedAsync(system.Anvil, quorum, regionId, windowStart, TimeSpan.FromSeconds(60)));

        // Another account (not the gateway's relayer, so their nonces do not interfere) sends the very same round again.
        var again = await ChainAssert.RoundForAsync(system, day.Envelope);
        Assert.Equal((RelayTarget.Quorum, regionId), (again.Target, again.Round.RegionId));
        var mined = await ChainAssert.SendAsFarmerAsync(system, again);

        // It is mined, and skipped: the window is decided (reason 5). What the relayer makes of such a receipt: the
        // item is "window closed", and the window counted the sensor, so it is on chain already, not lost.
        Assert.NotNull(mined);
        Assert.True(mined.Succeeded);
        var skip = Assert.Single(mined.Logs, l => l.Topics[0] == BatchReceipt.ObservationSkippedTopic);
        Assert.Equal(5, skip.Data[63]);
        Assert.DoesNotContain(mined.Logs, l => l.Topics[0] == BatchReceipt.WindowDecidedTopic);
        Assert.Equal(ItemEffect.WindowClosed, Assert.Single(BatchReceipt.Read(again, mined)).Effect);
        Assert.Equal(1u, await ChainAssert.Client(system).GetWindowCountedAsync(quorum, again.Round, default));

        // Still one decision for the window, the one the gateway's round made.
        Assert.Equal(decided.GetProperty("transactionHash").GetString(), Assert.Single(await RelayerChain.DecidedAsync(system.Anvil, quorum, regionId, windowStart)).GetProperty("transactionHash").GetString());
        fixture.AssertGatewayLoggedNoErrors();
    }
}
