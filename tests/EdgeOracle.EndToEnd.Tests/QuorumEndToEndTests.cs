using System;
using System.Linq;
using System.Numerics;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Gateway.Chain;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class QuorumEndToEndTests(SystemFixture fixture)
{
    private const uint Rainfall = 1;

    // Short windows keep the chain's clock close to the wall clock, which the other tests of the shared chain sign by.
    private const uint WindowLength = 10;

    [Fact]
    public async Task ThreeStationsOfARegion_OneLying_SendOneRound_AndTheMedianPaysThePolicy()
    {
        var system = fixture.System;
        var stations = new[] { await system.ProvisionSensorAsync(), await system.ProvisionSensorAsync(), await system.ProvisionSensorAsync() };
        var regionId = await system.Deployer.CreateRegionAsync(stations.Select(s => s.Address));

        // Pays below 5 mm in a window, all of the sum insured at 1 mm: linear in between.
        var productId = await system.Deployer.CreateProductAsync(new ProductTerms
        {
            Region = regionId,
            Metric = Rainfall,
            Quorum = 2,
            Direction = 0,
            WindowLength = WindowLength,
            Staleness = 600,
            PremiumBps = 500,
            Trigger = 5_000,
            Exit = 1_000,
            WaitingPeriod = 0,
            MaxCoverage = 3_600,
            MinSumInsured = 1,
        });
        BigInteger sumInsured = 100_000_000;
        await system.Deployer.MintAsync(system.Deployer.From, 1_005_000_000);
        await system.Deployer.DepositToRiskPoolAsync(1_000_000_000);
        var now = await ChainTimeAsync(system);
        var start = ((now + 3) / WindowLength + 1) * WindowLength;
        await system.Deployer.BuyPolicyAsync(productId, system.Farmer.From, start, start + WindowLength, sumInsured, 5_000_000);
        var farmerBefore = await system.Farmer.BalanceOfAsync(system.Farmer.From);

        // The window ends on chain: move the chain's clock past it (a few seconds).
        var end = start + WindowLength;
        var ahead = await ChainTimeAsync(system);
        if (ahead <= end)
        {
            await system.Anvil.RpcAsync("evm_increaseTime", (long)(end - ahead + 1));
            await system.Anvil.MineAsync();
        }

        // Two honest stations saw 0.8 and 1.2 mm; the third lies with a storm. The median, 1.2 mm, pays 95 %.
        long[] rainfall = [800, 1_200, 30_000];
        for (var i = 0; i < stations.Length; i++)
        {
            var signer = new MessageSigner(
                new DeviceIdentity(stations[i].PrivateKey),
                Eip712Domain.ForDeployment(system.Deployment.ChainId, system.Deployment.DeviceRegistry.HexToByteArray()),
                new MessageChain(0, new byte[32]));
            await using var raw = await RawDevice.ConnectAsync(system.MqttHost, system.MqttPort, stations[i].Address);
            var reading = signer.SignObservation(new Observation
            {
                Metric = Rainfall,
                WindowStart = start,
                WindowEnd = end,
                Value = rainfall[i],
                SampleCount = 60,
            });
            Assert.Equal(ReasonCodes.Accepted, (await raw.PublishAsync(Topics.Observations(stations[i].Address), reading.Envelope)).Reason);
        }

        var expected = farmerBefore + (sumInsured * 95 / 100);
        var farmerAfter = farmerBefore;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); farmerAfter < expected && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            farmerAfter = await system.Farmer.BalanceOfAsync(system.Farmer.From);
        }

        Assert.Equal(expected, farmerAfter);

        // One round carried all three readings: the window was decided once, over three values with median 1.2 mm,
        // and never collected part-way (a split round would have logged WindowCollected first).
        var log = Assert.Single(await RegionLogsAsync(system, BatchReceipt.WindowDecidedTopic, regionId));
        var data = log.Data.HexToByteArray();
        Assert.Equal(new BigInteger(3), new BigInteger(data.AsSpan(64, 32), isUnsigned: true, isBigEndian: true));
        Assert.Equal(new BigInteger(1_200), new BigInteger(data.AsSpan(96, 32), isUnsigned: false, isBigEndian: true));
        Assert.Empty(await RegionLogsAsync(system, BatchReceipt.WindowCollectedTopic, regionId));
        fixture.AssertGatewayLoggedNoErrors();
    }

    private static Task<FilterLog[]> RegionLogsAsync(LocalEdgeSystem system, EdgeOracle.Protocol.Bytes32 topic, uint regionId) =>
        system.Deployer.Web3.Eth.Filters.GetLogs.SendRequestAsync(new NewFilterInput
        {
            Address = [system.Deployment.QuorumInsurance],
            FromBlock = BlockParameter.CreateEarliest(),
            ToBlock = BlockParameter.CreateLatest(),
            Topics = ["0x" + Convert.ToHexStringLower(topic.ToArray()), "0x" + regionId.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)],
        });

    private static async Task<ulong> ChainTimeAsync(LocalEdgeSystem system)
    {
        var block = await system.Deployer.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        return (ulong)block.Timestamp.Value;
    }
}
