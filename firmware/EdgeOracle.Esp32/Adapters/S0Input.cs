#if NANOFRAMEWORK_1_0
using System.Device.Gpio;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Sensors;

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>
    /// The energy meter's S0 output through the PC817 optocoupler on a pulled-down GPIO (hardware/energy-meter): each
    /// rising edge goes to the core's <see cref="EnergyMeter"/> pulse counter, which debounces. The board is mains
    /// powered and never sleeps, so an interrupt per pulse counts every one.
    /// </summary>
    internal sealed class S0Input
    {
        private readonly PulseCounter _pulses;
        private readonly IClock _clock;

        public S0Input(GpioController controller, int pin, EnergyMeter meter, IClock clock)
        {
            _pulses = meter.Pulses;
            _clock = clock;
            controller.OpenPin(pin, PinMode.InputPullDown);
            controller.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Rising, OnRising);
        }

        private void OnRising(object sender, PinValueChangedEventArgs e)
        {
            _pulses.Record(_clock.GetMonotonicMilliseconds());
        }
    }
}
#endif
