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

        private const int BounceMilliseconds = 1;
        private readonly VirtualGpioDriver _driver;
        private readonly int _pin;
        private readonly VirtualClock _clock;
        private readonly TimeSpan _minimumSpacing;
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
            _driver = driver ?? throw new ArgumentNullException(nameof(driver));
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            ArgumentOutOfRangeException.ThrowIfZero(micrometresPerTip);
            ArgumentOutOfRangeException.ThrowIfNegative(debounceMilliseconds);
            ArgumentOutOfRangeException.ThrowIfNegative(bouncesPerEdge);

            // Every bounce edge after a counted tip must fall inside the debounce interval.
            TimeSpan tipDuration = Closure + TimeSpan.FromMilliseconds(4 * bouncesPerEdge * BounceMilliseconds);
            if (bouncesPerEdge > 0 && TimeSpan.FromMilliseconds(debounceMilliseconds) <= tipDuration)
            {
                throw new ArgumentException(
                    $"A debounce of {debounceMilliseconds} ms cannot hide a {tipDuration.TotalMilliseconds} ms closure with bounce; use more, or no bounce.",
                    nameof(debounceMilliseconds));
            }

            _pin = pin;
            MicrometresPerTip = micrometresPerTip;
            BouncesPerEdge = bouncesPerEdge;
            // Two tips are at least a debounce apart, and a tip (closure and bounce) fits twice between them,
            // so the first and last half-spacings of a period hold a whole tip.
            _minimumSpacing = TimeSpan.FromMilliseconds(debounceMilliseconds) + (2 * tipDuration);
        }

        /// <summary>Gets the rain per tip, µm.</summary>
        public uint MicrometresPerTip { get; }

        /// <summary>Gets the extra bounces at each edge.</summary>
        public int BouncesPerEdge { get; }

        /// <summary>Gets how many tips the gauge has made.</summary>
        public long TipCount { get; private set; }

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
        public int Tips(int tips, TimeSpan period)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(tips);
            DateTimeOffset start = _clock.UtcNow;
            DateTimeOffset end = start + period;
            if (tips > 0)
            {
                TimeSpan spacing = period / tips;
                if (spacing < _minimumSpacing)
                {
                    throw new ArgumentException(
                        $"{tips} tips in {period} are {spacing.TotalMilliseconds:0} ms apart; the firmware could not count them exactly (minimum {_minimumSpacing.TotalMilliseconds} ms).",
                        nameof(tips));
                }

                for (int k = 0; k < tips; k++)
                {
                    _clock.AdvanceTo(start + (spacing * k) + (spacing / 2));
                    Tip();
                }
            }

            _clock.AdvanceTo(end);
            return tips;
        }

        /// <summary>One bucket tip now: the switch closes (with bounce), stays closed, and opens (with bounce).</summary>
        public void Tip()
        {
            TimeSpan bounce = TimeSpan.FromMilliseconds(BounceMilliseconds);
            _driver.Drive(_pin, PinValue.Low);
            for (int i = 0; i < BouncesPerEdge; i++)
            {
                _clock.Advance(bounce);
                _driver.Release(_pin);
                _clock.Advance(bounce);
                _driver.Drive(_pin, PinValue.Low);
            }

            _clock.Advance(Closure);
            _driver.Release(_pin);
            for (int i = 0; i < BouncesPerEdge; i++)
            {
                _clock.Advance(bounce);
                _driver.Drive(_pin, PinValue.Low);
                _clock.Advance(bounce);
                _driver.Release(_pin);
            }

            TipCount++;
        }
    }
}
