using System;
using System.Buffers.Binary;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Tests.TestSupport;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Tests.TestSupport;
using EdgeOracle.Protocol.Wire;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Chain;

// The quorum path of the relayer: readings of a QuorumInsurance region's sensors for one window go as one
// submitRound, as soon as the whole region is in or Chain:RoundGrace after the first reading.
public sealed class OutboxRelayerQuorumTests : IDisposable
{
    private const string Quorum = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";
    private const ulong Day = 86_400;
    private const ulong WindowStart = 20_000 * Day;

    private readonly PipelineHarness _harness = new();
    private readonly FakeChainClient _chain = new();
    private readonly ILoggerFactory _loggers;
    private readonly ChainOptions _options = TestChain.Options(relayEnabled: true);
    private readonly RelayerMetrics _relayerMetrics;

    public OutboxRelayerQuorumTests()
    {
        _loggers = _harness.Logs.CreateFactory();
        _relayerMetrics = new RelayerMetrics(_harness.MeterFactory);
        _options.QuorumInsuranceAddress = Quorum;
        _chain.LoneSensors = false;
        _options.RoundGrace = TimeSpan.FromSeconds(30);
        _options.RetryBaseDelay = TimeSpan.FromSeconds(2);
        _options.RetryMaxDelay = TimeSpan.FromSeconds(5);
    }

    [Fact]
    public async Task TheWholeRegionsReadings_GoAsOneRound_AtOnce()
    {
        var stations = Region(1, 3);
        foreach (var station in stations)
        {
            await AcceptAsync(Reading(station, 1_200));
        }

        var outcomes = await Relayer().RelayRoundAsync(CancellationToken.None);

        var call = Assert.Single(_chain.Calls);
        Assert.Equal((RelayTarget.Quorum, Quorum), (call.Target, call.Contract));
        var round = Assert.IsType<SubmitRoundFunction>(call.Function);
        Assert.Equal((1u, 1u, WindowStart, WindowStart + Day), (round.RegionId, round.Metric, round.WindowStart, round.WindowEnd));
        Assert.Equal(3 * QuorumItems.ItemLength, round.Items.Length);
        Assert.Equal([0, 1, 2], Enumerable.Range(0, 3).Select(i => (int)round.Items[i * QuorumItems.ItemLength]).Order());
        Assert.Equal(3, outcomes.Count(o => o.Status == RelayStatus.Relayed));
        Assert.Equal(new OutboxCounts(0, 0, 3, 0), await _harness.Sqlite.Outbox.CountAsync(default));
    }

    [Fact]
    public async Task APartialRound_WaitsForTheRestOfTheRegion_UntilRoundGrace_ThenGoesWithWhatArrived()
    {
        var stations = Region(1, 3);
        await AcceptAsync(Reading(stations[0], 100), Reading(stations[1], 300));
        var relayer = Relayer();

        var first = await relayer.RelayRoundAsync(CancellationToken.None);
        _harness.Time.Advance(TimeSpan.FromSeconds(29));
        var early = await relayer.RelayRoundAsync(CancellationToken.None);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        var due = await relayer.RelayRoundAsync(CancellationToken.None);

        Assert.Empty(first);
        Assert.Empty(early);
        Assert.Equal(2, due.Count(o => o.Status == RelayStatus.Relayed));
        Assert.Equal(2, Assert.Single(_chain.Calls).Items.Count);
    }

    [Fact]
    public async Task ReadingsOfOtherWindowsAndRegions_MakeRoundsOfTheirOwn()
    {
        var north = Region(1, 2);
        var south = Region(2, 1);
        _options.RoundGrace = TimeSpan.Zero;
        await AcceptAsync(Reading(north[0], 1), Reading(north[1], 2), Reading(south[0], 3));
        await AcceptAsync(Reading(north[0], 4, windowStart: WindowStart + Day));

        var outcomes = await RelayerRounds.DrainAsync(Relayer());

        Assert.Equal(4, outcomes.Count(o => o.Status == RelayStatus.Relayed));
        var rounds = _chain.Calls.Select(c => ((SubmitRoundFunction)c.Function, c.Items.Count)).ToArray();
        Assert.Contains(rounds, r => r.Item1.RegionId == 1 && r.Item1.WindowStart == WindowStart && r.Count == 2);
        Assert.Contains(rounds, r => r.Item1.RegionId == 2 && r.Count == 1);
        Assert.Contains(rounds, r => r.Item1.RegionId == 1 && r.Item1.WindowStart == WindowStart + Day && r.Count == 1);
    }

    [Fact]
    public async Task ASkippedReading_FailsWithItsReason_AndARepeatCountsAsRelayed()
    {
        _chain.ContractLike = true;
        var stations = Region(1, 3);
        var readings = stations.Select((s, i) => Reading(s, 10 * i)).ToArray();
        await AcceptAsync(readings);
        _chain.Refused[(stations[1].Address.ToLowerInvariant(), readings[1].Sequence)] = true;
        _chain.Effects[(stations[2].Address.ToLowerInvariant(), readings[2].Sequence)] = 1;

        var outcomes = await Relayer().RelayRoundAsync(CancellationToken.None);

        var byDevice = outcomes.ToDictionary(o => o.Device.ToString());
        Assert.Equal(RelayStatus.Relayed, byDevice[stations[0].Address.ToLowerInvariant()].Status);
        Assert.Equal(RelayStatus.Failed, byDevice[stations[1].Address.ToLowerInvariant()].Status);
        Assert.StartsWith("ObservationSkipped: bad signature", byDevice[stations[1].Address.ToLowerInvariant()].Error, StringComparison.Ordinal);
        Assert.Equal(RelayStatus.Relayed, byDevice[stations[2].Address.ToLowerInvariant()].Status);
        Assert.Contains("already counted", byDevice[stations[2].Address.ToLowerInvariant()].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReadingForADecidedWindow_IsRelayedIfItsSensorCounted_AndFailsIfNot()
    {
        var stations = Region(1, 2);
        await AcceptAsync(Reading(stations[0], 1), Reading(stations[1], 2));
        var round = new RoundKey(1, 1, WindowStart, WindowStart + Day);
        _chain.ClosedRounds[round] = true;
        _chain.Counted[round] = 0b01; // station 0 counted in an earlier transaction; station 1 never did

        var outcomes = (await Relayer().RelayRoundAsync(CancellationToken.None)).ToDictionary(o => o.Device.ToString());

        Assert.Equal(RelayStatus.Relayed, outcomes[stations[0].Address.ToLowerInvariant()].Status);
        var lost = outcomes[stations[1].Address.ToLowerInvariant()];
        Assert.Equal(RelayStatus.Failed, lost.Status);
        Assert.EndsWith("the window was decided without this reading", lost.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASensorInNoRegion_IsStoredNotRelayed_WithTheReason_AndTheMembersRegionIsReadOnce()
    {
        var member = Region(1, 1)[0];
        var loner = Register(new TestDevice());
        _options.RoundGrace = TimeSpan.Zero;
        await AcceptAsync(Reading(member, 1), Reading(loner, 2));
        await AcceptAsync(Reading(member, 3, windowStart: WindowStart + Day));

        var outcomes = await RelayerRounds.DrainAsync(Relayer());

        Assert.Equal(2, outcomes.Count(o => o.Status == RelayStatus.Relayed));
        var untaken = Assert.Single(outcomes, o => o.Status == RelayStatus.NotRelayed);
        Assert.Equal(loner.Address, untaken.Device.ToString(), ignoreCase: true);
        Assert.Equal($"sensor {loner.Address.ToLowerInvariant()} is in no QuorumInsurance region (an insurer's createRegion puts it in one; readings from then on are relayed)", untaken.Error);
        Assert.Null(untaken.TransactionHash);
        Assert.Equal(2, _chain.Calls.Count);
        Assert.All(_chain.Calls, c => Assert.Equal((RelayTarget.Quorum, Quorum), (c.Target, c.Contract)));
        Assert.Equal(1, _chain.MembershipLookups.Count(l => l == member.Address.ToLowerInvariant()));
        Assert.Equal(1, (await _harness.Sqlite.Outbox.CountAsync(default)).NotRelayed);
    }

    [Fact]
    public async Task ARoundWhoseWindowHasNotEndedOnChain_IsRetriedLater_NotFailed()
    {
        var station = Region(1, 1)[0];
        await AcceptAsync(Reading(station, 1));
        _chain.Estimates.Enqueue(Estimate.Transient("QuorumInsuranceBadRound: the chain's clock has not passed the window's end yet"));
        var relayer = Relayer();

        var first = await relayer.RelayRoundAsync(CancellationToken.None);
        _harness.Time.Advance(TimeSpan.FromSeconds(3));
        var later = await relayer.RelayRoundAsync(CancellationToken.None);

        Assert.Equal(RelayStatus.Retrying, Assert.Single(first).Status);
        Assert.Equal(RelayStatus.Relayed, Assert.Single(later).Status);
    }

    [Fact]
    public async Task ARoundNoProductTakes_IsStoredNotRelayed_WithTheReason_AndTheSensorsNextReadingStillGoes()
    {
        var stations = Region(1, 2);
        await AcceptAsync(Reading(stations[0], 1), Reading(stations[1], 2));
        _chain.Estimates.Enqueue(Estimate.NotTaken("QuorumInsuranceOffGrid: region 1 has no product on metric 1 with windows of 86400 s starting at 0"));
        var relayer = Relayer();

        var outcomes = await relayer.RelayRoundAsync(CancellationToken.None);
        await AcceptAsync(Reading(stations[0], 3, WindowStart + Day));
        await relayer.RelayRoundAsync(CancellationToken.None);
        _harness.Time.Advance(_options.RoundGrace + TimeSpan.FromSeconds(1)); // a round of one of two waits out the grace
        var next = await RelayerRounds.DrainAsync(relayer);

        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(RelayStatus.NotRelayed, o.Status));
        Assert.All(outcomes, o => Assert.StartsWith("QuorumInsuranceOffGrid: region 1 has no product", o.Error, StringComparison.Ordinal));
        Assert.DoesNotContain(_chain.Accepted, t => t.Draft.Call!.Items.Count == 2);
        Assert.Equal(RelayStatus.Relayed, Assert.Single(next).Status);
        Assert.Equal(new OutboxCounts(0, 0, 1, 0, 2), await _harness.Sqlite.Outbox.CountAsync(default));
        Assert.Equal(2, _harness.Metrics.Snapshot().NotRelayed);
        Assert.Contains(_harness.Logs.Entries, e => e.Message.Contains("stored, not relayed: QuorumInsuranceOffGrid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASensorPutInARegionLater_HasItsNextReadingsRelayed_OnceTheShortNoRegionAnswerHasExpired()
    {
        var station = Register(new TestDevice());
        _options.RoundGrace = TimeSpan.Zero;
        var relayer = Relayer();
        await AcceptAsync(Reading(station, 1));
        Assert.Equal(RelayStatus.NotRelayed, Assert.Single(await RelayerRounds.DrainAsync(relayer)).Status);

        // The insurer creates its region; the relayer believed "no region" for SensorRegions.UnassignedRecheck only.
        _chain.Regions[station.Address.ToLowerInvariant()] = new SensorMembership(7, 0, 1);
        _harness.Time.Advance(SensorRegions.UnassignedRecheck + TimeSpan.FromSeconds(1));
        await AcceptAsync(Reading(station, 2, windowStart: WindowStart + Day));

        var relayed = Assert.Single(await RelayerRounds.DrainAsync(relayer));
        Assert.Equal(RelayStatus.Relayed, relayed.Status);
        Assert.Equal(7u, Assert.Single(_chain.Calls).Round.RegionId);
        Assert.Equal(2, _chain.MembershipLookups.Count(l => l == station.Address.ToLowerInvariant()));
    }

    [Fact]
    public void AnItem_IsPackedAsQuorumRoundReadsIt()
    {
        var device = new TestDevice();
        var message = device.Observation(o => { o.Value = -42; o.SampleCount = 7; o.Flags = 4; });
        Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadObservation(message.Payload, out var envelope));
        var item = new byte[QuorumItems.ItemLength];

        QuorumItems.Write(item, 5, envelope!);

        Assert.Equal(5, item[0]);
        Assert.Equal(envelope!.Body.Sequence, BinaryPrimitives.ReadUInt64BigEndian(item.AsSpan(1)));
        Assert.Equal(-42, BinaryPrimitives.ReadInt64BigEndian(item.AsSpan(9)));
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32BigEndian(item.AsSpan(17)));
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32BigEndian(item.AsSpan(21)));
        Assert.Equal(envelope.Body.PrevHash.ToArray(), item.AsSpan(25, 32).ToArray());
        Assert.Equal(envelope.Signature.ToArray(), item.AsSpan(57, 65).ToArray());
    }

    /// <summary>Registers <paramref name="count"/> sensors as region <paramref name="regionId"/> of the fake QuorumInsurance.</summary>
    private TestDevice[] Region(uint regionId, int count)
    {
        var stations = Enumerable.Range(0, count).Select(_ => Register(new TestDevice())).ToArray();
        for (var i = 0; i < count; i++)
        {
            _chain.Regions[stations[i].Address.ToLowerInvariant()] = new SensorMembership(regionId, (byte)i, count);
        }

        return stations;
    }

    private TestDevice Register(TestDevice device)
    {
        _harness.Registry.Register(device, DeviceRole.Sensor);
        return device;
    }

    private static SignedMessage Reading(TestDevice station, long value, ulong windowStart = WindowStart) =>
        station.Observation(o => { o.WindowStart = windowStart; o.WindowEnd = windowStart + Day; o.Value = value; });

    private OutboxRelayer Relayer() => _harness.Relayer(_chain, _relayerMetrics, _options, _loggers);

    private Task AcceptAsync(params SignedMessage[] messages) => _harness.AcceptAsync(messages);

    public void Dispose()
    {
        var logs = _harness.Logs;
        _loggers.Dispose();
        _harness.Dispose();
        logs.AssertNoErrors();
    }
}
