using System;

namespace EdgeOracle.Firmware.Core.Sensors
{
    /// <summary>
    /// A debounced edge counter for a switch or pulse output on a GPIO (a rain gauge's reed switch, a meter's S0
    /// output): an edge counts only if at least <see cref="DebounceMilliseconds"/> have passed since the last
    /// <em>counted</em> edge.
    /// </summary>
    /// <remarks>
    /// <see cref="Record"/> is called from the pin-change callback (an interrupt thread on the ESP32) while the host
    /// loop reads the count; both go through one lock. Nothing here allocates.
    /// </remarks>
    public sealed class PulseCounter
    {
        private readonly object _gate = new object();
        private readonly int _debounceMilliseconds;
        private bool _hasCounted;
        private long _lastCountedMilliseconds;
        private uint _count;
        private uint _ignoredEdges;

        /// <summary>Creates a counter.</summary>
        /// <param name="debounceMilliseconds">Minimum time between two counted edges; 0 counts every edge.</param>
        public PulseCounter(int debounceMilliseconds)
        {
            if (debounceMilliseconds < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(debounceMilliseconds));
            }

            _debounceMilliseconds = debounceMilliseconds;
        }

        /// <summary>Gets the minimum time between two counted edges, in milliseconds.</summary>
        public int DebounceMilliseconds
        {
            get { return _debounceMilliseconds; }
        }

        /// <summary>Records an active edge seen at <paramref name="monotonicMilliseconds"/>.</summary>
        /// <param name="monotonicMilliseconds">When the edge happened, from <c>IClock.GetMonotonicMilliseconds</c>.</param>
        /// <returns><c>true</c> if the edge counted; <c>false</c> if it was bounce inside the debounce interval.</returns>
        public bool Record(long monotonicMilliseconds)
        {
            lock (_gate)
            {
                // Measured from the last counted edge, so a burst of bounces cannot stretch the interval forever.
                // An edge stamped before the last counted one (out-of-order callbacks) is inside the interval too.
                if (_hasCounted && monotonicMilliseconds - _lastCountedMilliseconds < _debounceMilliseconds)
                {
                    _ignoredEdges++;
                    return false;
                }

                _hasCounted = true;
                _lastCountedMilliseconds = monotonicMilliseconds;
                _count++;
                return true;
            }
        }

        /// <summary>Returns the edges counted since the last <see cref="ReadAndReset"/>, without resetting.</summary>
        /// <returns>The current count.</returns>
        public uint GetCount()
        {
            lock (_gate)
            {
                return _count;
            }
        }

        /// <summary>Returns how many edges were ignored as bounce since the counter was created.</summary>
        /// <returns>The count of ignored edges.</returns>
        public uint GetIgnoredEdgeCount()
        {
            lock (_gate)
            {
                return _ignoredEdges;
            }
        }

        /// <summary>
        /// Returns the edges counted since the last call and starts a new count, atomically with respect to
        /// <see cref="Record"/>, so an edge is counted in exactly one window.
        /// </summary>
        /// <returns>The count of the window that ends now.</returns>
        public uint ReadAndReset()
        {
            lock (_gate)
            {
                uint count = _count;
                _count = 0;
                return count;
            }
        }
    }
}
