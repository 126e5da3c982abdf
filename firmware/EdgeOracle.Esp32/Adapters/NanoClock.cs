#if NANOFRAMEWORK_1_0
using System;
using EdgeOracle.Firmware.Core.Ports;
using nanoFramework.Hardware.Esp32;

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>Wall-clock time from the RTC (set by SNTP) and monotonic time from the tick counter.</summary>
    internal sealed class NanoClock : IClock
    {
        public ulong GetUnixTimeSeconds()
        {
            // nanoFramework's DateTime is always UTC (its 7th constructor argument is milliseconds, not a DateTimeKind).
            long seconds = DateTime.UtcNow.ToUnixTimeSeconds();
            return seconds < 0 ? 0 : (ulong)seconds;
        }

        public long GetMonotonicMilliseconds()
        {
            // HighResTimer counts microseconds since boot; unlike DateTime.UtcNow it does not jump when SNTP sets the clock.
            return (long)(HighResTimer.GetCurrent() / 1000);
        }
    }
}
#endif
