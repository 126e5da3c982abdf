using System;
using EdgeOracle.Emulator.Hardware;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Firmware.Core.Station;

namespace EdgeOracle.Emulator.Devices
{
    /// <summary>Settings of an <see cref="EmulatedMeter"/>; every property documents its default.</summary>
    public sealed record EmulatedMeterOptions : EmulatedDeviceOptions
    {
        /// <summary>
        /// Gets the virtual clock's start. Default: UTC midnight seven days ago, so that a week of simulated days ends
        /// no later than today. A start on a window boundary makes the first window whole (no <c>Rebooted</c> flag).
        /// </summary>
        public DateTimeOffset Start { get; init; } = VirtualClock.UtcMidnightOf(DateTimeOffset.UtcNow).AddDays(-7);

        /// <summary>
        /// Gets the simulation speed in simulated seconds per real second; 86 400 plays a day per second. Default
        /// <see cref="double.PositiveInfinity"/>: as fast as possible.
        /// </summary>
        public double Speed { get; init; } = double.PositiveInfinity;

        /// <summary>
        /// Gets the board's pin map (S0 pin, debounce, impulses per kWh, maximum power). Default:
        /// <c>hardware/energy-meter/pinmap.json</c>, embedded at build.
        /// </summary>
        public EnergyMeterPinMap? PinMap { get; init; }

        /// <summary>
        /// Gets the firmware's station settings. Default <see cref="SensorStationConfig.ForMeter"/>: hourly windows. The
        /// emulator plays windows that divide an hour (e.g. 900, 1800 or 3600 s).
        /// </summary>
        public SensorStationConfig? Station { get; init; }

        /// <summary>Gets the extra ringing edges per S0 pulse edge the virtual output makes. Default 2.</summary>
        public int BouncesPerEdge { get; init; } = 2;
    }
}
