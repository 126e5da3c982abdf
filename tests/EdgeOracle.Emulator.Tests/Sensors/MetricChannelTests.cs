using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Sensors;

namespace EdgeOracle.Emulator.Tests.Sensors
{
    public class MetricChannelTests
    {
        private const ulong Midnight = 1_748_822_400; // 2025-06-02T00:00:00Z

        private static MetricChannel Temperature() => new(Metrics.AirTemperature, false, -4000, 8500, 3);

        [Fact]
        public void Samples_AreAggregatedPerWindowPerHourAndPerDay()
        {
            MetricChannel c = Temperature();
            c.AddSample(1000, 1, Midnight + 60);
            c.AddSample(1200, 2, Midnight + 3600 + 60);
            c.AddSample(1400, 3, Midnight + 3600 + 120);

            Assert.Equal(1200, c.WindowValue());
            Assert.Equal((1000L, 1u), (c.Hour(0).Sum, c.Hour(0).Count));
            Assert.Equal((2600L, 1200L, 1400L, 2u), (c.Hour(1).Sum, c.Hour(1).Min, c.Hour(1).Max, c.Hour(1).Count));
            Assert.Equal((3600L, 1000L, 1400L, 3u), (c.Day.Sum, c.Day.Min, c.Day.Max, c.Day.Count));
        }

        [Fact]
        public void SumChannel_ReportsTheSum()
        {
            MetricChannel rain = new(Metrics.Rainfall, true, 0, long.MaxValue, 0);
            rain.AddSample(200, 1, Midnight);
            rain.AddSample(600, 3, Midnight + 600);

            Assert.Equal(800, rain.WindowValue());
        }

        [Fact]
        public void RepeatedRawValues_UpToTheLimit_SetStuck()
        {
            MetricChannel c = Temperature();
            c.AddSample(1000, 7, Midnight);
            c.AddSample(1000, 7, Midnight + 600);
            Assert.Equal(0u, c.Flags & ObservationFlags.Stuck);

            c.AddSample(1000, 7, Midnight + 1200);

            Assert.Equal(ObservationFlags.Stuck, c.Flags & ObservationFlags.Stuck);
        }

        [Fact]
        public void OutOfRangeSample_IsFlaggedAndNotAggregated()
        {
            MetricChannel c = Temperature();
            c.AddSample(2000, 1, Midnight);

            Assert.False(c.AddSample(9000, 2, Midnight + 600));

            Assert.Equal(ObservationFlags.OutOfRange, c.Flags);
            Assert.Equal(2000, c.WindowValue());
            Assert.Equal(1u, c.Window.Count);
        }

        [Fact]
        public void MissedSample_SetsGap_AndAShortWindowSetsGapOnClose()
        {
            MetricChannel missed = Temperature();
            missed.MissSample(false);
            Assert.Equal(ObservationFlags.Gap, missed.CloseWindow(0));

            MetricChannel shortWindow = Temperature();
            for (int i = 0; i < 140; i++)
            {
                shortWindow.AddSample(1000 + i, i, Midnight + ((ulong)i * 600));
            }

            Assert.Equal(ObservationFlags.Gap, shortWindow.CloseWindow(144));
        }

        [Fact]
        public void CloseWindow_ClearsWindowAndFlags_ButNotTheDay()
        {
            MetricChannel c = Temperature();
            c.AddSample(1000, 1, Midnight);
            c.MissSample(true);

            Assert.Equal(ObservationFlags.OutOfRange | ObservationFlags.Gap, c.CloseWindow(0));

            Assert.Equal(0u, c.Flags);
            Assert.Equal(0u, c.Window.Count);
            Assert.Equal(1u, c.Day.Count);
            c.StartDay();
            Assert.Equal(0u, c.Day.Count);
            Assert.Equal(0u, c.Hour(0).Count);
        }
    }
}
