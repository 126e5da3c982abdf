namespace EdgeOracle.Firmware.Core.Ports
{
    /// <summary>
    /// The device's sense of time. The core never reads a system clock itself: the ESP32 app passes an
    /// adapter over its RTC (set by SNTP) and tick counter, the emulator a virtual clock it can run fast.
    /// </summary>
    public interface IClock
    {
        /// <summary>
        /// Returns the current wall-clock time in Unix seconds (UTC). It can jump, for example when SNTP first
        /// sets the RTC, so it is used for window boundaries and expiries, never to measure durations.
        /// </summary>
        /// <returns>Seconds since 1970-01-01T00:00:00Z.</returns>
        ulong GetUnixTimeSeconds();

        /// <summary>
        /// Returns a millisecond counter that never goes backwards (from an arbitrary origin, typically boot).
        /// Used for debounce intervals, resend timeouts and other durations.
        /// </summary>
        /// <returns>Milliseconds since the counter's origin.</returns>
        long GetMonotonicMilliseconds();
    }
}
