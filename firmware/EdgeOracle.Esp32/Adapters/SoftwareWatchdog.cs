#if NANOFRAMEWORK_1_0
using System.Threading;
using nanoFramework.Runtime.Native;

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>
    /// A watchdog for the managed host loop: the loop calls <see cref="Feed"/> each pass; a supervisor thread reboots
    /// the device (<c>Power.RebootDevice</c>) if no feed came within the timeout. The ESP-IDF task watchdog underneath
    /// nanoFramework's native firmware guards the runtime itself; nanoFramework exposes no managed API for it, so a
    /// hung managed loop (e.g. a blocked socket) is caught here instead.
    /// </summary>
    internal sealed class SoftwareWatchdog
    {
        private readonly int _timeoutMilliseconds;
        private readonly NanoClock _clock;
        private readonly object _gate = new object();
        private long _lastFeed;

        public SoftwareWatchdog(NanoClock clock, int timeoutMilliseconds)
        {
            _clock = clock;
            _timeoutMilliseconds = timeoutMilliseconds;
            _lastFeed = clock.GetMonotonicMilliseconds();
            new Thread(Supervise).Start();
        }

        public void Feed()
        {
            lock (_gate)
            {
                _lastFeed = _clock.GetMonotonicMilliseconds();
            }
        }

        private void Supervise()
        {
            while (true)
            {
                Thread.Sleep(_timeoutMilliseconds / 4);
                long last;
                lock (_gate)
                {
                    last = _lastFeed;
                }

                if (_clock.GetMonotonicMilliseconds() - last > _timeoutMilliseconds)
                {
                    Power.RebootDevice();
                }
            }
        }
    }
}
#endif
