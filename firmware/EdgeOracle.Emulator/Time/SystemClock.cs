using System;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Emulator.Time
{
    /// <summary>An <see cref="IClock"/> over a <see cref="TimeProvider"/> (the real clock by default).</summary>
    /// <param name="timeProvider">The time source; <see cref="TimeProvider.System"/> when <c>null</c>.</param>
    public sealed class SystemClock(TimeProvider? timeProvider = null) : IClock
    {
        private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
        private readonly long _origin = (timeProvider ?? TimeProvider.System).GetTimestamp();

        /// <inheritdoc />
        public ulong GetUnixTimeSeconds() => (ulong)_time.GetUtcNow().ToUnixTimeSeconds();

        /// <inheritdoc />
        public long GetMonotonicMilliseconds() => (long)_time.GetElapsedTime(_origin).TotalMilliseconds;
    }
}
