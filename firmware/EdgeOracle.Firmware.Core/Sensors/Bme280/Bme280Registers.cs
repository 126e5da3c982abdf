namespace EdgeOracle.Firmware.Core.Sensors.Bme280
{
    /// <summary>BME280 register addresses and values (datasheet §5.3, Table 18).</summary>
    public static class Bme280Registers
    {
        /// <summary>7-bit address with SDO to GND.</summary>
        public const int PrimaryAddress = 0x76;

        /// <summary>7-bit address with SDO to VDDIO.</summary>
        public const int SecondaryAddress = 0x77;

        /// <summary>First calibration block, 26 bytes (0x88–0xA1).</summary>
        public const byte Calibration00 = 0x88;

        /// <summary>Chip id register; reads <see cref="ChipIdValue"/>.</summary>
        public const byte ChipId = 0xD0;

        /// <summary>The BME280's chip id (a BMP280 reads 0x56–0x58).</summary>
        public const byte ChipIdValue = 0x60;

        /// <summary>Soft-reset register; writing <see cref="ResetValue"/> resets the device.</summary>
        public const byte Reset = 0xE0;

        /// <summary>The soft-reset command.</summary>
        public const byte ResetValue = 0xB6;

        /// <summary>Second calibration block, 7 bytes (0xE1–0xE7).</summary>
        public const byte Calibration26 = 0xE1;

        /// <summary>Humidity oversampling (takes effect after a write to <see cref="ControlMeasurement"/>).</summary>
        public const byte ControlHumidity = 0xF2;

        /// <summary>Status: bit 3 measuring, bit 0 im_update.</summary>
        public const byte Status = 0xF3;

        /// <summary>Temperature and pressure oversampling and the mode.</summary>
        public const byte ControlMeasurement = 0xF4;

        /// <summary>Standby, filter and SPI 3-wire.</summary>
        public const byte Config = 0xF5;

        /// <summary>First data register: press_msb; 8 bytes run to hum_lsb (0xFE).</summary>
        public const byte DataStart = 0xF7;

        /// <summary>Length of the burst read of all data registers.</summary>
        public const int DataLength = 8;

        /// <summary>Status bit 3: a conversion is running.</summary>
        public const byte StatusMeasuring = 0x08;

        /// <summary>Mode bits of ctrl_meas: forced (one measurement, then sleep).</summary>
        public const byte ModeForced = 0x01;

        /// <summary>The value a skipped (or not yet converted) 20-bit channel reads.</summary>
        public const int SkippedTemperatureOrPressure = 0x80000;

        /// <summary>The value a skipped 16-bit humidity channel reads.</summary>
        public const int SkippedHumidity = 0x8000;
    }
}
