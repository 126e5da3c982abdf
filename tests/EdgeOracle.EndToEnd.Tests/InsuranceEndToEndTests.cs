using System;
using System.Linq;
using System.Numerics;
using System.Threading.Tasks;
using EdgeOracle.Firmware.Core.Protocol;
using Nethereum.Contracts;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class InsuranceEndToEndTests(SystemFixture fixture)
{
    [Fact]
    public async Task Drought_RaisesPolicyholderBalanceByPayout_FromEmulatedRainGaugeThroughGatewayToChain()
    {
        var system = fixture.System;
        var sensor = await system.ProvisionSensorAsync();
        var payout = new BigInteger(500_000_000); // 500 tUSD
        await system.Deployer.MintAsync(system.Insurer.From, payout);
        var start = Scenario.DaysAgo(7);
        var end = start.AddDays(7);
        await system.Insurer.CreatePolicyAsync(
            system.Farmer.From, sensor.Address, (ulong)start.ToUnixTimeSeconds(), (ulong)end.ToUnixTimeSeconds(),
            thresholdMicrometres: 10_000, payout);
        var before = await system.Farmer.BalanceOfAsync(system.Farmer.From);

        await using var station = await Scenario.StartStationAsync(system, sensor, start);
        var days = await station.RunDaysAsync([0.0, 1.2, 0.0, 0.4, 0.0, 0.0, 0.6]);

        Assert.All(days, d => Assert.Equal(ReasonCodes.Accepted, d.Reason));
        Assert.Equal(2_200, days.Sum(d => d.RainfallMicrometres));
        var after = await Scenario.WaitForAsync(() => system.Farmer.BalanceOfAsync(system.Farmer.From), before + payout, TimeSpan.FromSeconds(60));
        Assert.Equal(before + payout, after);
        fixture.AssertGatewayLoggedNoErrors();
    }

    [Fact]
    public async Task ForgedObservation_IsRejectedByGatewayWithBadSignature_AndRevertsWhenSentStraightToTheContract()
    {
        var system = fixture.System;
        var sensor = await system.ProvisionSensorAsync();
        await using var station = await Scenario.StartStationAsync(system, sensor, Scenario.DaysAgo(3));
        var genuine = await station.RunDayAsync(2.0);
        Assert.Equal(ReasonCodes.Accepted, genuine.Reason);

        // Day 2, rewritten by an attacker: the genuine envelope's value raised to 90 mm, signature untouched.
        var day2 = await station.RunDayAsync(0.0);
        var forged = (byte[])day2.Envelope.Clone();
        const int valueOffset = 6 + 20 + 8 + 4 + 8 + 8;
        var value = BitConverter.GetBytes(90_000L);
        Array.Reverse(value);
        value.CopyTo(forged, valueOffset);

        await using var raw = await RawDevice.ConnectAsync(system.MqttHost, system.MqttPort, sensor.Address);
        var ack = await raw.PublishAsync(Topics.Observations(sensor.Address), forged);
        Assert.Equal(ReasonCodes.BadSignature, ack.Reason);

        var call = ChainAssert.CallFor(system, EdgeOracle.Protocol.MessageKind.Observation, forged);
        await ChainAssert.RevertsWithAsync(
            system.Deployer.Web3, system.Deployment.ParametricInsurance, ((Gateway.Chain.SubmitObservationFunction)call.Function).GetCallData(), system.Deployer.From,
            "ParametricInsuranceBadSignature(address)");

        // The gateway keeps serving the device after the forgery.
        var day3 = await station.RunDayAsync(1.0);
        Assert.Equal(ReasonCodes.Accepted, day3.Reason);
        fixture.AssertGatewayLoggedNoErrors();
    }
}
