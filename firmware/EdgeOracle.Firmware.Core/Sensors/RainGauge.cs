using System;

namespace EdgeOracle.Firmware.Core.Sensors
{
    /// <summary>
    /// Counts the tips of a tipping-bucket rain gauge from its reed-switch edges and converts them to
    /// micrometres of rain (PROTOCOL.md metric 1).
    /// </summary>
    /// <remarks>
    /// <para>
    /// A reed switch bounces for a few milliseconds when it closes and again when it opens. An edge counts as a
    /// tip only if at least <see cref="DebounceMilliseconds"/> have passed since the last <em>counted</em> tip, so
    /// the debounce interval must be longer than the switch's closure plus its bounce, and shorter than the time
    /// between two tips in the heaviest rain to be measured (0.2 mm tips at 200 mm/h are 3.6 s apart).
    /// </para>
    /// <para>
    /// <see cref="RecordTip"/> is called from the pin-change callback (an interrupt thread on the ESP32) while the
    /// station reads the counter from its host loop; the <see cref="PulseCounter"/> behind them locks. Nothing here allocates.
    /// </para>
    /// </remarks>
    public sealed class RainGauge
    {
        /// <summary>Default calibration: a 0.2 mm bucket, i.e. 200 µm of rain per tip.</summary>
        public const uint DefaultMicrometresPerTip = 200;

        private readonly PulseCounter _counter;
        private readonly uint _micrometresPerTip;

        /// <summary>Creates a gauge with the default calibration of 200 µm per tip.</summary>
        /// <param name="debounceMilliseconds">Minimum time between two counted tips; 0 counts every edge.</param>
        public RainGauge(int debounceMilliseconds)
            : this(debounceMilliseconds, DefaultMicrometresPerTip)
        {
        }

        /// <summary>Creates a gauge.</summary>
        /// <param name="debounceMilliseconds">Minimum time between two counted tips; 0 counts every edge.</param>
        /// <param name="micrometresPerTip">Calibration: micrometres of rain per bucket tip; at least 1.</param>
        public RainGauge(int debounceMilliseconds, uint micrometresPerTip)
        {
            if (micrometresPerTip == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(micrometresPerTip));
            }

            _counter = new PulseCounter(debounceMilliseconds);
            _micrometresPerTip = micrometresPerTip;
        }

        /// <summary>Gets the minimum time between two counted tips, in milliseconds.</summary>
        public int DebounceMilliseconds
        {
            get { return _counter.DebounceMilliseconds; }
        }

        /// <summary>Gets the calibration: micrometres of rain per bucket tip.</summary>
        public uint MicrometresPerTip
        {
            get { return _micrometresPerTip; }
        }

        /// <summary>
        /// Records the active edge of the reed switch (the closing edge) seen at <paramref name="monotonicMilliseconds"/>.
        /// </summary>
        /// <param name="monotonicMilliseconds">When the edge happened, from <c>IClock.GetMonotonicMilliseconds</c>.</param>
        /// <returns><c>true</c> if the edge counted as a tip; <c>false</c> if it was bounce inside the debounce interval.</returns>
        public bool RecordTip(long monotonicMilliseconds)
        {
            return _counter.Record(monotonicMilliseconds);
        }

        /// <summary>Returns the tips counted since the last <see cref="ReadAndReset"/>, without resetting.</summary>
        /// <returns>The current tip count.</returns>
        public uint GetTipCount()
        {
            return _counter.GetCount();
        }

        /// <summary>Returns how many edges were ignored as bounce since the gauge was created.</summary>
        /// <returns>The count of ignored edges.</returns>
        public uint GetIgnoredEdgeCount()
        {
            return _counter.GetIgnoredEdgeCount();
        }

        /// <summary>
        /// Returns the tips counted since the last call and starts a new count, atomically with respect to
        /// <see cref="RecordTip"/>, so a tip is counted in exactly one window.
        /// </summary>
        /// <returns>The tips of the window that ends now.</returns>
        public uint ReadAndReset()
        {
            return _counter.ReadAndReset();
        }

        /// <summary>Converts a tip count to micrometres of rain with this gauge's calibration.</summary>
        /// <param name="tips">A tip count.</param>
        /// <returns><paramref name="tips"/> × <see cref="MicrometresPerTip"/>.</returns>
        public long ToMicrometres(uint tips)
        {
            return (long)tips * _micrometresPerTip;
        }
    }
}
