using System;

namespace EdgeOracle.Firmware.Core.Station
{
    /// <summary>Settings of a <see cref="SensorStation"/>; every property documents its default.</summary>
    public sealed class SensorStationConfig
    {
        /// <summary>Seconds in a UTC day.</summary>
        public const uint SecondsPerDay = 86400;

        /// <summary>
        /// Length of an aggregation window in seconds. Default 86400 (daily). It must divide a day, so that windows
        /// start at UTC midnight and at whole fractions of the day after it.
        /// </summary>
        public uint WindowSeconds { get; set; } = SecondsPerDay;

        /// <summary>How many signed, unacknowledged observations the RAM outbox holds. Default 16.</summary>
        public int OutboxCapacity { get; set; } = 16;

        /// <summary>How long to wait for an acknowledgement before sending a message again. Default 30 000 ms.</summary>
        public int AckTimeoutMilliseconds { get; set; } = 30000;

        /// <summary>How many acknowledgements may wait between the transport thread and the next poll. Default 8.</summary>
        public int AckInboxCapacity { get; set; } = 8;

        /// <summary>
        /// The station opens no window while the clock reads earlier than this (Unix seconds), because before the
        /// first SNTP sync the RTC starts at 1970. Default 1 577 836 800 (2020-01-01T00:00:00Z).
        /// </summary>
        public ulong MinimumValidUnixTime { get; set; } = 1577836800;

        /// <summary>
        /// Seconds between two environment samples (BME280, soil moisture) and two reads of the rain counter for the
        /// hourly rain totals. Default 600 (ten minutes; the node deep-sleeps in between). It must divide a day.
        /// </summary>
        public uint SampleIntervalSeconds { get; set; } = 600;

        /// <summary>Identical raw readings in a row after which a sensor counts as stuck. Default 6 (an hour at the default interval).</summary>
        public int StuckLimit { get; set; } = 6;

        /// <summary>Seconds in an hour: the energy meter's default window.</summary>
        public const uint SecondsPerHour = 3600;

        /// <summary>Returns the defaults with hourly windows, the energy meter's interval (role <c>meter</c>).</summary>
        /// <returns>A new configuration.</returns>
        public static SensorStationConfig ForMeter()
        {
            SensorStationConfig config = new SensorStationConfig();
            config.WindowSeconds = SecondsPerHour;
            return config;
        }

        /// <summary>Throws <see cref="ArgumentException"/> if a setting is out of range.</summary>
        public void Validate()
        {
            if (WindowSeconds == 0 || SecondsPerDay % WindowSeconds != 0)
            {
                throw new ArgumentException("WindowSeconds must divide 86400 so windows align to UTC midnight.");
            }

            if (SampleIntervalSeconds == 0 || SecondsPerDay % SampleIntervalSeconds != 0)
            {
                throw new ArgumentException("SampleIntervalSeconds must divide 86400.");
            }

            if (StuckLimit < 0)
            {
                throw new ArgumentException("StuckLimit must be 0 (off) or more.");
            }

            if (OutboxCapacity < 1)
            {
                throw new ArgumentException("OutboxCapacity must be at least 1.");
            }

            if (AckTimeoutMilliseconds < 1)
            {
                throw new ArgumentException("AckTimeoutMilliseconds must be at least 1.");
            }

            if (AckInboxCapacity < 1)
            {
                throw new ArgumentException("AckInboxCapacity must be at least 1.");
            }
        }
    }
}
