using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Emulator.Fleet;
using EdgeOracle.Emulator.Scenarios;
using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Emulator.Tests.Fleet
{
    /// <summary>regions-30d through the fleet runner: the honest, faulty, lying and offline stations do what the file says.</summary>
    public sealed class FleetRunnerTests : BrokerTest
    {
        private static readonly Scenario Regions = Scenario.LoadEmbedded("regions-30d");

        [Fact]
        public async Task RegionsScenario_EachKindOfStation_SignsWhatTheScenarioSays()
        {
            Gateway.Answer = (_, payload) => Accept(payload);
            IReadOnlyList<FleetStation> plan = FleetRunner.Plan(Regions);
            Assert.Equal(18, plan.Count);

            IReadOnlyList<FleetStationRun> runs = await FleetRunner.RunAsync(plan, new FleetRunOptions
            {
                DeviceRegistry = TestKeys.Registry,
                ChainId = TestKeys.ChainId,
                Mqtt = Broker.TransportOptions,
                AckTimeout = TimeSpan.FromSeconds(30),
            });

            FleetStationRun Run(string region, int index) => runs.Single(r => r.Station.Region == region && r.Station.Index == index);
            long[] truth = Regions.Weather.Select(w => (long)Math.Round(w.RainMm * 1000)).ToArray();

            // Honest stations sign each day's rain (0.2 mm tips; the bucket carries what is left), every one accepted.
            FleetStationRun honest = Run("north", 0);
            Assert.Equal(StationBehaviour.Honest, honest.Station.Behaviour);
            Assert.Equal(30, honest.Days.Count);
            Assert.All(honest.Days, d => Assert.True(d.Accepted));
            Assert.All(honest.Days, d => Assert.InRange(d.RainfallMicrometres, truth[d.Day] - 200, truth[d.Day] + 200));
            Assert.InRange(honest.Days.Sum(d => d.RainfallMicrometres), truth.Sum() - 200, truth.Sum());

            // Faulty: clogged on the storm days 12–15, 0 mm signed with no flag; the other days as the honest ones.
            FleetStationRun faulty = Run("north", 3);
            Assert.Equal(StationBehaviour.Faulty, faulty.Station.Behaviour);
            Assert.All(faulty.Days.Where(d => d.Day is >= 12 and < 16), d => Assert.Equal((0L, 0u), (d.RainfallMicrometres, d.Flags)));
            Assert.True(honest.Days.Where(d => d.Day is >= 12 and < 16).All(d => d.RainfallMicrometres > 20_000), "it rained those days");
            Assert.Equal(
                honest.Days.Where(d => d.Day < 12).Select(d => d.RainfallMicrometres),
                faulty.Days.Where(d => d.Day < 12).Select(d => d.RainfallMicrometres));

            // Lying: 0 mm every day, properly signed and accepted, although 165 mm fell.
            FleetStationRun lying = Run("north", 4);
            Assert.Equal(StationBehaviour.Lying, lying.Station.Behaviour);
            Assert.Equal(30, lying.Days.Count);
            Assert.All(lying.Days, d => Assert.Equal(0L, d.RainfallMicrometres));
            Assert.All(lying.Days, d => Assert.True(d.Accepted));

            // Offline on days 5–24: no result for those days; back on day 25, its first window is flagged Gap.
            FleetStationRun offline = Run("north", 5);
            Assert.Equal(StationBehaviour.Offline, offline.Station.Behaviour);
            Assert.Equal(Enumerable.Range(0, 5).Concat(Enumerable.Range(25, 5)), offline.Days.Select(d => d.Day));
            Assert.Equal(ObservationFlags.Gap, offline.Days.Single(d => d.Day == 25).Flags & ObservationFlags.Gap);
            Assert.Equal(0u, offline.Days.Single(d => d.Day == 4).Flags);

            // Never on: no observation at all reached the gateway from it.
            FleetStationRun silent = Run("south", 5);
            Assert.Empty(silent.Days);
            Assert.DoesNotContain(Gateway.Distinct, p => p.Topic.Contains(silent.Address, StringComparison.OrdinalIgnoreCase));
            Assert.Contains(Gateway.Distinct, p => p.Topic.Contains(honest.Address, StringComparison.OrdinalIgnoreCase));

            // South gets 60 % of the rain.
            Assert.InRange(Run("south", 0).Days.Sum(d => d.RainfallMicrometres), (long)(truth.Sum() * 0.6) - 200, (long)(truth.Sum() * 0.6));

            // Every station has its own key.
            Assert.Equal(18, runs.Select(r => r.Address).Distinct().Count());
        }

        [Fact]
        public void Plan_WithMoreStations_RepeatsTheRegionsInOrder()
        {
            IReadOnlyList<FleetStation> plan = FleetRunner.Plan(Regions, 40);

            Assert.Equal(40, plan.Count);
            Assert.Equal(["north", "south", "east", "north#2", "south#2", "east#2", "north#3"], plan.Select(s => s.Region).Distinct());
            Assert.Equal(StationBehaviour.Lying, plan.Single(s => s.Region == "north#2" && s.Index == 4).Behaviour);
            Assert.Equal(4, plan.Count(s => s.Region == "north#3"));
        }

        [Theory]
        [InlineData("{\"name\":\"north\",\"stations\":33}", "fleet region north needs 1–32 stations")]
        [InlineData("{\"name\":\"north\",\"stations\":3,\"lying\":[{\"station\":3,\"day\":0,\"days\":1,\"rainMm\":0}]}", "fleet region north: lying station 3 must be one of its 3 stations")]
        [InlineData("{\"name\":\"north\",\"stations\":3,\"offline\":[{\"station\":0,\"day\":2,\"days\":1}]}", "fleet region north: offline station 0 must be one of its 3 stations (0-based), from a day of the run (0–1)")]
        public void Parse_RefusesAFleetThatCannotBePlayed(string region, string message)
        {
            string json = "{\"name\":\"x\",\"start\":\"2026-06-01T00:00:00Z\",\"weather\":[" + Day + "," + Day + "],\"fleet\":{\"regions\":[" + region + "]}}";

            FormatException e = Assert.Throws<FormatException>(() => Scenario.Parse(json));

            Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
        }

        private const string Day = "{\"rainMm\":0,\"tempMinC\":10,\"tempMaxC\":20,\"humidityPct\":50,\"pressureHpa\":1013,\"soilPct\":20}";

        private static byte[] Accept(byte[] payload) => Acks.For(
            MessageKinds.Observation,
            BinaryPrimitives.ReadUInt64BigEndian(payload.AsSpan(26)),
            ReasonCodes.Accepted,
            NethereumCheck.ObservationDigest(payload));
    }
}
