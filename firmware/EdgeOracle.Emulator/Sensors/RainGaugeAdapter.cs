using System;
using System.Device.Gpio;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Sensors;

namespace EdgeOracle.Emulator.Sensors
{
    /// <summary>
    /// Connects a tipping-bucket reed switch on a <see cref="GpioController"/> pin to the core's
    /// <see cref="RainGauge"/>: the pin is a pulled-up input, and each falling edge (switch closing) is stamped with
    /// the clock's monotonic time and recorded as a tip. Works with any System.Device.Gpio driver, virtual or real.
    /// </summary>
    public sealed class RainGaugeAdapter : IDisposable
    {
        private readonly GpioController _controller;
        private readonly int _pin;
        private readonly RainGauge _gauge;
        private readonly IClock _clock;
        private bool _disposed;

        /// <summary>Opens <paramref name="pin"/> as a pulled-up input and starts counting its falling edges.</summary>
        /// <param name="controller">The controller that owns the pin.</param>
        /// <param name="pin">The GPIO of the reed switch (from the pin map).</param>
        /// <param name="gauge">The gauge that counts tips.</param>
        /// <param name="clock">Stamps each edge with monotonic milliseconds.</param>
        public RainGaugeAdapter(GpioController controller, int pin, RainGauge gauge, IClock clock)
        {
            _controller = controller ?? throw new ArgumentNullException(nameof(controller));
            _gauge = gauge ?? throw new ArgumentNullException(nameof(gauge));
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            _pin = pin;
            _controller.OpenPin(pin, PinMode.InputPullUp);
            _controller.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Falling, OnFallingEdge);
        }

        /// <summary>Gets how many falling edges the adapter has seen (counted tips and ignored bounce).</summary>
        public int EdgeCount { get; private set; }

        /// <summary>Stops counting and closes the pin.</summary>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _controller.UnregisterCallbackForPinValueChangedEvent(_pin, OnFallingEdge);
            _controller.ClosePin(_pin);
        }

        private void OnFallingEdge(object sender, PinValueChangedEventArgs args)
        {
            EdgeCount++;
            _gauge.RecordTip(_clock.GetMonotonicMilliseconds());
        }
    }
}
