using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Sensors;

namespace EdgeOracle.Firmware.Core.Station
{
    /// <summary>
    /// The station as an energy meter (device role <c>meter</c>): instead of rain it counts the S0 pulses of an
    /// <see cref="EnergyMeter"/> and signs one energy-produced observation (PROTOCOL.md metric 6, Wh) per window,
    /// hourly by default (<see cref="SensorStationConfig.ForMeter"/>). Windows, signing, outbox, journal and acks are
    /// the sensor node's.
    /// </summary>
    /// <remarks>
    /// The observation's sample count is the window's pulse count and its value the whole watt-hours they make with
    /// the fraction earlier windows left (<see cref="EnergyMeter.TakeWattHours"/>). A window with more pulses than
    /// the installation's maximum power allows over the time it covered is signed with <c>OutOfRange</c>, value 0 and
    /// its pulse count as evidence: the energy is not claimed, and its pulses do not feed the carried fraction.
    /// </remarks>
    public sealed partial class SensorStation
    {
        /// <summary>Creates an energy-meter station; it opens its first window on the first <see cref="Poll"/> with a valid clock.</summary>
        /// <param name="signer">Signs observations and advances the device's hash chain.</param>
        /// <param name="deviceHex">The device address, lower-case <c>0x</c> hex, as used in topics.</param>
        /// <param name="meter">The S0 pulse counter whose energy is signed.</param>
        /// <param name="clock">Wall-clock and monotonic time.</param>
        /// <param name="transport">Publishes to the broker.</param>
        /// <param name="config">Settings (for a meter, usually <see cref="SensorStationConfig.ForMeter"/>); validated here.</param>
        public SensorStation(
            MessageSigner signer,
            string deviceHex,
            EnergyMeter meter,
            IClock clock,
            IMessageTransport transport,
            SensorStationConfig config)
            : this(signer, deviceHex, null, Checked(meter), clock, transport, config)
        {
        }

        /// <summary>Gets the energy channel (Wh per window, daily total), or <c>null</c> for a rain station.</summary>
        public MetricChannel? Energy
        {
            get { return _energy; }
        }

        private static EnergyMeter Checked(EnergyMeter meter)
        {
            Guard.NotNull(meter, nameof(meter));
            return meter;
        }

        private void CloseMeterWindow(EnergyMeter meter, MetricChannel energy, uint flags, ulong now)
        {
            uint pulses = meter.Pulses.ReadAndReset();

            // A late close holds the pulses up to now, so plausibility is judged over the time they came in.
            ulong covered = now - _windowStart;
            uint seconds = covered > _config.WindowSeconds ? (covered > uint.MaxValue ? uint.MaxValue : (uint)covered) : _config.WindowSeconds;
            long wattHours = 0;
            if (meter.IsPlausible(pulses, seconds))
            {
                wattHours = meter.TakeWattHours(pulses);
                energy.AddSample(wattHours, pulses, _windowEnd - 1);
            }
            else
            {
                flags |= ObservationFlags.OutOfRange;
            }

            energy.CloseWindow(0);
            SignWindow(Metrics.EnergyProduced, wattHours, pulses, flags);
        }
    }
}
