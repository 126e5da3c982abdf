// Reference surface (hand-written, public signatures only): see ../README.md.
using System;
using nanoFramework.Runtime.Events;

namespace System.Device.Gpio
{
    /// <summary>How a pin is driven or read.</summary>
    public enum PinMode
    {
        /// <summary>Floating input.</summary>
        Input = 0,

        /// <summary>Input with the pull-down resistor.</summary>
        InputPullDown = 1,

        /// <summary>Input with the pull-up resistor.</summary>
        InputPullUp = 2,

        /// <summary>Push-pull output.</summary>
        Output = 3,
    }

    /// <summary>The edges a pin callback fires on.</summary>
    [Flags]
    public enum PinEventTypes
    {
        /// <summary>No edge.</summary>
        None = 0,

        /// <summary>Low to high.</summary>
        Rising = 1,

        /// <summary>High to low.</summary>
        Falling = 2,
    }

    /// <summary>A pin level.</summary>
    public readonly struct PinValue
    {
        /// <summary>Logic high.</summary>
        public static PinValue High => throw new NotImplementedException();

        /// <summary>Logic low.</summary>
        public static PinValue Low => throw new NotImplementedException();
    }

    /// <summary>What a pin-change callback receives.</summary>
    public class PinValueChangedEventArgs : BaseEvent
    {
        /// <summary>A change of <paramref name="pinNumber"/>.</summary>
        public PinValueChangedEventArgs(PinEventTypes changeType, int pinNumber) => throw new NotImplementedException();

        /// <summary>The edge that happened.</summary>
        public PinEventTypes ChangeType => throw new NotImplementedException();

        /// <summary>The pin.</summary>
        public int PinNumber => throw new NotImplementedException();
    }

    /// <summary>A pin-change callback registered on a <see cref="GpioController"/>.</summary>
    public delegate void PinChangeEventHandler(object sender, PinValueChangedEventArgs pinValueChangedEventArgs);

    /// <summary>An open pin.</summary>
    public sealed class GpioPin : IDisposable
    {
        private GpioPin()
        {
        }

        /// <summary>Drives the pin.</summary>
        public void Write(PinValue value) => throw new NotImplementedException();

        /// <summary>Closes the pin.</summary>
        public void Dispose() => throw new NotImplementedException();
    }

    /// <summary>The GPIO controller of the device.</summary>
    public sealed class GpioController : IDisposable
    {
        /// <summary>The controller, logical pin numbering.</summary>
        public GpioController() => throw new NotImplementedException();

        /// <summary>Opens <paramref name="pinNumber"/> in <paramref name="mode"/>.</summary>
        public GpioPin OpenPin(int pinNumber, PinMode mode) => throw new NotImplementedException();

        /// <summary>Calls <paramref name="callback"/> on the given edges of an open pin.</summary>
        public void RegisterCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) => throw new NotImplementedException();

        /// <summary>Closes every pin this controller opened.</summary>
        public void Dispose() => throw new NotImplementedException();
    }
}
