using System;
using System.Numerics;
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
        var insurance = system.Deployment.ParametricInsurance.ToLowerInvariant();
        var sensor = await system.ProvisionSensorAsync();
        await using var station = await Scenario.StartStationAsync(system, sensor, Scenario.DaysAgo(3));

        await anvil.SetAutomineAsync(false);
        ulong sequence;
        try
        {
            var day = await station.RunDayAsync(1.0);
            Assert.Equal(ReasonCodes.Accepted, day.Reason);
            sequence = day.Sequence;
            var first = (await RelayerChain.WaitForPooledAsync(anvil, insurance)).GetProperty("hash").GetString()!;
            await anvil.DropTransactionAsync(first);
            Assert.Equal(JsonValueKind.Null, (await anvil.RpcAsync("eth_getTransactionByHash", first)).ValueKind);

            // The relayer notices and sends the call again (same nonce and fees: possibly the very same hash).
            await RelayerChain.WaitForPooledAsync(anvil, insurance);
        }
        finally
        {
            await anvil.SetAutomineAsync(true);
            await anvil.MineAsync();
        }

        await Scenario.WaitForAsync(
            async () => new BigInteger(await RelayerChain.LastSequenceAsync(system, sensor.Address)), new BigInteger(sequence), TimeSpan.FromSeconds(60));
        Assert.Single(await RelayerChain.RecordedAsync(anvil, insurance, sensor.Address, sequence));
        fixture.AssertGatewayLoggedNoErrors();
    }
}
