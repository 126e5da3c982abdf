using System;
using EdgeOracle.Emulator.Scenarios;

namespace EdgeOracle.Emulator.Tests.Scenarios
{
    public class ScenarioTests
    {
        [Fact]
        public void EmbeddedScenarios_Parse()
        {
            Scenario weather = Scenario.LoadEmbedded("drought-then-storm-30d");
            Scenario sales = Scenario.LoadEmbedded("market-day");

            Assert.Equal(30, weather.Weather.Count);
            Assert.True(weather.IsActive(FaultSensor.Bme280, FaultKind.Stuck, 20));
            Assert.False(weather.IsActive(FaultSensor.Bme280, FaultKind.Stuck, 21));
            Assert.Contains(sales.Sales, s => s.Customer == CustomerAction.Cancel);
        }

        [Theory]
        [InlineData("""{ "name": "x", "start": "2026-06-01T06:00:00Z" }""")]
        [InlineData("""{ "name": "x", "start": "2026-06-01T00:00:00Z", "weather": [ { "rainMm": -1, "tempMinC": 1, "tempMaxC": 2, "humidityPct": 50, "pressureHpa": 1000, "soilPct": 20 } ] }""")]
        [InlineData("""{ "name": "x", "start": "2026-06-01T00:00:00Z", "faults": [ { "day": 0, "days": 1, "sensor": "bme280", "kind": "melted" } ] }""")]
        [InlineData("""{ "name": "x", "start": "2026-06-01T00:00:00Z", "rain": [] }""")]
        public void Parse_RefusesInvalidScenarios(string json)
        {
            Assert.Throws<FormatException>(() => Scenario.Parse(json));
        }
    }
}
