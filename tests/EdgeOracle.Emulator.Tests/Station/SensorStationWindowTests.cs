using System;
using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Station;

namespace EdgeOracle.Emulator.Tests.Station
{
    public class SensorStationWindowTests
    {
        private static readonly DateTimeOffset Monday = StationHarness.Monday;

        [Fact]
        public void FirstPoll_OpensTheWindowOfTheCurrentUtcDay()
        {
            StationHarness h = new(Monday.AddHours(10).AddMinutes(17));

            h.Station.Poll();

            Assert.True(h.Station.WindowOpen);
            Assert.Equal((ulong)Monday.ToUnixTimeSeconds(), h.Station.WindowStart);
            Assert.Equal((ulong)Monday.AddDays(1).ToUnixTimeSeconds(), h.Station.WindowEnd);
        }

        [Fact]
        public void Poll_PublishesNothing_UntilTheClockReachesMidnight()
        {
            StationHarness h = new();
            h.Station.Poll();
            h.Tips(5);

            h.Clock.AdvanceTo(Monday.AddDays(1).AddSeconds(-1));
            h.Station.Poll();

            Assert.Empty(h.Transport.Published);
            Assert.Equal(5u, h.Gauge.GetTipCount());
        }

        [Fact]
        public void Poll_AtMidnight_SignsAndPublishesTheDaysRainfall()
        {
            StationHarness h = new();
            h.Station.Poll();
            h.Tips(62);

            SignedMessage message = h.CloseWindow();

            (string topic, byte[] payload) = Assert.Single(h.Transport.Published);
            Assert.Equal("eo/v1/" + h.Identity.AddressHex + "/obs", topic);
            Assert.Equal(167, payload.Length);
            Assert.Equal(message.Envelope, payload);
            Observation o = Envelope.DecodeObservation(payload);
            Assert.Equal(Metrics.Rainfall, o.Metric);
            Assert.Equal((ulong)Monday.ToUnixTimeSeconds(), o.WindowStart);
            Assert.Equal((ulong)Monday.AddDays(1).ToUnixTimeSeconds(), o.WindowEnd);
            Assert.Equal(12_400L, o.Value);
            Assert.Equal(62u, o.SampleCount);
            Assert.Equal(0u, o.Flags);
            Assert.Equal(1ul, o.Sequence);
            Assert.Equal(new byte[32], o.PrevHash);
            Assert.Equal(h.Identity.Address, o.Device);
        }

        [Fact]
        public void EachTip_IsCountedInExactlyOneWindow()
        {
            StationHarness h = new();
            h.Station.Poll();
            h.Tips(3);
            h.CloseWindow();
            h.Tips(4);

            h.CloseWindow();

            Assert.Equal(3u, Envelope.DecodeObservation(h.Signed[0].Envelope).SampleCount);
            Assert.Equal(4u, Envelope.DecodeObservation(h.Signed[1].Envelope).SampleCount);
        }

        [Fact]
        public void ConsecutiveDays_ChainEachObservationToThePreviousDigest()
        {
            StationHarness h = new();
            SignedMessage first = h.CloseWindow();

            SignedMessage second = h.CloseWindow();

            Observation o = Envelope.DecodeObservation(second.Envelope);
            Assert.Equal(2ul, o.Sequence);
            Assert.Equal(first.Digest, o.PrevHash);
            Assert.Equal((ulong)Monday.AddDays(1).ToUnixTimeSeconds(), o.WindowStart);
        }

        [Fact]
        public void FirstWindow_IsFlaggedRebooted_WhenTheStationStartsAfterMidnight()
        {
            StationHarness h = new(Monday.AddHours(7));

            SignedMessage first = h.CloseWindow();
            SignedMessage second = h.CloseWindow();

            Assert.Equal(ObservationFlags.Rebooted, Envelope.DecodeObservation(first.Envelope).Flags);
            Assert.Equal(0u, Envelope.DecodeObservation(second.Envelope).Flags);
        }

        [Fact]
        public void ClosingMoreThanAWindowLate_FlagsTheClosedAndTheNextWindowGap()
        {
            StationHarness h = new();
            h.Station.Poll();

            h.Clock.AdvanceTo(Monday.AddDays(2).AddHours(3));
            h.Station.Poll();
            SignedMessage next = h.CloseWindow();

            Observation late = Envelope.DecodeObservation(h.Signed[0].Envelope);
            Assert.Equal(ObservationFlags.Gap, late.Flags);
            Assert.Equal((ulong)Monday.ToUnixTimeSeconds(), late.WindowStart);
            Observation after = Envelope.DecodeObservation(next.Envelope);
            Assert.Equal(ObservationFlags.Gap, after.Flags);
            Assert.Equal((ulong)Monday.AddDays(2).ToUnixTimeSeconds(), after.WindowStart);
        }

        [Fact]
        public void HourlyWindows_AlignToWholeHoursOfTheUtcDay()
        {
            StationHarness h = new(Monday.AddHours(5).AddMinutes(40), new SensorStationConfig { WindowSeconds = 3600 });

            h.Station.Poll();

            Assert.Equal((ulong)Monday.AddHours(5).ToUnixTimeSeconds(), h.Station.WindowStart);
            Assert.Equal((ulong)Monday.AddHours(6).ToUnixTimeSeconds(), h.Station.WindowEnd);
        }

        [Theory]
        [InlineData(0u)]
        [InlineData(7000u)]
        public void Config_RefusesWindowsThatDoNotDivideADay(uint windowSeconds)
        {
            Assert.Throws<ArgumentException>(() => new StationHarness(config: new SensorStationConfig { WindowSeconds = windowSeconds }));
        }

        [Fact]
        public void Poll_OpensNoWindow_WhileTheClockIsNotYetSet()
        {
            StationHarness h = new(DateTimeOffset.FromUnixTimeSeconds(42));

            h.Station.Poll();
            h.Clock.Advance(TimeSpan.FromDays(3));
            h.Station.Poll();

            Assert.False(h.Station.WindowOpen);
            Assert.Empty(h.Transport.Published);
        }
    }
}
