using System;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Emulator.Adc
{
    /// <summary>
    /// A virtual 12-bit ADC input (the ESP32's ADC1 at 11 dB: 0–4095 over about 0–3.1 V), read through the core's
    /// <see cref="IAdcChannel"/> port. The simulation sets the voltage; faults make the input float to a rail or the
    /// converter fail.
    /// </summary>
    public sealed class VirtualAdcChannel : IAdcChannel
    {
        /// <summary>Full-scale input voltage at 11 dB attenuation, volts.</summary>
        public const double FullScaleVolts = 3.1;

        private readonly Random _noise;
        private readonly object _gate = new();
        private double _volts;

        /// <summary>Creates a channel.</summary>
        /// <param name="seed">Seed of the noise (uniform ±12 LSB; the ESP32's ADC is noisier still).</param>
        public VirtualAdcChannel(int seed = 2)
        {
            _noise = new Random(seed);
        }

        /// <inheritdoc />
        public int MaxValue => 4095;

        /// <summary>Gets or sets the voltage at the pin.</summary>
        public double Volts
        {
            get { lock (_gate) { return _volts; } }
            set { lock (_gate) { _volts = value; } }
        }

        /// <summary>Gets or sets whether the pin floats to the top rail (an open probe: reads 4095).</summary>
        public bool Open { get; set; }

        /// <summary>Gets or sets whether a read fails outright.</summary>
        public bool Failing { get; set; }

        /// <summary>Gets or sets whether noise is added. Default true.</summary>
        public bool Noise { get; set; } = true;

        /// <summary>Sets the pin to the voltage that reads <paramref name="raw"/>.</summary>
        /// <param name="raw">A raw value 0–4095.</param>
        public void SetRaw(int raw) => Volts = raw * FullScaleVolts / MaxValue;

        /// <inheritdoc />
        public bool TryReadRaw(out int raw)
        {
            raw = 0;
            if (Failing)
            {
                return false;
            }

            if (Open)
            {
                raw = MaxValue;
                return true;
            }

            lock (_gate)
            {
                int value = (int)Math.Round(_volts / FullScaleVolts * MaxValue) + (Noise ? _noise.Next(-12, 13) : 0);
                raw = Math.Clamp(value, 0, MaxValue);
                return true;
            }
        }
    }
}
