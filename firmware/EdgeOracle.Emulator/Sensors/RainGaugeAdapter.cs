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
        private readonly PulseInputAdapter _input;

        /// <summary>Opens <paramref name="pin"/> as a pulled-up input and starts counting its falling edges.</summary>
        /// <param name="controller">The controller that owns the pin.</param>
        /// <param name="pin">The GPIO of the reed switch (from the pin map).</param>
        /// <param name="gauge">The gauge that counts tips.</param>
        /// <param name="clock">Stamps each edge with monotonic milliseconds.</param>
        public RainGaugeAdapter(GpioController controller, int pin, RainGauge gauge, IClock clock)
        {
            ArgumentNullException.ThrowIfNull(gauge);
            _input = new PulseInputAdapter(controller, pin, PinMode.InputPullUp, PinEventTypes.Falling, clock, gauge.RecordTip);
        }

        /// <summary>Gets how many falling edges the adapter has seen (counted tips and ignored bounce).</summary>
        public int EdgeCount => _input.EdgeCount;

        /// <summary>Stops counting and closes the pin.</summary>
        public void Dispose() => _input.Dispose();
    }
}
