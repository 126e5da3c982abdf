using System;
using System.Text.Json;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Firmware.Core.Protocol;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class DroppedTransactionEndToEndTests(SystemFixture fixture)
{
    [Fact]
    public async Task ObservationWhoseTransactionWasDropped_IsSentAgain_AndRecordedExactlyOnce()
    {
        var system = fixture.System;
        var anvil = system.Anvil;
        var quorum = system.Deployment.QuorumInsurance.ToLowerInvariant();
        var (sensor, regionId) = await system.ProvisionLoneStationAsync();
        await using var station = await Scenario.StartStationAsync(system, sensor, Scenario.DaysAgo(3));

        await anvil.SetAutomineAsync(false);
        ulong windowStart;
        try
        {
            var day = await station.RunDayAsync(1.0);
            Assert.Equal(ReasonCodes.Accepted, day.Reason);
            windowStart = (ulong)day.WindowStart.ToUnixTimeSeconds();
            var first = (await RelayerChain.WaitForPooledAsync(anvil, quorum)).GetProperty("hash").GetString()!;
            await anvil.DropTransactionAsync(first);
            Assert.Equal(JsonValueKind.Null, (await anvil.RpcAsync("eth_getTransactionByHash", first)).ValueKind);

            // The relayer notices and sends the call again (same nonce and fees: possibly the very same hash).
            await RelayerChain.WaitForPooledAsync(anvil, quorum);
        }
        finally
        {
            await anvil.SetAutomineAsync(true);
            await anvil.MineAsync();
        }

        // The reading's round of one decided its window, once.
        Assert.Single(await RelayerChain.WaitForDecidedAsync(anvil, quorum, regionId, windowStart, TimeSpan.FromSeconds(60)));
        fixture.AssertGatewayLoggedNoErrors();
    }
}
