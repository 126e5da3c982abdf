using System;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Firmware.Core.Sensors.Bme280
{
    /// <summary>
    /// BME280 driver in forced mode (datasheet §3.3.3, "weather monitoring": one measurement per reading, ×1
    /// oversampling, filter off, the sensor sleeps in between at 0.1 µA): the right mode for a node that reads once
    /// a minute or sleeps between readings.
    /// </summary>
    /// <remarks>
    /// Buffers and the reading are allocated once; <see cref="TryRead"/> allocates nothing. Exception text stays out of
    /// the reading path: a bus fault is a <c>false</c>, which the station counts as a missing sample (<c>Gap</c>).
    /// </remarks>
    public sealed class Bme280Sensor
    {
        // ctrl_meas: osrs_t = ×1 (001), osrs_p = ×1 (001), mode = forced (01).
        private const byte ControlMeasurementForced = (1 << 5) | (1 << 2) | Bme280Registers.ModeForced;

        // ctrl_hum: osrs_h = ×1.
        private const byte ControlHumidityX1 = 1;

        // Max. conversion time at ×1/×1/×1 is 9.3 ms (datasheet §9.1); poll status a bounded number of times.
        private const int MaxStatusPolls = 50;

        private readonly II2cDevice _device;
        private readonly byte[] _write = new byte[2];
        private readonly byte[] _read = new byte[Bme280Registers.DataLength];
        private readonly Bme280Reading _reading = new Bme280Reading();
        private Bme280Calibration? _calibration;

        /// <summary>Creates a driver for the BME280 behind <paramref name="device"/>; call <see cref="TryInitialize"/> next.</summary>
        /// <param name="device">The I2C device at 0x76 or 0x77.</param>
        public Bme280Sensor(II2cDevice device)
        {
            Guard.NotNull(device, nameof(device));
            _device = device;
        }

        /// <summary>Gets the calibration read by <see cref="TryInitialize"/>, or <c>null</c> before it succeeded.</summary>
        public Bme280Calibration? Calibration
        {
            get { return _calibration; }
        }

        /// <summary>Checks the chip id, reads the calibration and sets the humidity oversampling.</summary>
        /// <returns><c>false</c> if the device is absent, is not a BME280, or a transfer failed.</returns>
        public bool TryInitialize()
        {
            _write[0] = Bme280Registers.ChipId;
            if (!_device.TryWriteRead(_write, 1, _read, 1) || _read[0] != Bme280Registers.ChipIdValue)
            {
                return false;
            }

            byte[] blockOne = new byte[Bme280Calibration.BlockOneLength];
            byte[] blockTwo = new byte[Bme280Calibration.BlockTwoLength];
            _write[0] = Bme280Registers.Calibration00;
            if (!_device.TryWriteRead(_write, 1, blockOne, blockOne.Length))
            {
                return false;
            }

            _write[0] = Bme280Registers.Calibration26;
            if (!_device.TryWriteRead(_write, 1, blockTwo, blockTwo.Length))
            {
                return false;
            }

            _calibration = Bme280Calibration.Decode(blockOne, blockTwo);

            // Filter off, no standby (forced mode ignores it).
            _write[0] = Bme280Registers.Config;
            _write[1] = 0;
            if (!_device.TryWrite(_write, 2))
            {
                return false;
            }

            _write[0] = Bme280Registers.ControlHumidity;
            _write[1] = ControlHumidityX1;
            return _device.TryWrite(_write, 2);
        }

        /// <summary>
        /// Starts one forced measurement, waits for it and compensates it. The reading object is reused by the next
        /// call: copy what you keep.
        /// </summary>
        /// <param name="reading">The compensated reading when the call succeeded.</param>
        /// <returns><c>false</c> if not initialized, a transfer failed, or the conversion did not finish.</returns>
        public bool TryRead(out Bme280Reading reading)
        {
            reading = _reading;
            Bme280Calibration? calibration = _calibration;
            if (calibration == null)
            {
                return false;
            }

            // ctrl_hum only takes effect after a ctrl_meas write, which is the one that starts the conversion.
            _write[0] = Bme280Registers.ControlMeasurement;
            _write[1] = ControlMeasurementForced;
            if (!_device.TryWrite(_write, 2))
            {
                return false;
            }

            _write[0] = Bme280Registers.Status;
            int polls = 0;
            while (true)
            {
                if (!_device.TryWriteRead(_write, 1, _read, 1))
                {
                    return false;
                }

                if ((_read[0] & Bme280Registers.StatusMeasuring) == 0)
                {
                    break;
                }

                if (++polls >= MaxStatusPolls)
                {
                    return false;
                }
            }

            _write[0] = Bme280Registers.DataStart;
            if (!_device.TryWriteRead(_write, 1, _read, Bme280Registers.DataLength))
            {
                return false;
            }

            int adcP = (_read[0] << 12) | (_read[1] << 4) | (_read[2] >> 4);
            int adcT = (_read[3] << 12) | (_read[4] << 4) | (_read[5] >> 4);
            int adcH = (_read[6] << 8) | _read[7];
            // No check against the "skipped" patterns 0x80000 / 0x8000: all three channels are enabled, and those
            // patterns are also valid readings (0x80000 is about 26.5 °C with typical trimming).
            int tFine;
            _reading.RawTemperature = adcT;
            _reading.RawPressure = adcP;
            _reading.RawHumidity = adcH;
            _reading.CentiCelsius = calibration.CompensateTemperature(adcT, out tFine);
            _reading.Pascals = (int)((calibration.CompensatePressureQ24x8(adcP, tFine) + 128) >> 8);

            // Q22.10 %RH to 0.001 %RH: × 1000 / 1024, rounded.
            _reading.MilliPercentRh = (int)((((long)calibration.CompensateHumidityQ22x10(adcH, tFine) * 1000) + 512) >> 10);
            return true;
        }
    }
}
