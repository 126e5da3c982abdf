// Reference surface (hand-written, public signatures only): see ../README.md.
using System;

namespace System.Device.Pwm
{
    /// <summary>A PWM output.</summary>
    public sealed class PwmChannel : IDisposable
    {
        private PwmChannel()
        {
        }

        /// <summary>Opens PWM on <paramref name="pin"/> (the pin must have its PWM function assigned first).</summary>
        public static PwmChannel CreateFromPin(int pin, int frequency = 400, double dutyCyclePercentage = 0.5) => throw new NotImplementedException();

        /// <summary>Duty cycle, 0.0 to 1.0.</summary>
        public double DutyCycle
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        /// <summary>Starts the output.</summary>
        public void Start() => throw new NotImplementedException();

        /// <summary>Stops and releases the channel.</summary>
        public void Dispose() => throw new NotImplementedException();
    }
}
