using EdgeOracle.Firmware.Core.Sensors;

namespace EdgeOracle.Emulator.Tests.Sensors
{
    public class AggregateTests
    {
        [Fact]
        public void Add_KeepsSumMinMaxAndCount()
        {
            Aggregate a = new();
            a.Add(5);
            a.Add(-3);
            a.Add(10);

            Assert.Equal((12L, -3L, 10L, 3u), (a.Sum, a.Min, a.Max, a.Count));
            Assert.Equal(4, a.Mean());
        }

        [Theory]
        [InlineData(new long[] { 1, 2 }, 2)]
        [InlineData(new long[] { -1, -2 }, -2)]
        [InlineData(new long[] { 2500, 2501, 2501 }, 2501)]
        public void Mean_RoundsHalfAwayFromZero(long[] samples, long expected)
        {
            Aggregate a = new();
            foreach (long s in samples)
            {
                a.Add(s);
            }

            Assert.Equal(expected, a.Mean());
        }

        [Fact]
        public void Merge_FoldsAnHourIntoADay()
        {
            Aggregate day = new();
            day.Add(7);
            Aggregate hour = new();
            hour.Add(2);
            hour.Add(20);

            day.Merge(hour);

            Assert.Equal((29L, 2L, 20L, 3u), (day.Sum, day.Min, day.Max, day.Count));
        }

        [Fact]
        public void EmptyAggregate_HasMeanZero_AndResetEmpties()
        {
            Aggregate a = new();
            Assert.Equal(0, a.Mean());
            a.Add(4);
            a.Reset();
            Assert.Equal((0L, 0u), (a.Sum, a.Count));
        }
    }
}
