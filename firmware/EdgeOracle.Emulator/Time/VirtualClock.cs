using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Emulator.Time
{
    /// <summary>
    /// A clock that only moves when the simulation moves it, so an emulated device can live through days in
    /// seconds. Its monotonic counter starts at 0 and advances with the wall time; it never goes backwards.
    /// </summary>
    public sealed class VirtualClock : IClock
    {
        /// <summary>Real time between two steps of <see cref="AdvanceAsync"/>.</summary>
        public static readonly TimeSpan RealStep = TimeSpan.FromMilliseconds(20);

        private readonly long _startUnixMs;
        private long _unixMs;

        /// <summary>Creates a clock that reads <paramref name="start"/>.</summary>
        /// <param name="start">The initial wall time (any offset; the clock keeps UTC).</param>
        public VirtualClock(DateTimeOffset start)
        {
            _startUnixMs = start.ToUnixTimeMilliseconds();
            _unixMs = _startUnixMs;
        }

        /// <summary>Creates a clock that reads <paramref name="startUnixSeconds"/>.</summary>
        /// <param name="startUnixSeconds">The initial wall time, Unix seconds.</param>
        public VirtualClock(ulong startUnixSeconds)
            : this(DateTimeOffset.FromUnixTimeSeconds(checked((long)startUnixSeconds)))
        {
        }

        /// <summary>Raised after every advance, on the thread that advanced the clock.</summary>
        public event EventHandler? Advanced;

        /// <summary>Gets the current wall time.</summary>
        public DateTimeOffset UtcNow => DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref _unixMs));

        /// <summary>Returns the start of the UTC day that contains <paramref name="time"/>.</summary>
        /// <param name="time">Any instant.</param>
        /// <returns>That day's UTC midnight.</returns>
        public static DateTimeOffset UtcMidnightOf(DateTimeOffset time) => new(time.UtcDateTime.Date, TimeSpan.Zero);

        /// <inheritdoc />
        public ulong GetUnixTimeSeconds() => (ulong)(Interlocked.Read(ref _unixMs) / 1000);

        /// <inheritdoc />
        public long GetMonotonicMilliseconds() => Interlocked.Read(ref _unixMs) - _startUnixMs;

        /// <summary>Moves the clock forward by <paramref name="duration"/>.</summary>
        /// <param name="duration">Zero or more.</param>
        public void Advance(TimeSpan duration)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
            Interlocked.Add(ref _unixMs, (long)duration.TotalMilliseconds);
            Advanced?.Invoke(this, EventArgs.Empty);
        }

        /// <summary>Moves the clock forward to <paramref name="time"/>; a time in the past is an error.</summary>
        /// <param name="time">The new wall time, not before <see cref="UtcNow"/>.</param>
        public void AdvanceTo(DateTimeOffset time)
        {
            TimeSpan delta = time - UtcNow;
            if (delta < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(time), time, $"The virtual clock is at {UtcNow:O} and never goes backwards.");
            }

            Advance(delta);
        }

        /// <summary>
        /// Plays <paramref name="simulated"/> time at <paramref name="speed"/> simulated seconds per real second,
        /// in steps of about <see cref="RealStep"/> real time, calling <paramref name="onStep"/> after each step
        /// (e.g. to poll a device). <see cref="double.PositiveInfinity"/> advances in one step without waiting.
        /// </summary>
        /// <param name="simulated">How much virtual time to play.</param>
        /// <param name="speed">Simulated seconds per real second; 86 400 plays a day per second.</param>
        /// <param name="onStep">Called after each step; may be <c>null</c>.</param>
        /// <param name="cancellationToken">Stops the run between steps.</param>
        /// <returns>A task that completes when the whole span has been played.</returns>
        public async Task AdvanceAsync(TimeSpan simulated, double speed, Action? onStep = null, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(simulated, TimeSpan.Zero);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
            DateTimeOffset end = UtcNow + simulated;
            long started = Stopwatch.GetTimestamp();
            while (UtcNow < end)
            {
                cancellationToken.ThrowIfCancellationRequested();
                DateTimeOffset next = end;
                if (!double.IsPositiveInfinity(speed))
                {
                    await Task.Delay(RealStep, cancellationToken).ConfigureAwait(false);
                    TimeSpan played = Stopwatch.GetElapsedTime(started) * speed;
                    DateTimeOffset due = end - simulated + played;
                    next = due < end ? due : end;
                }

                if (next > UtcNow)
                {
                    AdvanceTo(next);
                }

                onStep?.Invoke();
            }
        }
    }
}
