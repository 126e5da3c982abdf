using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.Threading;

namespace EdgeOracle.Emulator.Gpio
{
    /// <summary>
    /// A <see cref="GpioDriver"/> whose pins a simulation drives, so a real <see cref="GpioController"/> (and any
    /// adapter written against it) runs unchanged on a PC. An input pin's level is what the simulation drives on it,
    /// or its pull resistor's level when nothing drives it; every level change raises the controller's pin-change
    /// callbacks synchronously on the simulation's thread, which keeps simulations deterministic.
    /// </summary>
    public sealed class VirtualGpioDriver : GpioDriver
    {
        private readonly object _gate = new();
        private readonly Pin[] _pins;

        /// <summary>Creates a driver with pins 0 to <paramref name="pinCount"/> − 1 (the ESP32 has 40 GPIO numbers).</summary>
        /// <param name="pinCount">How many pin numbers exist.</param>
        public VirtualGpioDriver(int pinCount = 40)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(pinCount, 1);
            _pins = new Pin[pinCount];
            for (int i = 0; i < pinCount; i++)
            {
                _pins[i] = new Pin();
            }
        }

        /// <inheritdoc />
        protected override int PinCount => _pins.Length;

        /// <summary>
        /// Drives an external level onto <paramref name="pinNumber"/>, as a switch or a sensor wired to it would
        /// (a reed switch to ground drives <see cref="PinValue.Low"/> while closed).
        /// </summary>
        /// <param name="pinNumber">The pin.</param>
        /// <param name="level">The level the outside world drives.</param>
        public void Drive(int pinNumber, PinValue level) => Change(pinNumber, p => p.External = level);

        /// <summary>Stops driving <paramref name="pinNumber"/> from outside; an input then reads its pull level.</summary>
        /// <param name="pinNumber">The pin.</param>
        public void Release(int pinNumber) => Change(pinNumber, p => p.External = null);

        /// <summary>Returns the level on <paramref name="pinNumber"/> as the outside world sees it (also for outputs).</summary>
        /// <param name="pinNumber">The pin.</param>
        /// <returns>The pin's current level.</returns>
        public PinValue GetLevel(int pinNumber)
        {
            lock (_gate)
            {
                return GetPin(pinNumber).Level;
            }
        }

        /// <summary>Returns how many pin-change callbacks are registered on <paramref name="pinNumber"/>.</summary>
        /// <param name="pinNumber">The pin.</param>
        /// <returns>The callback count.</returns>
        public int GetCallbackCount(int pinNumber)
        {
            lock (_gate)
            {
                return GetPin(pinNumber).Callbacks.Count;
            }
        }

        /// <inheritdoc />
        protected override void OpenPin(int pinNumber) => Change(pinNumber, p => p.IsOpen = true);

        /// <inheritdoc />
        protected override void ClosePin(int pinNumber)
        {
            lock (_gate)
            {
                Pin pin = GetPin(pinNumber);
                pin.IsOpen = false;
                pin.Callbacks.Clear();
            }
        }

        /// <inheritdoc />
        protected override void SetPinMode(int pinNumber, PinMode mode) => Change(pinNumber, p => p.Mode = mode);

        /// <inheritdoc />
        protected override PinMode GetPinMode(int pinNumber)
        {
            lock (_gate)
            {
                return GetPin(pinNumber).Mode;
            }
        }

        /// <inheritdoc />
        protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
            pinNumber >= 0 && pinNumber < _pins.Length && Enum.IsDefined(mode);

        /// <inheritdoc />
        protected override PinValue Read(int pinNumber) => GetLevel(pinNumber);

        /// <inheritdoc />
        protected override void Write(int pinNumber, PinValue value) => Change(pinNumber, p => p.Output = value);

        /// <inheritdoc />
        protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
        {
            using ManualResetEventSlim signal = new();
            PinEventTypes seen = PinEventTypes.None;
            void OnChange(object sender, PinValueChangedEventArgs args)
            {
                seen = args.ChangeType;
                signal.Set();
            }

            AddCallbackForPinValueChangedEvent(pinNumber, eventTypes, OnChange);
            try
            {
                signal.Wait(cancellationToken);
                return new WaitForEventResult { EventTypes = seen, TimedOut = false };
            }
            catch (OperationCanceledException)
            {
                return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
            }
            finally
            {
                RemoveCallbackForPinValueChangedEvent(pinNumber, OnChange);
            }
        }

        /// <inheritdoc />
        protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
        {
            ArgumentNullException.ThrowIfNull(callback);
            lock (_gate)
            {
                GetPin(pinNumber).Callbacks.Add(new Registration(eventTypes, callback));
            }
        }

        /// <inheritdoc />
        protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
        {
            lock (_gate)
            {
                GetPin(pinNumber).Callbacks.RemoveAll(r => r.Callback == callback);
            }
        }

        private void Change(int pinNumber, Action<Pin> change)
        {
            Registration[] toCall;
            PinEventTypes edge;
            lock (_gate)
            {
                Pin pin = GetPin(pinNumber);
                PinValue before = pin.Level;
                change(pin);
                PinValue after = pin.Level;
                if (before == after)
                {
                    return;
                }

                edge = after == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
                toCall = pin.Callbacks.FindAll(r => (r.EventTypes & edge) != 0).ToArray();
            }

            // Outside the lock, so a callback may read or drive pins itself.
            PinValueChangedEventArgs args = new(edge, pinNumber);
            foreach (Registration registration in toCall)
            {
                registration.Callback(this, args);
            }
        }

        private Pin GetPin(int pinNumber)
        {
            if (pinNumber < 0 || pinNumber >= _pins.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(pinNumber), pinNumber, $"This driver has pins 0 to {_pins.Length - 1}.");
            }

            return _pins[pinNumber];
        }

        private sealed record Registration(PinEventTypes EventTypes, PinChangeEventHandler Callback);

        private sealed class Pin
        {
            public bool IsOpen { get; set; }

            public PinMode Mode { get; set; } = PinMode.Input;

            public PinValue Output { get; set; } = PinValue.Low;

            public PinValue? External { get; set; }

            public List<Registration> Callbacks { get; } = new();

            // An output drives its own level; an input follows the outside world, else its pull (floating reads low).
            public PinValue Level => Mode switch
            {
                PinMode.Output => Output,
                _ when External is { } level => level,
                PinMode.InputPullUp => PinValue.High,
                _ => PinValue.Low,
            };
        }
    }
}
