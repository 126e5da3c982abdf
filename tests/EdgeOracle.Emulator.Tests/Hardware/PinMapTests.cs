using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using EdgeOracle.Emulator.Hardware;
using EdgeOracle.Emulator.Tests.Support;

namespace EdgeOracle.Emulator.Tests.Hardware
{
    public class PinMapTests
    {
        [Fact]
        public void EmbeddedSensorPinMap_IsTheFileInTheHardwareFolder()
        {
            SensorNodePinMap embedded = SensorNodePinMap.LoadEmbedded();
            SensorNodePinMap file = SensorNodePinMap.Load(RepoPaths.Of("hardware", "sensor-node", "pinmap.json"));

            Assert.Equal(file, embedded);
            Assert.Equal(200u, embedded.RainGauge.MicrometresPerTip);
        }

        [Theory]
        [InlineData("sensor-node")]
        [InlineData("pos-terminal")]
        [InlineData("energy-meter")]
        public void EveryGpio_IsUsedOncePerBoard_ExceptSharedI2cPins(string board)
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Of("hardware", board, "pinmap.json")));
            Dictionary<int, string> owners = new();
            foreach (JsonProperty part in doc.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
            {
                bool onI2c = part.Value.TryGetProperty("bus", out JsonElement bus) && bus.GetString()!.StartsWith("I2C", StringComparison.Ordinal);
                foreach (JsonProperty field in part.Value.EnumerateObject())
                {
                    bool isPin = field.Name == "gpio" || field.Name.EndsWith("Gpio", StringComparison.Ordinal);
                    if (!isPin)
                    {
                        continue;
                    }

                    int gpio = field.Value.GetInt32();
                    Assert.InRange(gpio, 0, 39);
                    Assert.DoesNotContain(gpio, new[] { 6, 7, 8, 9, 10, 11 });
                    string owner = onI2c ? $"{bus.GetString()}.{field.Name}" : $"{part.Name}.{field.Name}";
                    if (owners.TryGetValue(gpio, out string? previous))
                    {
                        Assert.True(previous == owner, $"GPIO {gpio} is used by {previous} and {owner} on {board}.");
                    }

                    owners[gpio] = owner;
                }
            }

            Assert.NotEmpty(owners);
        }

        [Fact]
        public void Parse_RefusesAPinMapWithoutARainGaugePin()
        {
            const string json = """
                { "board": "x", "rainGauge": { "debounceMs": 250, "micrometresPerTip": 200 },
                  "bme280": { "sdaGpio": 21, "sclGpio": 22, "address": "0x76" },
                  "soilMoisture": { "adcGpio": 34, "adcChannel": "ADC1_CH6", "adcChannelNumber": 6, "supplyGpio": 33,
                                    "dryRaw": 3000, "dryHundredths": 0, "wetRaw": 1350, "wetHundredths": 4500 },
                  "statusLed": { "gpio": 26, "activeHigh": true } }
                """;

            Assert.Throws<FormatException>(() => SensorNodePinMap.Parse(json));
            Assert.NotNull(SensorNodePinMap.Parse(json.Replace("\"debounceMs\"", "\"gpio\": 27, \"debounceMs\"", StringComparison.Ordinal)));
        }
    }
}
