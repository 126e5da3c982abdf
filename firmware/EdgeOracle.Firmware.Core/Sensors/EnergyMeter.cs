using System;

namespace EdgeOracle.Firmware.Core.Sensors
{
    /// <summary>
    /// Counts the S0 pulses of an energy meter (EN 62053-31) and converts them to watt-hours of energy produced
    /// (PROTOCOL.md metric 6), carrying the fraction of a watt-hour that a window's pulses leave over into the next.
    /// </summary>
    /// <remarks>
    /// <para>
    /// An S0 output closes for at least 30 ms per pulse; the contact or optocoupler edges ring for a few milliseconds.
    /// A rising edge (pulse start) counts only if at least <see cref="DebounceMilliseconds"/> have passed since the last
    /// <em>counted</em> pulse, so the interval must be longer than the meter's pulse width plus its ringing (the trailing
    /// edge's ringing makes rising edges too) and shorter than the pulse period at the meter's maximum power.
    /// </para>
    /// <para>
    /// A window holding more pulses than <see cref="MaxPowerWatts"/> can produce in it is physically impossible for the
    /// installation (a pulse generator on the S0 line, a shorted or chattering input): <see cref="IsPlausible"/> says
    /// so, and the station signs such a window with the <c>OutOfRange</c> flag and no energy (see
    /// <see cref="Station.SensorStation"/>). An S0 counter only counts up, so a "negative jump" cannot be expressed.
    /// </para>
    /// <para>
    /// <see cref="Pulses"/> is fed from the pin-change callback (an interrupt thread on the ESP32) and read by the
    /// station's host loop; it locks. Nothing here allocates.
    /// </para>
    /// </remarks>
    public sealed class EnergyMeter
    {
        /// <summary>The common S0 constant: 1 000 impulses per kWh, one pulse per watt-hour.</summary>
        public const uint DefaultImpulsesPerKwh = 1000;

        /// <summary>Watt-hours in a kilowatt-hour, the scale of the impulse constant.</summary>
        private const ulong WattHoursPerKwh = 1000;

        private const ulong SecondsPerHour = 3600;

        private readonly PulseCounter _counter;
        private readonly uint _impulsesPerKwh;
        private readonly uint _maxPowerWatts;
        private ulong _remainder;

        /// <summary>Creates a meter input.</summary>
        /// <param name="debounceMilliseconds">Minimum time between two counted pulses; 0 counts every edge.</param>
        /// <param name="impulsesPerKwh">The meter's constant (printed on it, e.g. "1000 imp/kWh"); at least 1.</param>
        /// <param name="maxPowerWatts">The most the installation can produce (inverter rating plus margin); at least 1.</param>
        public EnergyMeter(int debounceMilliseconds, uint impulsesPerKwh, uint maxPowerWatts)
        {
            if (impulsesPerKwh == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(impulsesPerKwh));
            }

            if (maxPowerWatts == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxPowerWatts));
            }

            _counter = new PulseCounter(debounceMilliseconds);
            _impulsesPerKwh = impulsesPerKwh;
            _maxPowerWatts = maxPowerWatts;
        }

        /// <summary>Gets the minimum time between two counted pulses, in milliseconds.</summary>
        public int DebounceMilliseconds
        {
            get { return _counter.DebounceMilliseconds; }
        }

        /// <summary>Gets the meter's constant, impulses per kWh.</summary>
        public uint ImpulsesPerKwh
        {
            get { return _impulsesPerKwh; }
        }

        /// <summary>Gets the installation's maximum power, watts.</summary>
        public uint MaxPowerWatts
        {
            get { return _maxPowerWatts; }
        }

        /// <summary>
        /// Gets the counter of the S0 input's rising edges (pulse starts), debounced by <see cref="DebounceMilliseconds"/>:
        /// the pin callback calls its <see cref="PulseCounter.Record"/>, the station its <see cref="PulseCounter.ReadAndReset"/>.
        /// </summary>
        public PulseCounter Pulses
        {
            get { return _counter; }
        }

        /// <summary>Gets the energy carried into the next window, in 1/<see cref="ImpulsesPerKwh"/> Wh (below one watt-hour).</summary>
        public uint CarriedRemainder
        {
            get { return (uint)_remainder; }
        }

        /// <summary>
        /// Returns the most pulses a window of <paramref name="windowSeconds"/> can hold at <see cref="MaxPowerWatts"/>:
        /// the energy at full power for the whole window, plus one pulse for where the window's edges fall between two.
        /// </summary>
        /// <param name="windowSeconds">The window's length.</param>
        /// <returns>The largest plausible pulse count.</returns>
        public ulong MaxPulses(uint windowSeconds)
        {
            return ((ulong)_maxPowerWatts * windowSeconds * _impulsesPerKwh / (SecondsPerHour * WattHoursPerKwh)) + 1;
        }

        /// <summary>Returns whether <paramref name="pulses"/> in <paramref name="windowSeconds"/> are within the installation's power.</summary>
        /// <param name="pulses">A window's pulse count.</param>
        /// <param name="windowSeconds">The window's length.</param>
        /// <returns><c>false</c> for an impossible jump.</returns>
        public bool IsPlausible(uint pulses, uint windowSeconds)
        {
            return pulses <= MaxPulses(windowSeconds);
        }

        /// <summary>
        /// Converts a window's pulses to whole watt-hours, adding the fraction the previous windows left and keeping
        /// the new fraction for the next, so that over any run of windows no energy is lost to rounding. Called by the
        /// host loop only (the carried fraction is not shared with the pin callback).
        /// </summary>
        /// <param name="pulses">The window's pulse count.</param>
        /// <returns>The window's energy, Wh.</returns>
        public long TakeWattHours(uint pulses)
        {
            // In units of 1/impulsesPerKwh Wh: one pulse is 1 000 of them, one watt-hour is impulsesPerKwh of them.
            ulong scaled = ((ulong)pulses * WattHoursPerKwh) + _remainder;
            _remainder = scaled % _impulsesPerKwh;
            return (long)(scaled / _impulsesPerKwh);
        }
    }
}
