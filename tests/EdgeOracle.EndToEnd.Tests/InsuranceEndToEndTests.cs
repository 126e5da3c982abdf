using System;
using System.Buffers.Binary;
using System.Threading.Tasks;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Gateway.Chain;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class InsuranceEndToEndTests(SystemFixture fixture)
{
    [Fact]
    public async Task ForgedObservation_IsRejectedByGatewayWithBadSignature_AndSkippedWhenSentStraightToTheContract()
    {
        var system = fixture.System;
        var quorum = system.Deployment.QuorumInsurance;
        var (sensor, regionId) = await system.ProvisionLoneStationAsync();
        await using var station = await Scenario.StartStationAsync(system, sensor, Scenario.DaysAgo(3));
        var genuine = await station.RunDayAsync(2.0);
        Assert.Equal(ReasonCodes.Accepted, genuine.Reason);

        // Day 1's envelope, rewritten by an attacker to claim 90 mm for the next day (a window nothing was sent for yet),
        // signature untouched.
        const int windowStartOffset = 6 + 20 + 8 + 4;
        var forged = (byte[])genuine.Envelope.Clone();
        var start = (ulong)genuine.WindowEnd.ToUnixTimeSeconds();
        BinaryPrimitives.WriteUInt64BigEndian(forged.AsSpan(windowStartOffset), start);
        BinaryPrimitives.WriteUInt64BigEndian(forged.AsSpan(windowStartOffset + 8), start + 86_400);
        BinaryPrimitives.WriteInt64BigEndian(forged.AsSpan(windowStartOffset + 16), 90_000);

        await using (var raw = await RawDevice.ConnectAsync(system.MqttHost, system.MqttPort, sensor.Address))
        {
            Assert.Equal(ReasonCodes.BadSignature, (await raw.PublishAsync(Topics.Observations(sensor.Address), forged)).Reason);
        }

        // Sent straight to the contract in a round, the forgery is skipped (reason 1, bad signature): nothing counted.
        var round = await ChainAssert.RoundForAsync(system, forged);
        var receipt = await ChainAssert.SendAsFarmerAsync(system, round);
        Assert.True(receipt.Succeeded);
        var skip = Assert.Single(receipt.Logs, l => l.Topics[0] == BatchReceipt.ObservationSkippedTopic);
        Assert.Equal(1, skip.Data[63]);
        Assert.Equal(ItemEffect.Skipped, Assert.Single(BatchReceipt.Read(round, receipt)).Effect);
        Assert.Equal(0u, await ChainAssert.Client(system).GetWindowCountedAsync(quorum, round.Round, default));

        // The gateway keeps serving the device: its genuine reading for that day decides the window with its own value.
        var day2 = await station.RunDayAsync(1.0);
        Assert.Equal(ReasonCodes.Accepted, day2.Reason);
        Assert.Equal(start, (ulong)day2.WindowStart.ToUnixTimeSeconds());
        var decided = Assert.Single(await RelayerChain.WaitForDecidedAsync(system.Anvil, quorum, regionId, start, TimeSpan.FromSeconds(60)));
        var data = Convert.FromHexString(decided.GetProperty("data").GetString()![2..]);
        Assert.Equal(day2.RainfallMicrometres, BinaryPrimitives.ReadInt64BigEndian(data.AsSpan(3 * 32 + 24)));
        fixture.AssertGatewayLoggedNoErrors();
    }
}
