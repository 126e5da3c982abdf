using EdgeOracle.Emulator.Adc;
using EdgeOracle.Firmware.Core.Sensors.SoilMoisture;

namespace EdgeOracle.Emulator.Tests.Sensors.SoilMoisture
{
    public class SoilMoistureProbeTests
    {
        private readonly VirtualAdcChannel _adc = new() { Noise = false };

        [Theory]
        [InlineData(3000, 0)]
        [InlineData(1350, 4500)]
        [InlineData(2175, 2250)]
        [InlineData(2500, 1364)] // 4500 · 500 / 1650 = 1363.6
        public void Convert_IsTheLineThroughTheTwoCalibrationPoints(int raw, int expectedHundredths)
        {
            SoilMoistureProbe probe = new(_adc, 3000, 0, 1350, 4500);

            Assert.Equal(expectedHundredths, probe.Convert(raw));
        }

        [Fact]
        public void TryRead_ReadsTheAdc_AndClampsSlightlyOutsideValuesToTheScale()
        {
            SoilMoistureProbe probe = new(_adc, 3000, 0, 1350, 4500);
            _adc.SetRaw(3050); // a little drier than the dry point: −1.4 %, within tolerance

            Assert.True(probe.TryRead(out int hundredths));

            Assert.Equal(0, hundredths);
            Assert.Equal(3050, probe.LastRaw);
        }

        [Fact]
        public void TryRead_FailsAsOutOfRange_WhenTheProbeWireIsOpen()
        {
            SoilMoistureProbe probe = new(_adc, 3000, 0, 1350, 4500);
            _adc.Open = true;

            Assert.False(probe.TryRead(out _));
            Assert.True(probe.OutOfRange);
        }

        [Fact]
        public void TryRead_FailsAsOutOfRange_WhenTheValueIsFarBeyondTheCalibration()
        {
            SoilMoistureProbe probe = new(_adc, 3000, 0, 2800, 1000);
            _adc.SetRaw(100); // would be 145 %

            Assert.False(probe.TryRead(out _));
            Assert.True(probe.OutOfRange);
        }

        [Fact]
        public void TryRead_FailsWithoutOutOfRange_WhenTheConverterFails()
        {
            SoilMoistureProbe probe = new(_adc, 3000, 0, 1350, 4500);
            _adc.Failing = true;

            Assert.False(probe.TryRead(out _));
            Assert.False(probe.OutOfRange);
        }
    }
}
