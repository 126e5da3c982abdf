using System;
using System.Device.Gpio;
using EdgeOracle.Emulator.Gpio;
using EdgeOracle.Emulator.Time;

namespace EdgeOracle.Emulator.Sensors
{
    /// <summary>
    /// A simulated production meter's S0 output (EN 62053-31) behind the board's optocoupler: turns energy produced over
    /// a period into pulses that drive the virtual pin high for <see cref="PulseWidth"/>, with ringing at both edges,
    /// while moving the virtual clock through the period.
    /// </summary>
    /// <remarks>
    /// Energy that does not make a whole pulse stays in the meter for the next call, as in a real meter's register.
    /// </remarks>
    public sealed class VirtualS0Output
    {
        /// <summary>How long a pulse lasts: the standard's minimum, 30 ms.</summary>
        public static readonly TimeSpan PulseWidth = TimeSpan.FromMilliseconds(30);

        private readonly VirtualPulseLine _line;
        private double _residuePulses;

        /// <summary>Creates an S0 output wired to <paramref name="pin"/> of <paramref name="driver"/>.</summary>
        /// <param name="driver">The virtual GPIO driver.</param>
        /// <param name="pin">The S0 input's GPIO (from the pin map).</param>
        /// <param name="clock">The clock moved through each period.</param>
        /// <param name="impulsesPerKwh">The meter's constant.</param>
        /// <param name="debounceMilliseconds">The firmware's debounce interval; pulses are never closer than this.</param>
        /// <param name="bouncesPerEdge">Extra ringing edges at each pulse edge (default 2).</param>
        public VirtualS0Output(VirtualGpioDriver driver, int pin, VirtualClock clock, uint impulsesPerKwh, int debounceMilliseconds, int bouncesPerEdge = 2)
        {
            ArgumentOutOfRangeException.ThrowIfZero(impulsesPerKwh);
            _line = new VirtualPulseLine(driver, pin, clock, PinValue.High, PulseWidth, debounceMilliseconds, bouncesPerEdge);
            ImpulsesPerKwh = impulsesPerKwh;
        }

        /// <summary>Gets the meter's constant.</summary>
        public uint ImpulsesPerKwh { get; }

        /// <summary>Gets how many pulses the output has made.</summary>
        public long PulseCount => _line.PulseCount;

        /// <summary>Gets the closest two pulses may be for the firmware to count each exactly once.</summary>
        public TimeSpan MinimumSpacing => _line.MinimumSpacing;

        /// <summary>
        /// Produces <paramref name="wattHours"/> evenly over <paramref name="period"/>, starting now, and leaves the clock
        /// at the end of the period; <paramref name="injectedPulses"/> more pulses come from a pulse generator someone
        /// put on the line (tamper), interleaved with the real ones.
        /// </summary>
        /// <param name="wattHours">Energy, Wh; zero or more.</param>
        /// <param name="period">How long the production lasts; it must leave <see cref="MinimumSpacing"/> per pulse.</param>
        /// <param name="injectedPulses">Extra pulses that measure nothing. Default 0.</param>
        /// <returns>How many pulses the line carried.</returns>
        public int Produce(double wattHours, TimeSpan period, int injectedPulses = 0)
        {
            if (!(wattHours >= 0) || double.IsInfinity(wattHours))
            {
                throw new ArgumentOutOfRangeException(nameof(wattHours), wattHours, "Energy must be a finite number of watt-hours, 0 or more.");
            }

            ArgumentOutOfRangeException.ThrowIfNegative(injectedPulses);
            double total = _residuePulses + (wattHours * ImpulsesPerKwh / 1000);
            double pulses = Math.Floor(total);
            _residuePulses = total - pulses;
            return _line.Pulses(checked((int)pulses + injectedPulses), period);
        }
    }
}
