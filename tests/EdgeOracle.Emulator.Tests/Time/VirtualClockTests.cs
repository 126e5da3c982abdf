using System;
using System.Diagnostics;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Time;

namespace EdgeOracle.Emulator.Tests.Time
{
    public class VirtualClockTests
    {
        private static readonly DateTimeOffset Start = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);

        [Fact]
        public void Clock_ReadsItsStart_AndCountsMonotonicTimeFromZero()
        {
            VirtualClock clock = new(Start);

            clock.Advance(TimeSpan.FromMilliseconds(1500));

            Assert.Equal((ulong)Start.ToUnixTimeSeconds() + 1, clock.GetUnixTimeSeconds());
            Assert.Equal(1500, clock.GetMonotonicMilliseconds());
        }

        [Fact]
        public void AdvanceTo_RefusesToGoBackwards()
        {
            VirtualClock clock = new(Start);

            Assert.Throws<ArgumentOutOfRangeException>(() => clock.AdvanceTo(Start.AddSeconds(-1)));
        }

        [Fact]
        public async Task AdvanceAsync_PacesSimulatedTime_AQuarterSecondPerDayAtFourTimes86400()
        {
            VirtualClock clock = new(Start);
            int steps = 0;
            Stopwatch watch = Stopwatch.StartNew();

            await clock.AdvanceAsync(TimeSpan.FromDays(1), 4 * 86400, () => steps++);

            // Never faster than the speed allows; the upper bound only guards against a hang on a loaded machine.
            Assert.Equal(Start.AddDays(1), clock.UtcNow);
            Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(245), TimeSpan.FromSeconds(10));
            Assert.True(steps >= 1);
        }

        [Fact]
        public async Task AdvanceAsync_AtInfiniteSpeed_JumpsInOneStep()
        {
            VirtualClock clock = new(Start);
            int steps = 0;

            await clock.AdvanceAsync(TimeSpan.FromDays(30), double.PositiveInfinity, () => steps++);

            Assert.Equal(Start.AddDays(30), clock.UtcNow);
            Assert.Equal(1, steps);
        }
    }
}
