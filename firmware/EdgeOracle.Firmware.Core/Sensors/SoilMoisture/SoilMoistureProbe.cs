using System;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Firmware.Core.Sensors.SoilMoisture
{
    /// <summary>
    /// A capacitive soil-moisture probe on an ADC input, calibrated by two points: the raw reading at a known low
    /// water content (usually the probe in dry soil or in air) and at a known high one (saturated soil or water).
    /// Between and beyond them the value is linear in the raw reading; results are in 0.01 % volumetric water
    /// content (PROTOCOL.md metric 5).
    /// </summary>
    /// <remarks>
    /// A capacitive probe's output voltage falls as water rises, so <c>dryRaw &gt; wetRaw</c> is normal; the formula
    /// does not care which is larger. A raw value at either rail of the converter means an open or shorted probe: the
    /// reading then fails with <see cref="OutOfRange"/> set, and so does a result more than
    /// <see cref="ToleranceHundredths"/> outside 0–100 %.
    /// </remarks>
    public sealed class SoilMoistureProbe
    {
        /// <summary>100 % VWC in the metric's unit.</summary>
        public const int FullScaleHundredths = 10000;

        /// <summary>How far outside 0–100 % a converted value may fall (calibration spread) before it is out of range: 5 %.</summary>
        public const int ToleranceHundredths = 500;

        private readonly IAdcChannel _adc;
        private readonly int _rawA;
        private readonly int _valueA;
        private readonly int _rawB;
        private readonly int _valueB;

        /// <summary>Creates a probe with two calibration points.</summary>
        /// <param name="adc">The ADC input the probe's output is wired to.</param>
        /// <param name="dryRaw">Raw reading at the first point.</param>
        /// <param name="dryHundredths">Water content at the first point, 0.01 % (0 for air-dry).</param>
        /// <param name="wetRaw">Raw reading at the second point; must differ from <paramref name="dryRaw"/>.</param>
        /// <param name="wetHundredths">Water content at the second point, 0.01 % (e.g. 4500 for saturated loam).</param>
        public SoilMoistureProbe(IAdcChannel adc, int dryRaw, int dryHundredths, int wetRaw, int wetHundredths)
        {
            Guard.NotNull(adc, nameof(adc));
            if (dryRaw == wetRaw)
            {
                throw new ArgumentException("The two calibration points need different raw readings.");
            }

            if (dryHundredths == wetHundredths)
            {
                throw new ArgumentException("The two calibration points need different water contents.");
            }

            _adc = adc;
            _rawA = dryRaw;
            _valueA = dryHundredths;
            _rawB = wetRaw;
            _valueB = wetHundredths;
        }

        /// <summary>Gets whether the last <see cref="TryRead"/> failed because the probe or its value was out of range.</summary>
        public bool OutOfRange { get; private set; }

        /// <summary>Gets the raw value of the last successful ADC conversion.</summary>
        public int LastRaw { get; private set; }

        /// <summary>Converts a raw reading with the calibration line, rounding half away from zero.</summary>
        /// <param name="raw">A raw ADC value.</param>
        /// <returns>Water content, 0.01 % (not clamped).</returns>
        public int Convert(int raw)
        {
            long numerator = (long)(raw - _rawA) * (_valueB - _valueA);
            long denominator = _rawB - _rawA;
            if (denominator < 0)
            {
                numerator = -numerator;
                denominator = -denominator;
            }

            long half = denominator / 2;
            long offset = numerator >= 0 ? (numerator + half) / denominator : -((-numerator + half) / denominator);
            return (int)(_valueA + offset);
        }

        /// <summary>Reads the probe once.</summary>
        /// <param name="hundredths">Water content in 0.01 %, clamped to 0–10000, when the call succeeded.</param>
        /// <returns><c>false</c> if the ADC failed, or the probe is out of range (then <see cref="OutOfRange"/> is set).</returns>
        public bool TryRead(out int hundredths)
        {
            hundredths = 0;
            OutOfRange = false;
            int raw;
            if (!_adc.TryReadRaw(out raw))
            {
                return false;
            }

            LastRaw = raw;
            if (raw <= 0 || raw >= _adc.MaxValue)
            {
                OutOfRange = true;
                return false;
            }

            int value = Convert(raw);
            if (value < -ToleranceHundredths || value > FullScaleHundredths + ToleranceHundredths)
            {
                OutOfRange = true;
                return false;
            }

            hundredths = value < 0 ? 0 : (value > FullScaleHundredths ? FullScaleHundredths : value);
            return true;
        }
    }
}
