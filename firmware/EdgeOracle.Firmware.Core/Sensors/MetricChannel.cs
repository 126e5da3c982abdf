using System;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Sensors
{
    /// <summary>
    /// One measured quantity of a node (a PROTOCOL.md §3 metric): its samples aggregated per observation window, per
    /// UTC hour and per UTC day (sum, min, max, count), and its health over the window as observation flags.
    /// </summary>
    /// <remarks>
    /// <para>Health rules, each setting a PROTOCOL.md §3 flag on the window:</para>
    /// <list type="bullet">
    /// <item><c>Stuck</c>: the sensor's raw value repeated unchanged <see cref="StuckLimit"/> samples in a row. A working
    /// BME280's 20-bit raw temperature or a 12-bit ADC always moves by a few counts; a frozen one means a dead
    /// converter or a bus returning a cached register.</item>
    /// <item><c>OutOfRange</c>: a sample outside [<see cref="MinValid"/>, <see cref="MaxValid"/>] (or a sensor that reported
    /// it out of range). Such a sample is not aggregated.</item>
    /// <item><c>Gap</c>: a sample could not be read, or the window holds fewer samples than expected.</item>
    /// </list>
    /// <para>All aggregates are allocated once; adding a sample allocates nothing.</para>
    /// </remarks>
    public sealed class MetricChannel
    {
        /// <summary>Hours in a UTC day.</summary>
        public const int HoursPerDay = 24;

        private readonly Aggregate _window = new Aggregate();
        private readonly Aggregate _day = new Aggregate();
        private readonly Aggregate[] _hours = new Aggregate[HoursPerDay];
        private uint _flags;
        private bool _hasRaw;
        private long _lastRaw;
        private int _repeats;
        private uint _outOfRangeInWindow;

        /// <summary>Creates a channel.</summary>
        /// <param name="metric">The PROTOCOL.md metric code.</param>
        /// <param name="isSum">Whether the window's value is the sum (rainfall, energy) rather than the mean.</param>
        /// <param name="minValid">Smallest plausible sample, in the metric's unit.</param>
        /// <param name="maxValid">Largest plausible sample, in the metric's unit.</param>
        /// <param name="stuckLimit">Identical raw values in a row that count as stuck; 0 turns the check off.</param>
        public MetricChannel(uint metric, bool isSum, long minValid, long maxValid, int stuckLimit)
        {
            if (!Metrics.IsKnown(metric))
            {
                throw new ArgumentOutOfRangeException(nameof(metric));
            }

            if (minValid > maxValid || stuckLimit < 0)
            {
                throw new ArgumentException("minValid must not exceed maxValid, and stuckLimit must be 0 or more.");
            }

            Metric = metric;
            IsSum = isSum;
            MinValid = minValid;
            MaxValid = maxValid;
            StuckLimit = stuckLimit;
            for (int i = 0; i < HoursPerDay; i++)
            {
                _hours[i] = new Aggregate();
            }
        }

        /// <summary>Gets the metric code.</summary>
        public uint Metric { get; }

        /// <summary>Gets whether the window's value is the sum of the samples rather than their mean.</summary>
        public bool IsSum { get; }

        /// <summary>Gets the smallest plausible sample.</summary>
        public long MinValid { get; }

        /// <summary>Gets the largest plausible sample.</summary>
        public long MaxValid { get; }

        /// <summary>Gets how many identical raw values in a row mean stuck (0: never).</summary>
        public int StuckLimit { get; }

        /// <summary>Gets the open observation window's aggregate.</summary>
        public Aggregate Window
        {
            get { return _window; }
        }

        /// <summary>Gets the current UTC day's aggregate.</summary>
        public Aggregate Day
        {
            get { return _day; }
        }

        /// <summary>Gets the health flags gathered in the open window.</summary>
        public uint Flags
        {
            get { return _flags; }
        }

        /// <summary>Gets the samples that could not be read in the open window.</summary>
        public int MissedInWindow { get; private set; }

        /// <summary>Gets the aggregate of hour <paramref name="hourOfDay"/> (0–23, UTC) of the current day.</summary>
        /// <param name="hourOfDay">0 to 23.</param>
        /// <returns>The hour's aggregate (empty if no sample fell in it yet).</returns>
        public Aggregate Hour(int hourOfDay)
        {
            if (hourOfDay < 0 || hourOfDay >= HoursPerDay)
            {
                throw new ArgumentOutOfRangeException(nameof(hourOfDay));
            }

            return _hours[hourOfDay];
        }

        /// <summary>Adds a sample read at <paramref name="unixSeconds"/>.</summary>
        /// <param name="value">The sample in the metric's unit.</param>
        /// <param name="raw">The sensor's raw value (for the stuck check).</param>
        /// <param name="unixSeconds">When it was read (selects the UTC hour).</param>
        /// <returns><c>false</c> if the sample was out of range (flagged, not aggregated).</returns>
        public bool AddSample(long value, long raw, ulong unixSeconds)
        {
            CheckStuck(raw);
            if (value < MinValid || value > MaxValid)
            {
                _flags |= ObservationFlags.OutOfRange;
                _outOfRangeInWindow++;
                return false;
            }

            int hour = (int)((unixSeconds % 86400) / 3600);
            _window.Add(value);
            _day.Add(value);
            _hours[hour].Add(value);
            return true;
        }

        /// <summary>Records a sample the sensor could not deliver (bus fault, probe failure).</summary>
        /// <param name="outOfRange">Whether the sensor itself reported the reading out of range (open or shorted probe).</param>
        public void MissSample(bool outOfRange)
        {
            MissedInWindow++;
            _flags |= outOfRange ? (ObservationFlags.OutOfRange | ObservationFlags.Gap) : ObservationFlags.Gap;
        }

        /// <summary>ORs flags decided elsewhere (e.g. <c>Rebooted</c>) into the open window.</summary>
        /// <param name="flags">PROTOCOL.md §3 flag bits.</param>
        public void AddFlags(uint flags)
        {
            _flags |= flags;
        }

        /// <summary>Returns the window's value: its sum or its rounded mean.</summary>
        /// <returns>The value to sign.</returns>
        public long WindowValue()
        {
            return IsSum ? _window.Sum : _window.Mean();
        }

        /// <summary>
        /// Returns the window's flags, adding <c>Gap</c> when it holds fewer than <paramref name="expectedSamples"/>
        /// samples (out-of-range samples count as present: they were read), then empties the window. The stuck run
        /// carries over, so a sensor frozen across midnight is still caught.
        /// </summary>
        /// <param name="expectedSamples">Samples a whole window should hold; 0 skips the count check.</param>
        /// <returns>The window's flags.</returns>
        public uint CloseWindow(uint expectedSamples)
        {
            uint flags = _flags;
            if (expectedSamples > 0 && _window.Count + _outOfRangeInWindow + 1 < expectedSamples)
            {
                // One sample of slack: the window's first sample may fall just after its start.
                flags |= ObservationFlags.Gap;
            }

            _window.Reset();
            _flags = 0;
            _outOfRangeInWindow = 0;
            MissedInWindow = 0;
            return flags;
        }

        /// <summary>Starts a new UTC day: empties the day's and the hours' aggregates.</summary>
        public void StartDay()
        {
            _day.Reset();
            for (int i = 0; i < HoursPerDay; i++)
            {
                _hours[i].Reset();
            }
        }

        private void CheckStuck(long raw)
        {
            if (StuckLimit == 0)
            {
                return;
            }

            if (_hasRaw && raw == _lastRaw)
            {
                _repeats++;
                if (_repeats + 1 >= StuckLimit)
                {
                    _flags |= ObservationFlags.Stuck;
                }
            }
            else
            {
                _repeats = 0;
            }

            _hasRaw = true;
            _lastRaw = raw;
        }
    }
}
