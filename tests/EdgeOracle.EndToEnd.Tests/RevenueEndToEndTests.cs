using System;
using System.Numerics;
using System.Threading.Tasks;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;
using Nethereum.Hex.HexConvertors.Extensions;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class RevenueEndToEndTests(SystemFixture fixture)
{
    private const uint EnergyMetric = 6;

    // Deploy.s.sol: 0.08 tUSD per kWh (6 decimals), paid by the deployer as offtaker.
    private const long TariffPerKWh = 80_000;

    [Fact]
    public async Task SignedEnergyReadings_FromAMeterThroughTheGateway_MakeRevenueClaimableByTheAssetsHolders()
    {
        // A meter (role 3) enabled on RevenueDistributor; its readings signed here with the firmware core's signer.
        var system = fixture.System;
        var meter = await system.ProvisionMeterAsync();
        var distributor = system.Deployer.Contract("RevenueDistributor", system.Deployment.RevenueDistributor);
        var asset = system.Deployer.Contract("AssetToken", system.Deployment.AssetToken);
        var shares = await asset.GetFunction("balanceOf").CallAsync<BigInteger>(system.Deployer.From);
        var supply = await asset.GetFunction("totalSupply").CallAsync<BigInteger>();
        var before = await distributor.GetFunction("claimable").CallAsync<BigInteger>(system.Deployer.From);

        var signer = new MessageSigner(
            new DeviceIdentity(meter.PrivateKey),
            Eip712Domain.ForDeployment(system.Deployment.ChainId, system.Deployment.DeviceRegistry.HexToByteArray()),
            new MessageChain(0, new byte[32]));
        await using var raw = await RawDevice.ConnectAsync(system.MqttHost, system.MqttPort, meter.Address);
        var start = (ulong)DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeSeconds();
        long[] wattHours = [5_000, 7_250, 3_125];
        for (var hour = 0; hour < wattHours.Length; hour++)
        {
            var reading = signer.SignObservation(new Observation
            {
                Metric = EnergyMetric,
                WindowStart = start + ((ulong)hour * 3600),
                WindowEnd = start + ((ulong)(hour + 1) * 3600),
                Value = wattHours[hour],
                SampleCount = 60,
            });
            var ack = await raw.PublishAsync(Topics.Observations(meter.Address), reading.Envelope);
            Assert.Equal(ReasonCodes.Accepted, ack.Reason);
        }

        // 15.375 kWh × 0.08 = 1.23 tUSD, shared pro rata: the deployer holds `shares` of `supply` plant tokens.
        var revenue = new BigInteger(5_000 + 7_250 + 3_125) * TariffPerKWh / 1000;
        var expected = before + (revenue * shares / supply);
        // The per-share accumulator rounds down, so the holder's claim may be a wei short of the exact share.
        var claimable = distributor.GetFunction("claimable");
        var after = before;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); after < expected - 1 && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            after = await claimable.CallAsync<BigInteger>(system.Deployer.From);
        }

        Assert.InRange(after, expected - 1, expected);
        fixture.AssertGatewayLoggedNoErrors();
    }
}
