// Reference surface (hand-written, public signatures only): see ../README.md.
using System;

namespace nanoFramework.Hardware.Esp32
{
    /// <summary>
    /// A peripheral signal that a GPIO can be routed to. The values are the real ones (device type × 0x10000 + device
    /// index × 0x100 + signal), because enum constants are compiled into the app.
    /// </summary>
    public enum DeviceFunction
    {
        /// <summary>SPI1 MOSI.</summary>
        SPI1_MOSI = 0x10100,

        /// <summary>SPI1 MISO.</summary>
        SPI1_MISO = 0x10101,

        /// <summary>SPI1 clock.</summary>
        SPI1_CLOCK = 0x10102,

        /// <summary>I2C1 data.</summary>
        I2C1_DATA = 0x20100,

        /// <summary>I2C1 clock.</summary>
        I2C1_CLOCK = 0x20101,

        /// <summary>UART COM2 transmit.</summary>
        COM2_TX = 0x30200,

        /// <summary>UART COM2 receive.</summary>
        COM2_RX = 0x30201,

        /// <summary>UART COM3 transmit.</summary>
        COM3_TX = 0x30300,

        /// <summary>UART COM3 receive.</summary>
        COM3_RX = 0x30301,

        /// <summary>PWM channel 1.</summary>
        PWM1 = 0x40100,
    }

    /// <summary>Routes GPIOs to peripheral signals.</summary>
    public class Configuration
    {
        /// <summary>Routes <paramref name="pin"/> to <paramref name="value"/>.</summary>
        public static void SetPinFunction(int pin, DeviceFunction value) => throw new NotImplementedException();
    }

    /// <summary>ESP-IDF error codes.</summary>
    public enum EspNativeError
    {
        /// <summary>Success.</summary>
        OK = 0,
    }

    /// <summary>Light and deep sleep.</summary>
    public class Sleep
    {
        /// <summary>RTC GPIOs that can wake the chip (bit masks).</summary>
        public enum WakeupGpioPin : ulong
        {
            /// <summary>GPIO 27.</summary>
            Pin27 = 1UL << 27,
        }

        /// <summary>Wakes after <paramref name="time"/>.</summary>
        public static EspNativeError EnableWakeupByTimer(TimeSpan time) => throw new NotImplementedException();

        /// <summary>Wakes when <paramref name="pin"/> reaches <paramref name="level"/> (EXT0).</summary>
        public static EspNativeError EnableWakeupByPin(WakeupGpioPin pin, int level) => throw new NotImplementedException();

        /// <summary>Enters deep sleep; the chip reboots on wake.</summary>
        public static void StartDeepSleep() => throw new NotImplementedException();
    }

    /// <summary>The ESP32's 64-bit microsecond timer.</summary>
    public class HighResTimer : IDisposable
    {
        /// <summary>Microseconds since boot.</summary>
        public static ulong GetCurrent() => throw new NotImplementedException();

        /// <summary>Releases the timer.</summary>
        public void Dispose() => throw new NotImplementedException();
    }
}

namespace System.Device.Gpio
{
    /// <summary>Edges the pulse counter counts.</summary>
    public enum GpioPulsePolarity
    {
        /// <summary>Both edges.</summary>
        Both = 0,

        /// <summary>High to low.</summary>
        Falling = 1,

        /// <summary>Low to high.</summary>
        Rising = 2,
    }

    /// <summary>A pulse-counter reading.</summary>
    public struct GpioPulseCount
    {
        /// <summary>Pulses counted.</summary>
        public long Count;

        /// <summary>When, relative to the counter's start.</summary>
        public TimeSpan RelativeTime;
    }

    /// <summary>The ESP32 PCNT peripheral on a pin (this type ships in nanoFramework.Hardware.Esp32).</summary>
    public sealed class GpioPulseCounter : IDisposable
    {
        /// <summary>A counter on <paramref name="pinNumberA"/>.</summary>
        public GpioPulseCounter(int pinNumberA, int pinNumberB = -1) => throw new NotImplementedException();

        /// <summary>Which edges count.</summary>
        public GpioPulsePolarity Polarity
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        /// <summary>Pulses shorter than this many APB clock cycles are ignored (max 1023).</summary>
        public ushort FilterPulses
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        /// <summary>Starts counting.</summary>
        public void Start() => throw new NotImplementedException();

        /// <summary>The count so far.</summary>
        public GpioPulseCount Read() => throw new NotImplementedException();

        /// <summary>Stops and releases the counter.</summary>
        public void Dispose() => throw new NotImplementedException();
    }
}
