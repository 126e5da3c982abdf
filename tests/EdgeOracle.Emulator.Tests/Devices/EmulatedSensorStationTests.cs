using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Emulator.Hardware;
using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Emulator.Tests.Devices
{
    public class EmulatedSensorStationTests : BrokerTest
    {
        private static readonly DateTimeOffset Monday = StationHarness.Monday;

        [Fact]
        public async Task RunDays_PublishesADailyObservationThatRecoversToTheDevice_AndTheAckEmptiesTheOutbox()
        {
            Gateway.Answer = (_, payload) => AnswerObservation(payload, ReasonCodes.Accepted);
            await using EmulatedSensorStation station = await EmulatedSensorStation.StartAsync(Options());

            IReadOnlyList<DayResult> days = await station.RunDaysAsync([12.4, 0, 3.0]);

            Assert.Equal(new uint[] { 62, 0, 15 }, days.Select(d => d.Tips));
            Assert.Equal(new long[] { 12_400, 0, 3_000 }, days.Select(d => d.RainfallMicrometres));
            Assert.All(days, d => Assert.Equal("Accepted", d.ReasonName));
            Assert.Equal(new[] { Monday, Monday.AddDays(1), Monday.AddDays(2) }, days.Select(d => d.WindowStart));
            Assert.Equal(0, station.Station.Outbox.Count);

            (string Topic, byte[] Payload)[] received = Gateway.Distinct;
            Assert.Equal(3, received.Length);
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal("eo/v1/" + station.Address + "/obs", received[i].Topic);
                Assert.Equal(167, received[i].Payload.Length);
                Assert.Equal(station.Address, NethereumCheck.RecoverObservationSigner(received[i].Payload));
                Assert.Equal(days[i].Digest, NethereumCheck.ObservationDigest(received[i].Payload));
            }

            Assert.Equal(days[0].Digest, NethereumCheck.ParseObservation(received[1].Payload).PrevHash);
            Assert.Equal(days[1].Digest, NethereumCheck.ParseObservation(received[2].Payload).PrevHash);
        }

        [Fact]
        public async Task RunDay_ReportsTheGatewaysRefusal_AndTheStationDropsTheMessage()
        {
            Gateway.Answer = (_, payload) => AnswerObservation(payload, ReasonCodes.UnknownDevice);
            await using EmulatedSensorStation station = await EmulatedSensorStation.StartAsync(Options());

            DayResult day = await station.RunDayAsync(1.0);

            Assert.False(day.Accepted);
            Assert.Equal("UnknownDevice", day.ReasonName);
            Assert.Equal(1, station.Station.GetRejectionCount(ReasonCodes.UnknownDevice));
            Assert.Equal(0, station.Station.Outbox.Count);
        }

        [Fact]
        public async Task RunDay_RetriesAfterRateLimited_UntilTheGatewayAccepts()
        {
            int answers = 0;
            Gateway.Answer = (_, payload) => AnswerObservation(payload, answers++ == 0 ? ReasonCodes.RateLimited : ReasonCodes.Accepted);
            await using EmulatedSensorStation station = await EmulatedSensorStation.StartAsync(Options());

            DayResult day = await station.RunDayAsync(0.4);

            Assert.True(day.Accepted);
            // The retry is the same signed bytes, not a new observation.
            byte[][] copies = Gateway.Received.Select(r => r.Payload).ToArray();
            Assert.True(copies.Length >= 2, $"{copies.Length} copies arrived; the retry after RateLimited is missing");
            Assert.All(copies, c => Assert.Equal(copies[0], c));
        }

        [Fact]
        public async Task RunDay_FailsClearly_WhenNoGatewayAnswers()
        {
            await using EmulatedSensorStation station = await EmulatedSensorStation.StartAsync(Options() with { AckTimeout = TimeSpan.FromMilliseconds(300) });

            TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(() => station.RunDayAsync(2.0));

            Assert.Contains("eo/v1/" + station.Address + "/ack", e.Message);
            Assert.Contains("observation #1", e.Message);
            Assert.Contains(Topics.ObservationFilter, e.Message);
        }

        [Fact]
        public async Task Station_WiresItsGaugeToThePinFromTheSensorNodePinMap()
        {
            await using EmulatedSensorStation station = await EmulatedSensorStation.StartAsync(Options());
            int pin = SensorNodePinMap.LoadEmbedded().RainGauge.Gpio;

            Assert.Equal(1, station.Gpio.GetCallbackCount(pin));
            Assert.Equal(pin, station.PinMap.RainGauge.Gpio);
        }

        [Fact]
        public async Task Progress_ReportsRainSigningPublishingAndTheAnswer_InThatOrder()
        {
            Gateway.Answer = (_, payload) => AnswerObservation(payload, ReasonCodes.Accepted);
            await using EmulatedSensorStation station = await EmulatedSensorStation.StartAsync(Options());
            List<StationProgressKind> kinds = new();
            station.Progress += (_, p) => kinds.Add(p.Kind);

            await station.RunDayAsync(5.0);

            Assert.Equal(
                new[] { StationProgressKind.RainFell, StationProgressKind.ObservationSigned, StationProgressKind.ObservationPublished, StationProgressKind.AckReceived },
                kinds.Distinct());
        }

        [Fact]
        public async Task StationOnFlash_StartedAgainAfterItsGatewayWasSilent_ResendsWhatItHeld_AndContinuesItsChain()
        {
            EdgeOracle.Emulator.Storage.VirtualFlash flash = new(4096, 8);
            await using (EmulatedSensorStation station = await EmulatedSensorStation.StartAsync(Options() with { Flash = flash, AckTimeout = TimeSpan.FromMilliseconds(300) }))
            {
                // The gateway stays silent: the day's observation is signed, journaled and published, but never acknowledged.
                await Assert.ThrowsAsync<TimeoutException>(() => station.RunDayAsync(1.0));
                Assert.Equal(1, station.Journal!.PendingCount);
            }

            Gateway.Answer = (_, payload) => AnswerObservation(payload, ReasonCodes.Accepted);
            await using EmulatedSensorStation again = await EmulatedSensorStation.StartAsync(Options() with { Flash = flash, Start = Monday.AddDays(1) });
            DayResult next = await again.RunDayAsync(2.0);

            (string Topic, byte[] Payload)[] received = Gateway.Received.ToArray();
            ulong firstSequence = BinaryPrimitives.ReadUInt64BigEndian(received[0].Payload.AsSpan(26));
            Assert.Contains(received.Skip(1), r => BinaryPrimitives.ReadUInt64BigEndian(r.Payload.AsSpan(26)) == firstSequence);
            Assert.True(next.Sequence > firstSequence);
            Assert.Equal(NethereumCheck.ObservationDigest(received[0].Payload), NethereumCheck.ParseObservation(next.Envelope).PrevHash);
            Assert.Equal(0, again.Journal!.PendingCount);
        }

        private static byte[] AnswerObservation(byte[] payload, byte reason) => Acks.ForObservation(payload, reason);

        private EmulatedStationOptions Options() => new()
        {
            PrivateKey = TestKeys.Sensor,
            DeviceRegistry = TestKeys.Registry,
            ChainId = TestKeys.ChainId,
            Mqtt = Broker.TransportOptions,
            Start = Monday,
            AckTimeout = TimeSpan.FromSeconds(10),
        };
    }
}
