using System;
using EdgeOracle.Emulator.Hardware;
using EdgeOracle.Emulator.Storage;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Firmware.Core.Station;

namespace EdgeOracle.Emulator.Devices
{
    /// <summary>Settings of an <see cref="EmulatedSensorStation"/>; every property documents its default.</summary>
    public sealed record EmulatedStationOptions : EmulatedDeviceOptions
    {
        /// <summary>
        /// Gets the virtual clock's start. Default: UTC midnight seven days ago, so that a week of simulated days ends
        /// no later than today. A start at midnight makes the first window a whole day (no <c>Rebooted</c> flag).
        /// </summary>
        public DateTimeOffset Start { get; init; } = VirtualClock.UtcMidnightOf(DateTimeOffset.UtcNow).AddDays(-7);

        /// <summary>
        /// Gets the simulation speed in simulated seconds per real second while rain falls; 86 400 plays a day per
        /// second. Default <see cref="double.PositiveInfinity"/>: as fast as possible.
        /// </summary>
        public double Speed { get; init; } = double.PositiveInfinity;

        /// <summary>Gets the board's pin map. Default: <c>hardware/sensor-node/pinmap.json</c>, embedded at build.</summary>
        public SensorNodePinMap? PinMap { get; init; }

        /// <summary>Gets the firmware's station settings. Default: daily windows, the core's defaults.</summary>
        public SensorStationConfig? Station { get; init; }

        /// <summary>
        /// Gets whether the node also carries a BME280 (on a virtual I2C bus) and a soil-moisture probe (on a virtual
        /// ADC), so that each window signs temperature, humidity, pressure and soil moisture besides rainfall, and the
        /// day is played in sample-interval steps. Default false: a rain gauge only, as the insurance demo needs.
        /// </summary>
        public bool EnvironmentSensors { get; init; }

        /// <summary>
        /// Gets the flash the station's journal lives on. Default null: the outbox is in RAM. With a flash, the
        /// station mounts a <c>MessageJournal</c> on it, resumes its chain from it (so a station started again on the
        /// same flash after a "power cut" continues its sequence), re-sends what it still holds, and keeps its outbox
        /// there. <see cref="EmulatedDeviceOptions.LastSequence"/> and <see cref="EmulatedDeviceOptions.LastDigest"/> are then ignored.
        /// </summary>
        public VirtualFlash? Flash { get; init; }

        /// <summary>Gets how many messages the journal indexes at most. Default 256.</summary>
        public int JournalMaxMessages { get; init; } = 256;

        /// <summary>Gets the extra reed-switch bounces per edge the virtual gauge makes. Default 2.</summary>
        public int BouncesPerEdge { get; init; } = 2;
    }
}
