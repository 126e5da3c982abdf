#if NANOFRAMEWORK_1_0
using System.Device.Gpio;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Sensors;

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>
    /// The reed switch on a pulled-up GPIO: each falling edge goes to the core's <see cref="RainGauge"/>, which
    /// debounces. (The ESP32's hardware pulse counter, PCNT, would count in deep sleep too; nanoFramework exposes it as
    /// <c>nanoFramework.Hardware.Esp32.GpioPulseCounter</c>, used by <see cref="PulseCounterRain"/> on boards that sleep.)
    /// </summary>
    internal sealed class RainGaugeInput
    {
        private readonly RainGauge _gauge;
        private readonly IClock _clock;

        public RainGaugeInput(GpioController controller, int pin, RainGauge gauge, IClock clock)
        {
            _gauge = gauge;
            _clock = clock;
            controller.OpenPin(pin, PinMode.InputPullUp);
            controller.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Falling, OnFalling);
        }

        private void OnFalling(object sender, PinValueChangedEventArgs e)
        {
            _gauge.RecordTip(_clock.GetMonotonicMilliseconds());
        }
    }
}
#endif
