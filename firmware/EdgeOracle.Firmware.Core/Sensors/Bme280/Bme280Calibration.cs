using System;

namespace EdgeOracle.Firmware.Core.Sensors.Bme280
{
    /// <summary>
    /// The BME280's factory trimming parameters (<c>dig_T1</c> … <c>dig_H6</c>) and the datasheet's integer
    /// compensation formulas (Bosch BST-BME280-DS002, §4.2.3: <c>BME280_compensate_T_int32</c>,
    /// <c>BME280_compensate_P_int64</c>, <c>BME280_compensate_H_int32</c>), transcribed operation for operation.
    /// </summary>
    /// <remarks>
    /// Integer only (no floating point on a device that signs these values). C's <c>&gt;&gt;</c> on a negative signed
    /// integer is an arithmetic shift on every compiler Bosch's reference code targets; C#'s is arithmetic by definition.
    /// </remarks>
    public sealed class Bme280Calibration
    {
        /// <summary>Size of the first calibration block, registers 0x88–0xA1.</summary>
        public const int BlockOneLength = 26;

        /// <summary>Size of the second calibration block, registers 0xE1–0xE7.</summary>
        public const int BlockTwoLength = 7;

        /// <summary>Gets or sets dig_T1 (unsigned 16).</summary>
        public int T1 { get; set; }

        /// <summary>Gets or sets dig_T2 (signed 16).</summary>
        public int T2 { get; set; }

        /// <summary>Gets or sets dig_T3 (signed 16).</summary>
        public int T3 { get; set; }

        /// <summary>Gets or sets dig_P1 (unsigned 16).</summary>
        public int P1 { get; set; }

        /// <summary>Gets or sets dig_P2 (signed 16).</summary>
        public int P2 { get; set; }

        /// <summary>Gets or sets dig_P3 (signed 16).</summary>
        public int P3 { get; set; }

        /// <summary>Gets or sets dig_P4 (signed 16).</summary>
        public int P4 { get; set; }

        /// <summary>Gets or sets dig_P5 (signed 16).</summary>
        public int P5 { get; set; }

        /// <summary>Gets or sets dig_P6 (signed 16).</summary>
        public int P6 { get; set; }

        /// <summary>Gets or sets dig_P7 (signed 16).</summary>
        public int P7 { get; set; }

        /// <summary>Gets or sets dig_P8 (signed 16).</summary>
        public int P8 { get; set; }

        /// <summary>Gets or sets dig_P9 (signed 16).</summary>
        public int P9 { get; set; }

        /// <summary>Gets or sets dig_H1 (unsigned 8).</summary>
        public int H1 { get; set; }

        /// <summary>Gets or sets dig_H2 (signed 16).</summary>
        public int H2 { get; set; }

        /// <summary>Gets or sets dig_H3 (unsigned 8).</summary>
        public int H3 { get; set; }

        /// <summary>Gets or sets dig_H4 (signed 12).</summary>
        public int H4 { get; set; }

        /// <summary>Gets or sets dig_H5 (signed 12).</summary>
        public int H5 { get; set; }

        /// <summary>Gets or sets dig_H6 (signed 8).</summary>
        public int H6 { get; set; }

        /// <summary>
        /// Decodes the two calibration blocks as the datasheet's Table 16 lays them out: 0x88–0x9F are
        /// T1…P9 as little-endian 16-bit words, 0xA1 is H1; 0xE1–0xE2 H2, 0xE3 H3, 0xE4–0xE6 H4 and H5 as two
        /// 12-bit values sharing 0xE5, 0xE7 H6.
        /// </summary>
        /// <param name="blockOne">26 bytes read from 0x88.</param>
        /// <param name="blockTwo">7 bytes read from 0xE1.</param>
        /// <returns>The parameters.</returns>
        public static Bme280Calibration Decode(byte[] blockOne, byte[] blockTwo)
        {
            if (blockOne == null || blockOne.Length < BlockOneLength || blockTwo == null || blockTwo.Length < BlockTwoLength)
            {
                throw new ArgumentException("Calibration blocks must be 26 bytes (0x88) and 7 bytes (0xE1).");
            }

            Bme280Calibration c = new Bme280Calibration();
            c.T1 = U16(blockOne, 0);
            c.T2 = S16(blockOne, 2);
            c.T3 = S16(blockOne, 4);
            c.P1 = U16(blockOne, 6);
            c.P2 = S16(blockOne, 8);
            c.P3 = S16(blockOne, 10);
            c.P4 = S16(blockOne, 12);
            c.P5 = S16(blockOne, 14);
            c.P6 = S16(blockOne, 16);
            c.P7 = S16(blockOne, 18);
            c.P8 = S16(blockOne, 20);
            c.P9 = S16(blockOne, 22);
            c.H1 = blockOne[25];
            c.H2 = S16(blockTwo, 0);
            c.H3 = blockTwo[2];

            // H4 = 0xE4[11:4] 0xE5[3:0]; H5 = 0xE6[11:4] 0xE5[7:4]; both signed 12-bit (0xE4 and 0xE6 are signed).
            c.H4 = ((sbyte)blockTwo[3] * 16) | (blockTwo[4] & 0x0F);
            c.H5 = ((sbyte)blockTwo[5] * 16) | (blockTwo[4] >> 4);
            c.H6 = (sbyte)blockTwo[6];
            return c;
        }

        /// <summary>Writes the parameters back into the two register blocks (for simulated devices).</summary>
        /// <param name="blockOne">Receives 26 bytes for 0x88–0xA1.</param>
        /// <param name="blockTwo">Receives 7 bytes for 0xE1–0xE7.</param>
        public void Encode(byte[] blockOne, byte[] blockTwo)
        {
            if (blockOne == null || blockOne.Length < BlockOneLength || blockTwo == null || blockTwo.Length < BlockTwoLength)
            {
                throw new ArgumentException("Calibration blocks must be 26 bytes (0x88) and 7 bytes (0xE1).");
            }

            Put16(blockOne, 0, T1);
            Put16(blockOne, 2, T2);
            Put16(blockOne, 4, T3);
            Put16(blockOne, 6, P1);
            Put16(blockOne, 8, P2);
            Put16(blockOne, 10, P3);
            Put16(blockOne, 12, P4);
            Put16(blockOne, 14, P5);
            Put16(blockOne, 16, P6);
            Put16(blockOne, 18, P7);
            Put16(blockOne, 20, P8);
            Put16(blockOne, 22, P9);
            blockOne[24] = 0;
            blockOne[25] = (byte)H1;
            Put16(blockTwo, 0, H2);
            blockTwo[2] = (byte)H3;
            blockTwo[3] = (byte)(H4 >> 4);
            blockTwo[4] = (byte)((H4 & 0x0F) | ((H5 & 0x0F) << 4));
            blockTwo[5] = (byte)(H5 >> 4);
            blockTwo[6] = (byte)H6;
        }

        /// <summary>
        /// <c>BME280_compensate_T_int32</c>: temperature in 0.01 °C ("5123" is 51.23 °C) and <c>t_fine</c>, which the
        /// pressure and humidity formulas need.
        /// </summary>
        /// <param name="adcT">The 20-bit raw temperature.</param>
        /// <param name="tFine">The fine temperature.</param>
        /// <returns>Temperature, 0.01 °C.</returns>
        public int CompensateTemperature(int adcT, out int tFine)
        {
            int var1 = (((adcT >> 3) - (T1 << 1)) * T2) >> 11;
            int var2 = (((((adcT >> 4) - T1) * ((adcT >> 4) - T1)) >> 12) * T3) >> 14;
            tFine = var1 + var2;
            return ((tFine * 5) + 128) >> 8;
        }

        /// <summary>
        /// <c>BME280_compensate_P_int64</c>: pressure in Pa as unsigned Q24.8 ("24674867" is 24674867/256 = 96386.2 Pa).
        /// </summary>
        /// <param name="adcP">The 20-bit raw pressure.</param>
        /// <param name="tFine">From <see cref="CompensateTemperature"/>.</param>
        /// <returns>Pressure in Pa × 256; 0 if the calibration would divide by zero.</returns>
        public uint CompensatePressureQ24x8(int adcP, int tFine)
        {
            long var1 = (long)tFine - 128000;
            long var2 = var1 * var1 * P6;
            var2 = var2 + ((var1 * P5) << 17);
            var2 = var2 + ((long)P4 << 35);
            var1 = ((var1 * var1 * P3) >> 8) + ((var1 * P2) << 12);
            var1 = ((((long)1 << 47) + var1) * P1) >> 33;
            if (var1 == 0)
            {
                return 0; // avoid an exception caused by division by zero
            }

            long p = 1048576 - adcP;
            p = (((p << 31) - var2) * 3125) / var1;
            var1 = ((long)P9 * (p >> 13) * (p >> 13)) >> 25;
            var2 = ((long)P8 * p) >> 19;
            p = ((p + var1 + var2) >> 8) + ((long)P7 << 4);
            return (uint)p;
        }

        /// <summary>
        /// <c>BME280_compensate_H_int32</c>: relative humidity in %RH as unsigned Q22.10 ("47445" is 47445/1024 = 46.333 %RH).
        /// </summary>
        /// <param name="adcH">The 16-bit raw humidity.</param>
        /// <param name="tFine">From <see cref="CompensateTemperature"/>.</param>
        /// <returns>Humidity in %RH × 1024.</returns>
        public uint CompensateHumidityQ22x10(int adcH, int tFine)
        {
            int v = tFine - 76800;
            v = ((((adcH << 14) - (H4 << 20) - (H5 * v)) + 16384) >> 15)
                * (((((((v * H6) >> 10) * (((v * H3) >> 11) + 32768)) >> 10) + 2097152) * H2 + 8192) >> 14);
            v = v - (((((v >> 15) * (v >> 15)) >> 7) * H1) >> 4);
            v = v < 0 ? 0 : v;
            v = v > 419430400 ? 419430400 : v;
            return (uint)(v >> 12);
        }

        private static int U16(byte[] b, int offset)
        {
            return b[offset] | (b[offset + 1] << 8);
        }

        private static int S16(byte[] b, int offset)
        {
            return (short)(b[offset] | (b[offset + 1] << 8));
        }

        private static void Put16(byte[] b, int offset, int value)
        {
            b[offset] = (byte)value;
            b[offset + 1] = (byte)(value >> 8);
        }
    }
}
