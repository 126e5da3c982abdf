using System;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using Microsoft.Extensions.Options;
using Xunit;
using MessageKind = EdgeOracle.Protocol.MessageKind;

namespace EdgeOracle.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class ExactlyOnceEndToEndTests(SystemFixture fixture)
{
    [Fact]
    public async Task ResendingARecordedObservation_IsAnsweredAlreadyOnChain_AndADifferentRevertStaysARevert()
    {
        var system = fixture.System;
        var sensor = await system.ProvisionSensorAsync();
        await using var station = await Scenario.StartStationAsync(system, sensor, Scenario.DaysAgo(3));
        var days = await station.RunDaysAsync([1.0, 2.0]);
        Assert.All(days, d => Assert.Equal(ReasonCodes.Accepted, d.Reason));
        await Scenario.WaitForAsync(
            async () => new BigInteger(await RelayerChain.LastSequenceAsync(system, sensor.Address)), new BigInteger(days[1].Sequence), TimeSpan.FromSeconds(60));

        // Another account (not the gateway's relayer, so their nonces do not interfere) asks to send day 1 again.
        var client = new NethereumChainClient(new ChainConnection(Options.Create(new ChainOptions
        {
            RpcUrl = system.Deployment.RpcUrl,
            ChainId = (long)system.Deployment.ChainId,
            RelayerPrivateKey = DevAccounts.Farmer,
        })));
        var again = ChainAssert.CallFor(system, MessageKind.Observation, days[0].Envelope);
        var result = await client.EstimateAsync(again, CancellationToken.None);
        Assert.Equal(EstimateStatus.AlreadyOnChain, result.Status);
        Assert.Contains("ParametricInsuranceSequenceReplayed", result.Error, StringComparison.Ordinal);

        // The same sequence with another window is a different observation: a replay, not the recorded effect.
        var other = ChainAssert.CallFor(system, MessageKind.Observation, days[0].Envelope);
        ((SubmitObservationFunction)other.Function).Obs.Value += 1;
        var refused = await client.EstimateAsync(other, CancellationToken.None);
        Assert.Equal(EstimateStatus.Reverted, refused.Status);
        fixture.AssertGatewayLoggedNoErrors();
    }
}
