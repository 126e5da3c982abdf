using System;
using System.Device.Gpio;
using EdgeOracle.Emulator.Gpio;
using EdgeOracle.Emulator.Time;

namespace EdgeOracle.Emulator.Sensors
{
    /// <summary>
    /// A contact or pulse output wired to a virtual pin: each pulse drives the pin to its active level for a fixed
    /// width, with contact bounce (ringing) at both edges, while the virtual clock moves through it. The simulated rain
    /// gauge (reed switch to ground) and the simulated S0 output (optocoupler driving high) are both one of these.
    /// </summary>
    public sealed class VirtualPulseLine
    {
        private const int BounceMilliseconds = 1;
        private readonly VirtualGpioDriver _driver;
        private readonly int _pin;
        private readonly VirtualClock _clock;
        private readonly PinValue _active;
        private readonly TimeSpan _width;

        /// <summary>Creates a line on <paramref name="pin"/> of <paramref name="driver"/>.</summary>
        /// <param name="driver">The virtual GPIO driver.</param>
        /// <param name="pin">The GPIO (from the pin map).</param>
        /// <param name="clock">The clock moved through each pulse.</param>
        /// <param name="active">The level the line drives during a pulse; it is released in between.</param>
        /// <param name="width">How long a pulse lasts.</param>
        /// <param name="debounceMilliseconds">The firmware's debounce interval; pulses are never closer than this.</param>
        /// <param name="bouncesPerEdge">Extra bounces at each leading and trailing edge.</param>
        public VirtualPulseLine(VirtualGpioDriver driver, int pin, VirtualClock clock, PinValue active, TimeSpan width, int debounceMilliseconds, int bouncesPerEdge)
        {
            _driver = driver ?? throw new ArgumentNullException(nameof(driver));
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            ArgumentOutOfRangeException.ThrowIfNegative(debounceMilliseconds);
            ArgumentOutOfRangeException.ThrowIfNegative(bouncesPerEdge);

            // Every bounce edge after a counted pulse must fall inside the debounce interval.
            TimeSpan pulseDuration = width + TimeSpan.FromMilliseconds(4 * bouncesPerEdge * BounceMilliseconds);
            if (bouncesPerEdge > 0 && TimeSpan.FromMilliseconds(debounceMilliseconds) <= pulseDuration)
            {
                throw new ArgumentException(
                    $"A debounce of {debounceMilliseconds} ms cannot hide a {pulseDuration.TotalMilliseconds} ms pulse with bounce; use more, or no bounce.",
                    nameof(debounceMilliseconds));
            }

            _pin = pin;
            _active = active;
            _width = width;
            BouncesPerEdge = bouncesPerEdge;

            // Two pulses are at least a debounce apart, and a pulse (width and bounce) fits twice between them,
            // so the first and last half-spacings of a period hold a whole pulse.
            MinimumSpacing = TimeSpan.FromMilliseconds(debounceMilliseconds) + (2 * pulseDuration);
        }

        /// <summary>Gets the extra bounces at each edge.</summary>
        public int BouncesPerEdge { get; }

        /// <summary>Gets the closest two pulses may be for the firmware to count each exactly once.</summary>
        public TimeSpan MinimumSpacing { get; }

        /// <summary>Gets how many pulses the line has made.</summary>
        public long PulseCount { get; private set; }

        /// <summary>
        /// Makes <paramref name="pulses"/> pulses spread evenly over <paramref name="period"/>, starting now, and leaves
        /// the clock at the end of the period. Pulse <c>k</c> starts at <c>(k + ½) · period / pulses</c>.
        /// </summary>
        /// <param name="pulses">How many pulses; zero or more.</param>
        /// <param name="period">The period; it must leave <see cref="MinimumSpacing"/> per pulse.</param>
        /// <returns><paramref name="pulses"/>.</returns>
        public int Pulses(int pulses, TimeSpan period)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(pulses);
            DateTimeOffset start = _clock.UtcNow;
            DateTimeOffset end = start + period;
            if (pulses > 0)
            {
                TimeSpan spacing = period / pulses;
                if (spacing < MinimumSpacing)
                {
                    throw new ArgumentException(
                        $"{pulses} pulses in {period} are {spacing.TotalMilliseconds:0} ms apart; the firmware could not count them exactly (minimum {MinimumSpacing.TotalMilliseconds} ms).",
                        nameof(pulses));
                }

                for (int k = 0; k < pulses; k++)
                {
                    _clock.AdvanceTo(start + (spacing * k) + (spacing / 2));
                    Pulse();
                }
            }

            _clock.AdvanceTo(end);
            return pulses;
        }

        /// <summary>One pulse now: the line goes active (with bounce), stays active for the width, and is released (with bounce).</summary>
        public void Pulse()
        {
            TimeSpan bounce = TimeSpan.FromMilliseconds(BounceMilliseconds);
            _driver.Drive(_pin, _active);
            for (int i = 0; i < BouncesPerEdge; i++)
            {
                _clock.Advance(bounce);
                _driver.Release(_pin);
                _clock.Advance(bounce);
                _driver.Drive(_pin, _active);
            }

            _clock.Advance(_width);
            _driver.Release(_pin);
            for (int i = 0; i < BouncesPerEdge; i++)
            {
                _clock.Advance(bounce);
                _driver.Drive(_pin, _active);
                _clock.Advance(bounce);
                _driver.Release(_pin);
            }

            PulseCount++;
        }
    }
}
