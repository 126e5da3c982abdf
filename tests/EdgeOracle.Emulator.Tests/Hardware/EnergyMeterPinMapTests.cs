using System;
using EdgeOracle.Emulator.Hardware;
using EdgeOracle.Emulator.Tests.Support;

namespace EdgeOracle.Emulator.Tests.Hardware
{
    public class EnergyMeterPinMapTests
    {
        [Fact]
        public void EmbeddedMeterPinMap_IsTheFileInTheHardwareFolder()
        {
            EnergyMeterPinMap embedded = EnergyMeterPinMap.LoadEmbedded();
            EnergyMeterPinMap file = EnergyMeterPinMap.Load(RepoPaths.Of("hardware", "energy-meter", "pinmap.json"));

            Assert.Equal(file, embedded);
            Assert.Equal(new S0InputPins(25, 50, 1000, 10_000), embedded.S0Input);
            Assert.Equal(26, embedded.StatusLed.Gpio);
        }

        [Fact]
        public void Parse_RefusesAZeroImpulseConstant()
        {
            const string json = """
                { "board": "x", "s0Input": { "gpio": 25, "debounceMs": 50, "impulsesPerKwh": 1000, "maxPowerWatts": 10000 },
                  "statusLed": { "gpio": 26, "activeHigh": true } }
                """;

            Assert.NotNull(EnergyMeterPinMap.Parse(json));
            Assert.Throws<FormatException>(() => EnergyMeterPinMap.Parse(json.Replace("\"impulsesPerKwh\": 1000", "\"impulsesPerKwh\": 0", StringComparison.Ordinal)));
        }
    }
}
