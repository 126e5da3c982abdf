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
using Microsoft.Extensions.DependencyInjection;
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
        var (stations, regionId, _, start, end, farmerBefore) = await InsuredRegionAsync(system, stations: 3, quorum: 2, staleness: 600);

        // Two honest stations saw 0.8 and 1.2 mm; the third lies with a storm. The median, 1.2 mm, pays 95 %.
        long[] rainfall = [800, 1_200, 30_000];
        await PublishReadingsAsync(system, stations, rainfall, start, end);

        var expected = farmerBefore + (SumInsured * 95 / 100);
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

    [Fact]
    public async Task FiveStations_OneLyingAndOneSilent_TheRoundWaitsOutTheGrace_AndTheWindowKeeperDecidesAtTheDeadline()
    {
        var system = fixture.System;
        // A quorum of 3 of the 5; a reading may land up to 10 s after its window, so the window's deadline is its end + 10 s.
        // (The round waits Chain:RoundGrace, 3 s here, for the fifth: 5 s of staleness left the round a second to spare,
        // and it missed the deadline when the machine was busy.)
        var (stations, regionId, policyId, start, end, farmerBefore) = await InsuredRegionAsync(system, stations: 5, quorum: 3, staleness: 10);

        // Three honest stations saw 0.8, 1.0 and 1.2 mm, the fourth lies with a storm, the fifth says nothing.
        long[] rainfall = [800, 1_000, 1_200, 30_000];
        await PublishReadingsAsync(system, stations[..4], rainfall, start, end);

        // The relayer waits Chain:RoundGrace for the fifth, then sends the four: the window collects them and stays open.
        FilterLog[] collected = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(30); collected.Length == 0 && DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            collected = await RegionLogsAsync(system, BatchReceipt.WindowCollectedTopic, regionId);
        }

        var counted = Assert.Single(collected).Data.HexToByteArray();
        Assert.Equal(new BigInteger(4), new BigInteger(counted.AsSpan(64, 32), isUnsigned: true, isBigEndian: true));
        Assert.Empty(await RegionLogsAsync(system, BatchReceipt.WindowDecidedTopic, regionId));

        // Nobody else calls: the gateway's window keeper decides it once the chain's clock passes the deadline. Blocks
        // are mined meanwhile, as a live chain would (this anvil mines only on transactions).
        var expected = farmerBefore + (SumInsured * 975 / 1000);
        var farmerAfter = farmerBefore;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); farmerAfter < expected && DateTime.UtcNow < deadline; await Task.Delay(500))
        {
            await system.Anvil.MineAsync();
            farmerAfter = await system.Farmer.BalanceOfAsync(system.Farmer.From);
        }

        // Median of 0.8, 1.0, 1.2 and 30 mm is (1.0 + 1.2) / 2 = 1.1 mm: (5 − 1.1) / (5 − 1) = 97.5 % of the sum insured.
        Assert.Equal(expected, farmerAfter);
        var decided = Assert.Single(await RegionLogsAsync(system, BatchReceipt.WindowDecidedTopic, regionId)).Data.HexToByteArray();
        Assert.Equal(new BigInteger(4), new BigInteger(decided.AsSpan(64, 32), isUnsigned: true, isBigEndian: true));
        Assert.Equal(new BigInteger(1_100), new BigInteger(decided.AsSpan(96, 32), isUnsigned: false, isBigEndian: true));

        // 97.5 % paid leaves the policy active; past its end + 2 × 10 s the expiry keeper closes it, releasing the rest.
        var closedTopic = EdgeOracle.Gateway.Keepers.KeeperAbi.Topic("PolicyClosed(uint256,uint256)");
        FilterLog[] closed = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(60); closed.Length == 0 && DateTime.UtcNow < deadline; await Task.Delay(500))
        {
            await system.Anvil.MineAsync();
            closed = await system.Deployer.Web3.Eth.Filters.GetLogs.SendRequestAsync(new NewFilterInput
            {
                Address = [system.Deployment.QuorumInsurance],
                FromBlock = BlockParameter.CreateEarliest(),
                ToBlock = BlockParameter.CreateLatest(),
                Topics = [closedTopic, "0x" + policyId.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)],
            });
        }

        var released = new BigInteger(Assert.Single(closed).Data.HexToByteArray(), isUnsigned: true, isBigEndian: true);
        Assert.Equal(SumInsured - (SumInsured * 975 / 1000), released);

        // Both calls were the keepers' (each counts its call once it has seen the receipt, a poll after the block).
        var keeperMetrics = system.Gateway.Services.GetRequiredService<EdgeOracle.Gateway.Keepers.KeeperMetrics>();
        bool Counted() =>
            keeperMetrics.Total(EdgeOracle.Gateway.Keepers.WindowKeeper.KeeperName, "done") >= 1
            && keeperMetrics.Total(EdgeOracle.Gateway.Keepers.PolicyExpiryKeeper.KeeperName, "done") >= 1;
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !Counted() && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
        }

        Assert.True(Counted(), "the window and expiry keepers did not count their calls");
        fixture.AssertGatewayLoggedNoErrors();
    }

    [Fact]
    public async Task APayoutOfAPolicyPledgedToTheLendingMarket_RepaysTheFarmersLoanFirst_AndPaysHimTheRest()
    {
        var system = fixture.System;
        var deployer = system.Deployer;
        var market = system.Deployment.LendingMarket;
        var pool = system.Deployment.RiskPool;

        // Lenders' liquidity, and a fresh farmer who borrows 60 tUSD against 200 tUSD of risk-pool shares (60 % borrowable).
        await deployer.MintAsync(deployer.From, 1_000_000_000);
        await deployer.ApproveAsync(market, 1_000_000_000);
        await deployer.SendAsync("LendingMarket", market, "supply", new BigInteger(1_000_000_000));
        var farmer = new EdgeContracts(system.Deployment, Nethereum.Signer.EthECKey.GenerateKey().GetPrivateKey());
        await system.Anvil.RpcAsync("anvil_setBalance", farmer.From, "0x" + BigInteger.Pow(10, 19).ToString("x"));
        await deployer.MintAsync(farmer.From, 200_000_000);
        await farmer.DepositToRiskPoolAsync(200_000_000);
        var shares = await farmer.Contract("RiskPool", pool).GetFunction("balanceOf").CallAsync<BigInteger>(farmer.From);
        await farmer.SendAsync("RiskPool", pool, "approve", market, shares);
        await farmer.SendAsync("LendingMarket", market, "supplyCollateral", pool, shares);
        await farmer.SendAsync("LendingMarket", market, "borrow", new BigInteger(60_000_000));

        // His drought policy is pledged to the market: the market becomes its beneficiary and is told of each payout.
        var (stations, _, policyId, start, end, walletBefore) = await InsuredRegionAsync(system, stations: 3, quorum: 2, staleness: 600, farmer);
        await farmer.SendAsync("QuorumInsurance", system.Deployment.QuorumInsurance, "setBeneficiary", policyId, market, true);
        Assert.Equal(new BigInteger(60_000_000), walletBefore);

        // The stations' round (median 1.2 mm) pays 95 tUSD to the market, which repays the loan and pays him the rest.
        await PublishReadingsAsync(system, stations, [800, 1_200, 30_000], start, end);
        var paid = SumInsured * 95 / 100;
        FilterLog? payout = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); payout is null && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            payout = (await system.Deployer.Web3.Eth.Filters.GetLogs.SendRequestAsync(new NewFilterInput
            {
                Address = [market],
                FromBlock = BlockParameter.CreateEarliest(),
                ToBlock = BlockParameter.CreateLatest(),
                Topics = [EdgeOracle.Gateway.Keepers.KeeperAbi.Topic("InsurancePayout(uint256,address,uint256,uint256)"), "0x" + policyId.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)],
            })).SingleOrDefault();
        }

        Assert.NotNull(payout);
        var data = payout.Data.HexToByteArray();
        var amount = new BigInteger(data.AsSpan(0, 32), isUnsigned: true, isBigEndian: true);
        var repaid = new BigInteger(data.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        Assert.Equal(paid, amount);
        Assert.InRange(repaid, new BigInteger(60_000_000), new BigInteger(60_100_000)); // the principal and a few seconds' interest
        var debt = await farmer.Contract("LendingMarket", market).GetFunction("borrowBalanceOf").CallAsync<BigInteger>(farmer.From);
        Assert.Equal(BigInteger.Zero, debt);
        Assert.Equal(walletBefore + paid - repaid, await farmer.BalanceOfAsync(farmer.From));
        fixture.AssertGatewayLoggedNoErrors();
    }

    [Fact]
    public async Task AReadingNoProductOfItsRegionTakes_IsStoredNotRelayed_WithTheReason_AndNothingIsSent()
    {
        var system = fixture.System;
        var station = await system.ProvisionSensorAsync();
        var regionId = await system.Deployer.CreateRegionAsync([station.Address]);
        using var relays = RelayWatch.Start(system.Gateway.Events, station.Address);
        var outboxBefore = await system.Gateway.GetOutboxCountsAsync();

        // A temperature reading (metric 2) of a region whose products, if any, are on rainfall: no round can take it.
        var signer = new MessageSigner(
            new DeviceIdentity(station.PrivateKey),
            Eip712Domain.ForDeployment(system.Deployment.ChainId, system.Deployment.DeviceRegistry.HexToByteArray()),
            new MessageChain(0, new byte[32]));
        var end = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() / WindowLength * WindowLength;
        var reading = signer.SignObservation(new Observation { Metric = 2, WindowStart = end - WindowLength, WindowEnd = end, Value = 21_500, SampleCount = 60 });
        await using (var raw = await RawDevice.ConnectAsync(system.MqttHost, system.MqttPort, station.Address))
        {
            Assert.Equal(ReasonCodes.Accepted, (await raw.PublishAsync(Topics.Observations(station.Address), reading.Envelope)).Reason);
        }

        var outcome = await relays.ForAsync(1);
        Assert.Equal(RelayStatus.NotRelayed, outcome.Status);
        Assert.Contains($"QuorumInsuranceOffGrid: region {regionId} has no product on metric 2", outcome.Error, StringComparison.Ordinal);
        Assert.Null(outcome.TransactionHash);
        var outboxAfter = await system.Gateway.GetOutboxCountsAsync();
        Assert.Equal(outboxBefore.NotRelayed + 1, outboxAfter.NotRelayed);
        Assert.Equal(outboxBefore.Failed, outboxAfter.Failed);
        fixture.AssertGatewayLoggedNoErrors();
    }

    private static readonly BigInteger SumInsured = 100_000_000;

    /// <summary>
    /// A region of new stations and a product on it that pays below 5 mm of rain in a window, all of the sum insured at
    /// 1 mm (linear in between); a funded pool; the farmer's policy on the next window; the chain's clock moved past that
    /// window's end (a few seconds) so that its round can be sent.
    /// </summary>
    private static async Task<(DeviceKey[] Stations, uint RegionId, BigInteger PolicyId, ulong Start, ulong End, BigInteger FarmerBefore)> InsuredRegionAsync(
        LocalEdgeSystem system, int stations, byte quorum, uint staleness, EdgeContracts? farmer = null)
    {
        farmer ??= system.Farmer;
        var keys = new DeviceKey[stations];
        for (var i = 0; i < stations; i++)
        {
            keys[i] = await system.ProvisionSensorAsync();
        }

        var regionId = await system.Deployer.CreateRegionAsync(keys.Select(s => s.Address));
        var productId = await system.Deployer.CreateProductAsync(new ProductTerms
        {
            Region = regionId,
            Metric = Rainfall,
            Quorum = quorum,
            Direction = 0,
            WindowLength = WindowLength,
            Staleness = staleness,
            PremiumBps = 500,
            Trigger = 5_000,
            Exit = 1_000,
            WaitingPeriod = 0,
            MaxCoverage = 3_600,
            MinSumInsured = 1,
        });
        await system.Deployer.MintAsync(system.Deployer.From, 1_005_000_000);
        await system.Deployer.DepositToRiskPoolAsync(1_000_000_000);
        var now = await ChainTimeAsync(system);
        var start = ((now + 3) / WindowLength + 1) * WindowLength;
        var policyId = await system.Deployer.BuyPolicyAsync(productId, farmer.From, start, start + WindowLength, SumInsured, 5_000_000);
        var farmerBefore = await farmer.BalanceOfAsync(farmer.From);

        var end = start + WindowLength;
        var ahead = await ChainTimeAsync(system);
        if (ahead <= end)
        {
            await system.Anvil.RpcAsync("evm_increaseTime", (long)(end - ahead + 1));
            await system.Anvil.MineAsync();
        }

        return (keys, regionId, policyId, start, end, farmerBefore);
    }

    /// <summary>Each station signs its rainfall for the window and publishes it; the gateway must accept each.</summary>
    private static async Task PublishReadingsAsync(LocalEdgeSystem system, DeviceKey[] stations, long[] rainfall, ulong start, ulong end)
    {
        for (var i = 0; i < rainfall.Length; i++)
        {
            var signer = new MessageSigner(
                new DeviceIdentity(stations[i].PrivateKey),
                Eip712Domain.ForDeployment(system.Deployment.ChainId, system.Deployment.DeviceRegistry.HexToByteArray()),
                new MessageChain(0, new byte[32]));
            await using var raw = await RawDevice.ConnectAsync(system.MqttHost, system.MqttPort, stations[i].Address);
            var reading = signer.SignObservation(new Observation { Metric = Rainfall, WindowStart = start, WindowEnd = end, Value = rainfall[i], SampleCount = 60 });
            Assert.Equal(ReasonCodes.Accepted, (await raw.PublishAsync(Topics.Observations(stations[i].Address), reading.Envelope)).Reason);
        }
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
