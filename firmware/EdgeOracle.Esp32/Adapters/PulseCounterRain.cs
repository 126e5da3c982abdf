#if NANOFRAMEWORK_1_0
using System.Device.Gpio; // GpioPulseCounter: namespace System.Device.Gpio, assembly nanoFramework.Hardware.Esp32

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>
    /// Tip counting in the ESP32's pulse-counter peripheral (<c>GpioPulseCounter</c>), with its glitch filter as the
    /// debounce, for a node that reads the count once per sample instead of taking an interrupt per tip.
    /// </summary>
    internal sealed class PulseCounterRain
    {
        private readonly GpioPulseCounter _counter;
        private long _last;

        public PulseCounterRain(int pin)
        {
            _counter = new GpioPulseCounter(pin);
            _counter.Polarity = GpioPulsePolarity.Falling;

            // The filter ignores pulses shorter than this many APB clock cycles (max 1023, ~12.8 µs at 80 MHz):
            // it removes contact chatter spikes; the core's time-based debounce handles longer bounces.
            _counter.FilterPulses = 1023;
            _counter.Start();
        }

        /// <summary>Returns the pulses counted since the last call.</summary>
        public uint ReadNew()
        {
            GpioPulseCount count = _counter.Read();
            long delta = count.Count - _last;
            _last = count.Count;
            return delta < 0 ? 0 : (uint)delta;
        }
    }
}
#endif
