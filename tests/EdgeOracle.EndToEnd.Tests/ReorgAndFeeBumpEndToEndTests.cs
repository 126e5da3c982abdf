using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text.Json;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Firmware.Core.Protocol;
using Xunit;
using Xunit.Abstractions;

namespace EdgeOracle.EndToEnd.Tests;

/// <summary>
/// The relayer against a real anvil that misbehaves on purpose: a block with the relayed transaction reorganised away
/// before the confirmation depth (the transaction lost, or taken into the new block), no block for longer than
/// <c>Chain:BumpAfter</c> (the transaction is replaced with higher fees), a base fee that rises above what a pooled
/// transaction pays (anvil drops it), and a block every second that takes many devices' transactions.
/// </summary>
[Collection(ManualMiningCollection.Name)]
public sealed class ReorgAndFeeBumpEndToEndTests(ManualMiningFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private LocalEdgeSystem System => fixture.System;

    private AnvilNode Anvil => fixture.System.Anvil;

    // Each sensor here is alone in a QuorumInsurance region (a reading is a round of one that decides its window).
    private readonly System.Collections.Generic.Dictionary<string, uint> _regions = [];

    private string Quorum => System.Deployment.QuorumInsurance.ToLowerInvariant();

    [Fact]
    public Task BlockReorganisedAwayBeforeTheDepth_WithTheTransactionLost_IsNoticed_AndTheObservationSentAgain_RecordedOnce() =>
        WithOneSensorAsync(async station =>
        {
            var before = fixture.Relayer;
            var day = await MinedOneDeepAsync(station);
            var first = await MinedTransactionAsync(station.Address, day);

            await Anvil.ReorgAsync(depth: 1);
            Assert.Empty(await DecidedAsync(station.Address, day));

            // The receipt is gone and the node does not know the transaction: sent again, at the nonce it had.
            var again = await RelayerChain.WaitForPooledAsync(Anvil, Quorum, timeout: Patience);
            Assert.Equal(RelayerChain.Quantity(first.GetProperty("nonce")), RelayerChain.Quantity(again.GetProperty("nonce")));
            await Anvil.MineAsync(ManualMiningFixture.Confirmations);
            await RelayedAsync(station, day);

            Assert.Single(await DecidedAsync(station.Address, day));
            Assert.True(fixture.Relayer.Reorgs > before.Reorgs, "the reorganisation was noticed");
            Assert.True(fixture.Relayer.Resends > before.Resends, "the observation was sent again");
            Assert.Equal(0, (await System.Gateway.GetOutboxCountsAsync()).Failed);
        });

    [Fact]
    public Task BlockReorganisedAwayBeforeTheDepth_WithTheTransactionTakenIntoTheNewBlock_IsFollowedThere_NotSentAgain() =>
        WithOneSensorAsync(async station =>
        {
            var day = await MinedOneDeepAsync(station);
            var before = fixture.Relayer;
            var hash = (await MinedTransactionAsync(station.Address, day)).GetProperty("hash").GetString()!;
            var oldBlock = (await Anvil.RpcAsync("eth_getTransactionReceipt", hash)).GetProperty("blockHash").GetString();

            await Anvil.ReorgAsync(depth: 1, [(await Anvil.GetRawTransactionAsync(hash), 0)]);
            var newBlock = (await Anvil.RpcAsync("eth_getTransactionReceipt", hash)).GetProperty("blockHash").GetString();

            // Several polls later: nothing new sent, and the row still waits for the depth, counted from the new block.
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.NotEqual(oldBlock, newBlock);
            Assert.Empty(await Anvil.PooledFromAsync(RelayerChain.Relayer));
            Assert.Equal((before.Sent, before.Resends), (fixture.Relayer.Sent, fixture.Relayer.Resends));
            Assert.True(await fixture.IsSubmittedAsync(station.Address, day.Sequence), "not relayed before the depth");

            await Anvil.MineAsync(ManualMiningFixture.Confirmations - 1);
            await RelayedAsync(station, day);
            Assert.Equal(hash, (await MinedTransactionAsync(station.Address, day)).GetProperty("hash").GetString());
        });

    [Fact]
    public Task TransactionNotMinedWithinBumpAfter_IsReplacedAtTheSameNonce_WithFeesUpByAnEighth_AndRecordedOnce() =>
        WithOneSensorAsync(async station =>
        {
            var before = fixture.Relayer;
            var (day, first) = await SentAsync(station);
            var firstHash = first.GetProperty("hash").GetString()!;

            // No block comes: after Chain:BumpAfter (1 s here) the pooled transaction is replaced.
            var bumped = await RelayerChain.WaitForPooledAsync(Anvil, Quorum, tx => tx.GetProperty("hash").GetString() != firstHash, Patience);
            Assert.Equal(RelayerChain.Quantity(first.GetProperty("nonce")), RelayerChain.Quantity(bumped.GetProperty("nonce")));
            AssertRaisedByAnEighth(first, bumped, "maxFeePerGas");
            AssertRaisedByAnEighth(first, bumped, "maxPriorityFeePerGas");
            Assert.Equal(JsonValueKind.Null, (await Anvil.RpcAsync("eth_getTransactionByHash", firstHash)).ValueKind);

            await Anvil.MineAsync(ManualMiningFixture.Confirmations);
            await RelayedAsync(station, day);

            var mined = await MinedTransactionAsync(station.Address, day);
            Assert.NotEqual(firstHash, mined.GetProperty("hash").GetString());
            Assert.Equal(RelayerChain.Quantity(first.GetProperty("nonce")), RelayerChain.Quantity(mined.GetProperty("nonce")));
            Assert.True(fixture.Relayer.Bumps > before.Bumps, "counted as a bump");
        });

    [Fact]
    public Task TransactionTheNodeDroppedWhenTheBaseFeeRoseAboveIt_IsSentAgain_WithFeesFromTheNewBaseFee_AndRecordedOnce() =>
        WithOneSensorAsync(async station =>
        {
            var before = fixture.Relayer;
            var (day, first) = await SentAsync(station);
            var firstHash = first.GetProperty("hash").GetString()!;
            var raised = RelayerChain.Quantity(first.GetProperty("maxFeePerGas")) * 6 / 5;

            // A block whose base fee the transaction cannot pay: anvil drops it from the pool.
            await Anvil.SetNextBlockBaseFeeAsync(raised);
            await Anvil.MineAsync();
            Assert.Equal(JsonValueKind.Null, (await Anvil.RpcAsync("eth_getTransactionReceipt", firstHash)).ValueKind);

            var again = await RelayerChain.WaitForPooledAsync(Anvil, Quorum, timeout: Patience);
            Assert.Equal(RelayerChain.Quantity(first.GetProperty("nonce")), RelayerChain.Quantity(again.GetProperty("nonce")));
            Assert.True(RelayerChain.Quantity(again.GetProperty("maxFeePerGas")) > raised, "fees from the risen base fee: " + again.GetProperty("maxFeePerGas"));

            await Anvil.SetNextBlockBaseFeeAsync(raised);
            await Anvil.MineAsync(ManualMiningFixture.Confirmations);
            await RelayedAsync(station, day);

            Assert.Equal(again.GetProperty("hash").GetString(), (await MinedTransactionAsync(station.Address, day)).GetProperty("hash").GetString());
            Assert.True(fixture.Relayer.Resends > before.Resends, "counted as a resend");
        });

    [Fact]
    public async Task ManySensors_WithABlockEverySecond_AreRelayedSideBySide_EachInItsOwnOrder_OncePerSequence()
    {
        const int Sensors = 16;
        const int Days = 3;
        var sensors = new DeviceKey[Sensors];
        for (var i = 0; i < Sensors; i++)
        {
            (sensors[i], var regionId) = await System.ProvisionLoneStationAsync();
            _regions[sensors[i].Address] = regionId;
        }

        var stations = await Task.WhenAll(sensors.Select(s => Scenario.StartStationAsync(System, s, Scenario.DaysAgo(Days + 1))));
        var firstBlock = (long)RelayerChain.Quantity(await Anvil.RpcAsync("eth_blockNumber"));
        var warningsBefore = fixture.GatewayWarnings.Count;
        await Anvil.SetAutomineAsync(false);
        await Anvil.SetIntervalMiningAsync(1);
        var clock = Stopwatch.StartNew();
        try
        {
            var days = await Task.WhenAll(stations.Select(s => s.RunDaysAsync([1.0, 2.0, 0.5])));
            Assert.All(days.SelectMany(d => d), d => Assert.Equal(ReasonCodes.Accepted, d.Reason));
            foreach (var sensor in sensors)
            {
                await RelayerChain.WaitUntilAsync(
                    async () => !await fixture.IsSubmittedAsync(sensor.Address, Days) && await DecidedCountAsync(sensor.Address) == Days,
                    TimeSpan.FromSeconds(120),
                    "all relayed");
            }

            var elapsed = clock.Elapsed;
            var lastBlock = (long)RelayerChain.Quantity(await Anvil.RpcAsync("eth_blockNumber"));
            var perBlock = new int[lastBlock - firstBlock + 1];
            for (var number = firstBlock; number <= lastBlock; number++)
            {
                var block = await Anvil.RpcAsync("eth_getBlockByNumber", "0x" + number.ToString("x", CultureInfo.InvariantCulture), true);
                perBlock[number - firstBlock] = block.GetProperty("transactions").EnumerateArray()
                    .Count(tx => tx.GetProperty("from").GetString() == RelayerChain.Relayer && tx.GetProperty("to").GetString() == Quorum);
            }

            output.WriteLine(
                $"{Sensors * Days} readings of {Sensors} sensors on chain (each a round of one) and confirmed ({ManualMiningFixture.Confirmations} blocks) " +
                $"{elapsed.TotalSeconds:F1} s after the first was sent, 1 s blocks; relay transactions per block: {string.Join(' ', perBlock)}; " +
                $"most in flight at once: {fixture.Relayer.MaxInFlight}; gateway warnings meanwhile:\n" +
                string.Join("\n", fixture.GatewayWarnings.Skip(warningsBefore)));
            Assert.Equal(Sensors * Days, perBlock.Sum());
            Assert.True(perBlock.Max() >= 4, "several devices' transactions share a block (most: " + perBlock.Max() + ")");
            for (var i = 0; i < Sensors; i++)
            {
                foreach (var day in days[i])
                {
                    Assert.Single(await DecidedAsync(sensors[i].Address, day));
                }
            }
        }
        finally
        {
            await Anvil.SetIntervalMiningAsync(0);
            await Anvil.SetAutomineAsync(true);
            foreach (var station in stations)
            {
                await station.DisposeAsync();
            }
        }

        fixture.AssertGatewayLoggedNoErrors();
    }

    /// <summary>
    /// Runs <paramref name="test"/> for a newly provisioned sensor's station with automine off (on again after), then
    /// checks that the gateway logged no error.
    /// </summary>
    private async Task WithOneSensorAsync(Func<EmulatedSensorStation, Task> test)
    {
        var (sensor, regionId) = await System.ProvisionLoneStationAsync();
        _regions[sensor.Address] = regionId;
        await using var station = await Scenario.StartStationAsync(System, sensor, Scenario.DaysAgo(3));
        await Anvil.SetAutomineAsync(false);
        try
        {
            await test(station);
        }
        finally
        {
            await Anvil.SetAutomineAsync(true);
        }

        fixture.AssertGatewayLoggedNoErrors();
    }

    /// <summary>The station's next day accepted and the relayer's transaction for it in the pool.</summary>
    private async Task<(DayResult Day, JsonElement Pooled)> SentAsync(EmulatedSensorStation station)
    {
        var day = await station.RunDayAsync(1.0);
        Assert.Equal(ReasonCodes.Accepted, day.Reason);
        return (day, await RelayerChain.WaitForPooledAsync(Anvil, Quorum, timeout: Patience));
    }

    /// <summary>The station's next day sent, mined, one block deep, and the relayer aware of it: short of the depth.</summary>
    private async Task<DayResult> MinedOneDeepAsync(EmulatedSensorStation station)
    {
        var (day, _) = await SentAsync(station);
        await Anvil.MineAsync();
        await RelayerChain.WaitUntilAsync(() => Task.FromResult(fixture.Relayer.AwaitingConfirmations == 1), Patience, "the relayer saw the receipt");
        Assert.True(await fixture.IsSubmittedAsync(station.Address, day.Sequence), "mined one block deep is not relayed yet");
        return day;
    }

    private Task RelayedAsync(EmulatedSensorStation station, DayResult day) =>
        RelayerChain.WaitUntilAsync(async () => !await fixture.IsSubmittedAsync(station.Address, day.Sequence), Patience, "relayed");

    private static void AssertRaisedByAnEighth(JsonElement first, JsonElement replacement, string fee)
    {
        var (before, after) = (RelayerChain.Quantity(first.GetProperty(fee)), RelayerChain.Quantity(replacement.GetProperty(fee)));
        Assert.True(after * 8 >= before * 9, $"{fee} up by at least 12.5 %: {before} → {after}");
    }

    /// <summary>The <c>WindowDecided</c> events of the window of <paramref name="day"/>'s reading of <paramref name="sensor"/>.</summary>
    private Task<JsonElement[]> DecidedAsync(string sensor, DayResult day) =>
        RelayerChain.DecidedAsync(Anvil, Quorum, _regions[sensor], (ulong)day.WindowStart.ToUnixTimeSeconds());

    /// <summary>How many windows <paramref name="sensor"/>'s readings decided.</summary>
    private async Task<int> DecidedCountAsync(string sensor) => (await RelayerChain.DecidedAsync(Anvil, Quorum, _regions[sensor])).Length;

    /// <summary>The transaction whose round took <paramref name="day"/>'s reading of <paramref name="sensor"/> (and decided its window).</summary>
    private async Task<JsonElement> MinedTransactionAsync(string sensor, DayResult day)
    {
        var decided = Assert.Single(await DecidedAsync(sensor, day));
        return await Anvil.RpcAsync("eth_getTransactionByHash", decided.GetProperty("transactionHash").GetString()!);
    }
}
