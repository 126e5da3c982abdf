using System;
using EdgeOracle.Firmware.Core.Sensors.Bme280;

namespace EdgeOracle.Emulator.I2c
{
    /// <summary>
    /// A simulated BME280: the datasheet's register map in a 256-byte array. Writing ctrl_meas with forced mode runs a
    /// conversion of <see cref="TemperatureCelsius"/>, <see cref="PressurePascals"/> and <see cref="HumidityPercent"/>
    /// into raw ADC values (the compensation formulas inverted by bisection, plus a few LSB of noise as a real converter
    /// has); the status register shows "measuring" for the first read after the trigger.
    /// </summary>
    public sealed class VirtualBme280 : IVirtualI2cTarget
    {
        private readonly byte[] _registers = new byte[256];
        private readonly Bme280Calibration _calibration;
        private readonly Random _noise;
        private readonly object _gate = new();
        private byte _pointer;
        private bool _measuring;

        /// <summary>Creates a chip with <paramref name="calibration"/> in its trimming registers.</summary>
        /// <param name="calibration">The factory trimming; <see cref="TypicalCalibration"/> if null.</param>
        /// <param name="seed">Seed of the conversion noise.</param>
        public VirtualBme280(Bme280Calibration? calibration = null, int seed = 1)
        {
            _calibration = calibration ?? TypicalCalibration();
            _noise = new Random(seed);
            byte[] one = new byte[Bme280Calibration.BlockOneLength];
            byte[] two = new byte[Bme280Calibration.BlockTwoLength];
            _calibration.Encode(one, two);
            one.CopyTo(_registers, Bme280Registers.Calibration00);
            two.CopyTo(_registers, Bme280Registers.Calibration26);
            _registers[Bme280Registers.ChipId] = Bme280Registers.ChipIdValue;

            // Power-on: every data channel reads "skipped" until the first conversion.
            SetRaw(Bme280Registers.SkippedTemperatureOrPressure, Bme280Registers.SkippedTemperatureOrPressure, Bme280Registers.SkippedHumidity);
        }

        /// <summary>Gets or sets the air temperature the chip measures, °C.</summary>
        public double TemperatureCelsius { get; set; } = 20;

        /// <summary>Gets or sets the air pressure the chip measures, Pa.</summary>
        public double PressurePascals { get; set; } = 101325;

        /// <summary>Gets or sets the relative humidity the chip measures, %.</summary>
        public double HumidityPercent { get; set; } = 50;

        /// <summary>Gets or sets a fault: the data registers stop updating (a frozen converter), so raw values repeat.</summary>
        public bool Stuck { get; set; }

        /// <summary>
        /// Gets or sets whether conversion noise (uniform ±8 LSB on each raw channel, about ±0.01 °C, ±0.1 Pa, ±0.01 %RH)
        /// is added. Default true. Without noise a steady environment reads identical raw values and looks stuck.
        /// </summary>
        public bool Noise { get; set; } = true;

        /// <summary>Gets how many conversions were triggered.</summary>
        public int Conversions { get; private set; }

        /// <summary>
        /// A representative trimming set: the T and P words of the BMP280 datasheet's compensation example and humidity
        /// words of the size production BME280s carry.
        /// </summary>
        /// <returns>New calibration parameters.</returns>
        public static Bme280Calibration TypicalCalibration() => new()
        {
            T1 = 27504, T2 = 26435, T3 = -1000,
            P1 = 36477, P2 = -10685, P3 = 3024, P4 = 2855, P5 = 140, P6 = -7, P7 = 15500, P8 = -14600, P9 = 6000,
            H1 = 75, H2 = 362, H3 = 0, H4 = 313, H5 = 50, H6 = 30,
        };

        /// <inheritdoc />
        public bool Write(ReadOnlySpan<byte> data)
        {
            lock (_gate)
            {
                _pointer = data[0];

                // Register writes come as (address, value) pairs.
                for (int i = 0; i + 1 < data.Length; i += 2)
                {
                    WriteRegister(data[i], data[i + 1]);
                }

                return true;
            }
        }

        /// <inheritdoc />
        public bool Read(Span<byte> buffer)
        {
            lock (_gate)
            {
                for (int i = 0; i < buffer.Length; i++)
                {
                    byte value = _registers[_pointer];
                    if (_pointer == Bme280Registers.Status && _measuring)
                    {
                        value |= Bme280Registers.StatusMeasuring;
                        _measuring = false;
                    }

                    buffer[i] = value;
                    _pointer++;
                }

                return true;
            }
        }

        /// <summary>Finds the raw values whose compensation gives the given physical values.</summary>
        /// <param name="celsius">Temperature, °C.</param>
        /// <param name="pascals">Pressure, Pa.</param>
        /// <param name="percent">Humidity, %RH.</param>
        /// <returns>adc_T, adc_P, adc_H.</returns>
        public (int AdcT, int AdcP, int AdcH) Invert(double celsius, double pascals, double percent)
        {
            int targetT = (int)Math.Round(celsius * 100);
            int adcT = Bisect(0, (1 << 20) - 1, a => _calibration.CompensateTemperature(a, out _) >= targetT);
            _calibration.CompensateTemperature(adcT, out int tFine);
            uint targetP = (uint)Math.Round(pascals * 256);

            // Pressure falls as adc_P rises.
            int adcP = Bisect(0, (1 << 20) - 1, a => _calibration.CompensatePressureQ24x8(a, tFine) <= targetP);
            uint targetH = (uint)Math.Round(Math.Clamp(percent, 0, 100) * 1024);
            int adcH = Bisect(0, 0xFFFF - 1, a => _calibration.CompensateHumidityQ22x10(a, tFine) >= targetH);
            return (adcT, adcP, adcH);
        }

        private static int Bisect(int low, int high, Func<int, bool> reached)
        {
            // Smallest value in [low, high] for which reached() holds (high if none does).
            while (low < high)
            {
                int mid = low + ((high - low) / 2);
                if (reached(mid))
                {
                    high = mid;
                }
                else
                {
                    low = mid + 1;
                }
            }

            return low;
        }

        private void WriteRegister(byte register, byte value)
        {
            if (register == Bme280Registers.Reset && value == Bme280Registers.ResetValue)
            {
                _registers[Bme280Registers.ControlHumidity] = 0;
                _registers[Bme280Registers.ControlMeasurement] = 0;
                _registers[Bme280Registers.Config] = 0;
                return;
            }

            if (register is Bme280Registers.ControlHumidity or Bme280Registers.Config)
            {
                _registers[register] = value;
                return;
            }

            if (register != Bme280Registers.ControlMeasurement)
            {
                return; // read-only registers ignore writes
            }

            _registers[register] = value;
            if ((value & 0x03) is 0x01 or 0x02)
            {
                Convert();

                // Forced mode returns to sleep when the conversion ends.
                _registers[register] = (byte)(value & 0xFC);
            }
        }

        private void Convert()
        {
            Conversions++;
            _measuring = true;
            if (Stuck)
            {
                return;
            }

            (int adcT, int adcP, int adcH) = Invert(TemperatureCelsius, PressurePascals, HumidityPercent);
            if (Noise)
            {
                adcT += _noise.Next(-8, 9);
                adcP += _noise.Next(-8, 9);
                adcH += _noise.Next(-8, 9);
            }

            SetRaw(adcT, adcP, adcH);
        }

        private void SetRaw(int adcT, int adcP, int adcH)
        {
            int p = Bme280Registers.DataStart;
            _registers[p] = (byte)(adcP >> 12);
            _registers[p + 1] = (byte)(adcP >> 4);
            _registers[p + 2] = (byte)((adcP & 0x0F) << 4);
            _registers[p + 3] = (byte)(adcT >> 12);
            _registers[p + 4] = (byte)(adcT >> 4);
            _registers[p + 5] = (byte)((adcT & 0x0F) << 4);
            _registers[p + 6] = (byte)(adcH >> 8);
            _registers[p + 7] = (byte)adcH;
        }
    }
}
