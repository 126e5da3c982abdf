using EdgeOracle.Emulator.I2c;
using EdgeOracle.Firmware.Core.Sensors.Bme280;

namespace EdgeOracle.Emulator.Tests.Sensors.Bme280
{
    public class Bme280SensorTests
    {
        private readonly VirtualI2cBus _bus = new();
        private readonly VirtualBme280 _chip = new() { Noise = false };

        public Bme280SensorTests()
        {
            _bus.Attach(0x76, _chip);
        }

        [Fact]
        public void TryRead_ReturnsWhatTheChipMeasures_InProtocolUnits()
        {
            Bme280Sensor sensor = new(_bus.Open(0x76));
            Assert.True(sensor.TryInitialize());
            _chip.TemperatureCelsius = 23.45;
            _chip.PressurePascals = 100123;
            _chip.HumidityPercent = 56.7;

            Assert.True(sensor.TryRead(out Bme280Reading reading));

            Assert.InRange(reading.CentiCelsius, 2345, 2346);
            Assert.InRange(reading.Pascals, 100122, 100124);
            Assert.InRange(reading.MilliPercentRh, 56690, 56710);
            Assert.Equal(1, _chip.Conversions);
        }

        [Fact]
        public void TryRead_WaitsOutTheMeasuringBit_AndStartsAForcedConversionEachTime()
        {
            Bme280Sensor sensor = new(_bus.Open(0x76));
            Assert.True(sensor.TryInitialize());

            Assert.True(sensor.TryRead(out _));
            _chip.TemperatureCelsius = -12.5;
            Assert.True(sensor.TryRead(out Bme280Reading second));

            Assert.Equal(2, _chip.Conversions);
            Assert.InRange(second.CentiCelsius, -1250, -1249);
        }

        [Fact]
        public void TryInitialize_Fails_WhenNoChipAnswersAtTheAddress()
        {
            Bme280Sensor sensor = new(_bus.Open(0x77));

            Assert.False(sensor.TryInitialize());
            Assert.False(sensor.TryRead(out _));
        }

        [Fact]
        public void TryRead_Fails_WhenTheBusFaultsAfterInitialization()
        {
            Bme280Sensor sensor = new(_bus.Open(0x76));
            Assert.True(sensor.TryInitialize());

            _bus.Faulted = true;

            Assert.False(sensor.TryRead(out _));
            Assert.True(_bus.NackCount > 0);
        }

        [Fact]
        public void TryRead_RepeatsTheRawValues_WhenTheChipIsStuck()
        {
            Bme280Sensor sensor = new(_bus.Open(0x76));
            Assert.True(sensor.TryInitialize());
            Assert.True(sensor.TryRead(out Bme280Reading first));
            int raw = first.RawTemperature;

            _chip.Stuck = true;
            _chip.TemperatureCelsius = 35;
            Assert.True(sensor.TryRead(out Bme280Reading second));

            Assert.Equal(raw, second.RawTemperature);
        }
    }
}
