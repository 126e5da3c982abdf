using System;
using System.Device.Gpio;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Emulator.Sensors
{
    /// <summary>
    /// Connects a pulse or switch input on a <see cref="GpioController"/> pin to a core counter: the pin is opened with
    /// its pull resistor, and each active edge is stamped with the clock's monotonic time and handed to the counter.
    /// Works with any System.Device.Gpio driver, virtual or real.
    /// </summary>
    public sealed class PulseInputAdapter : IDisposable
    {
        private readonly GpioController _controller;
        private readonly int _pin;
        private readonly IClock _clock;
        private readonly Func<long, bool> _record;
        private bool _disposed;

        /// <summary>Opens <paramref name="pin"/> as <paramref name="mode"/> and starts counting its <paramref name="edge"/> edges.</summary>
        /// <param name="controller">The controller that owns the pin.</param>
        /// <param name="pin">The GPIO (from the pin map).</param>
        /// <param name="mode">The input mode with its pull resistor (pull-up for a switch to ground, pull-down for a pulse that drives high).</param>
        /// <param name="edge">The active edge.</param>
        /// <param name="clock">Stamps each edge with monotonic milliseconds.</param>
        /// <param name="record">The core counter's record method; returns whether the edge counted.</param>
        public PulseInputAdapter(GpioController controller, int pin, PinMode mode, PinEventTypes edge, IClock clock, Func<long, bool> record)
        {
            _controller = controller ?? throw new ArgumentNullException(nameof(controller));
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            _record = record ?? throw new ArgumentNullException(nameof(record));
            _pin = pin;
            _controller.OpenPin(pin, mode);
            _controller.RegisterCallbackForPinValueChangedEvent(pin, edge, OnEdge);
        }

        /// <summary>Gets how many active edges the adapter has seen (counted and ignored as bounce).</summary>
        public int EdgeCount { get; private set; }

        /// <summary>Stops counting and closes the pin.</summary>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _controller.UnregisterCallbackForPinValueChangedEvent(_pin, OnEdge);
            _controller.ClosePin(_pin);
        }

        private void OnEdge(object sender, PinValueChangedEventArgs args)
        {
            EdgeCount++;
            _record(_clock.GetMonotonicMilliseconds());
        }
    }
}
