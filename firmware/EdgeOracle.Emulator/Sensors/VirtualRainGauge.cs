using System;
using System.Device.Gpio;
using EdgeOracle.Emulator.Gpio;
using EdgeOracle.Emulator.Time;

namespace EdgeOracle.Emulator.Sensors
{
    /// <summary>
    /// A simulated tipping-bucket rain gauge: turns an amount of rain over a period into reed-switch closures on a
    /// virtual pin, with contact bounce at both edges, while moving the virtual clock through the period.
    /// </summary>
    /// <remarks>
    /// Rain that does not fill the bucket stays in it for the next call, as in a real gauge. Tips are spread evenly
    /// over the period; the period must leave at least the debounce interval between two tips, so that with bounce
    /// included the firmware counts every tip exactly once.
    /// </remarks>
    public sealed class VirtualRainGauge
    {
        /// <summary>How long the reed switch stays closed per tip.</summary>
        public static readonly TimeSpan Closure = TimeSpan.FromMilliseconds(100);

        private readonly VirtualPulseLine _line;
        private long _residueMicrometres;

        /// <summary>Creates a gauge wired to <paramref name="pin"/> of <paramref name="driver"/>.</summary>
        /// <param name="driver">The virtual GPIO driver.</param>
        /// <param name="pin">The reed switch's GPIO (from the pin map).</param>
        /// <param name="clock">The clock moved through each period.</param>
        /// <param name="micrometresPerTip">Rain per bucket tip, µm.</param>
        /// <param name="debounceMilliseconds">The firmware's debounce interval; tips are never closer than this.</param>
        /// <param name="bouncesPerEdge">Extra contact bounces at each closing and opening edge (default 2).</param>
        public VirtualRainGauge(VirtualGpioDriver driver, int pin, VirtualClock clock, uint micrometresPerTip, int debounceMilliseconds, int bouncesPerEdge = 2)
        {
            ArgumentOutOfRangeException.ThrowIfZero(micrometresPerTip);

            // The reed switch pulls the pulled-up input to ground while closed.
            _line = new VirtualPulseLine(driver, pin, clock, PinValue.Low, Closure, debounceMilliseconds, bouncesPerEdge);
            MicrometresPerTip = micrometresPerTip;
        }

        /// <summary>Gets the rain per tip, µm.</summary>
        public uint MicrometresPerTip { get; }

        /// <summary>Gets the extra bounces at each edge.</summary>
        public int BouncesPerEdge => _line.BouncesPerEdge;

        /// <summary>Gets how many tips the gauge has made.</summary>
        public long TipCount => _line.PulseCount;

        /// <summary>Gets the rain in the bucket that has not yet made a tip, µm.</summary>
        public long ResidueMicrometres => _residueMicrometres;

        /// <summary>
        /// Lets <paramref name="micrometres"/> of rain fall evenly over <paramref name="period"/>, starting now, and
        /// leaves the clock at the end of the period.
        /// </summary>
        /// <param name="micrometres">Rain, µm (1 mm = 1 000 µm); zero or more.</param>
        /// <param name="period">How long the rain lasts.</param>
        /// <returns>How many tips the rain made.</returns>
        public int Rain(long micrometres, TimeSpan period)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(micrometres);
            long total = _residueMicrometres + micrometres;
            long tips = total / MicrometresPerTip;
            _residueMicrometres = total % MicrometresPerTip;
            return Tips(checked((int)tips), period);
        }

        /// <summary>
        /// Makes <paramref name="tips"/> bucket tips spread evenly over <paramref name="period"/>, starting now, and
        /// leaves the clock at the end of the period. Tip <c>k</c> closes the switch at <c>(k + ½) · period / tips</c>.
        /// </summary>
        /// <param name="tips">How many tips; zero or more.</param>
        /// <param name="period">The period; it must leave the debounce interval plus two tip durations per tip.</param>
        /// <returns><paramref name="tips"/>.</returns>
        public int Tips(int tips, TimeSpan period) => _line.Pulses(tips, period);

        /// <summary>One bucket tip now: the switch closes (with bounce), stays closed, and opens (with bounce).</summary>
        public void Tip() => _line.Pulse();
    }
}
