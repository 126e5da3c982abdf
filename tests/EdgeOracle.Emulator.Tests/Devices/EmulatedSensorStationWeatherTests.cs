using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Emulator.Scenarios;
using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Emulator.Tests.Devices
{
    public class EmulatedSensorStationWeatherTests : BrokerTest
    {
        private static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

        [Fact]
        public async Task RunWeather_SignsFiveMetricsPerDay_WithMeansOfTheSimulatedWeather()
        {
            Gateway.Answer = (_, payload) => Accept(payload);
            await using EmulatedSensorStation station = await EmulatedSensorStation.StartAsync(Options());
            Scenario scenario = new()
            {
                Name = "two days",
                Start = Start,
                Weather = [new WeatherDay(4.2, 10, 20, 60, 1005, 30), new WeatherDay(0, 14, 14, 50, 1020, 12.5)],
            };

            IReadOnlyList<DayResult> days = await station.RunWeatherAsync(scenario);

            Assert.Equal(new long[] { 4_200, 0 }, days.Select(d => d.RainfallMicrometres));
            Assert.All(days, d => Assert.Equal(4, d.Environment.Count));
            Assert.All(days.SelectMany(d => d.Environment), o => Assert.True(o.Accepted));
            Assert.All(days.SelectMany(d => d.Environment), o => Assert.Equal(0u, o.Flags));
            Assert.All(days.SelectMany(d => d.Environment), o => Assert.Equal(144u, o.SampleCount));

            // Day 2 is a flat 14 °C, 50 %RH, 1020 hPa, 12.5 % soil: the means must equal them within a sensor LSB.
            Dictionary<uint, long> flat = days[1].Environment.ToDictionary(o => o.Metric, o => o.Value);
            Assert.InRange(flat[Metrics.AirTemperature], 1399, 1401);
            Assert.InRange(flat[Metrics.RelativeHumidity], 49_900, 50_100);
            Assert.InRange(flat[Metrics.AirPressure], 101_999, 102_001);
            Assert.InRange(flat[Metrics.SoilMoisture], 1_240, 1_260);

            // Day 1 swings 10–20 °C around a 15 °C mean.
            long mean = days[0].Environment.Single(o => o.Metric == Metrics.AirTemperature).Value;
            Assert.InRange(mean, 1400, 1600);
            Assert.Equal(2 * 5, Gateway.Distinct.Length);
        }

        [Fact]
        public async Task RunWeather_CarriesTheScenariosFaults_AsHealthFlags()
        {
            Gateway.Answer = (_, payload) => Accept(payload);
            await using EmulatedSensorStation station = await EmulatedSensorStation.StartAsync(Options());
            Scenario scenario = new()
            {
                Name = "faults",
                Start = Start,
                Weather = [WeatherDay.Mild(0), WeatherDay.Mild(0), WeatherDay.Mild(0)],
                Faults =
                [
                    new SensorFault(0, 1, FaultSensor.Bme280, FaultKind.Stuck),
                    new SensorFault(1, 1, FaultSensor.Soil, FaultKind.Open),
                    new SensorFault(2, 1, FaultSensor.Bme280, FaultKind.Absent),
                ],
            };

            IReadOnlyList<DayResult> days = await station.RunWeatherAsync(scenario);

            uint Flags(int day, uint metric) => days[day].Environment.Single(o => o.Metric == metric).Flags;
            Assert.Equal(ObservationFlags.Stuck, Flags(0, Metrics.AirTemperature) & ObservationFlags.Stuck);
            Assert.Equal(0u, Flags(0, Metrics.SoilMoisture));
            Assert.Equal(ObservationFlags.OutOfRange | ObservationFlags.Gap, Flags(1, Metrics.SoilMoisture));
            Assert.Equal(0u, Flags(1, Metrics.AirTemperature));
            Assert.Equal(ObservationFlags.Gap, Flags(2, Metrics.AirPressure));
            Assert.Equal(0u, days[2].Environment.Single(o => o.Metric == Metrics.AirPressure).SampleCount);
        }

        [Fact]
        public async Task EmbeddedScenario_Runs_AndItsStormShowsInTheRainfall()
        {
            Gateway.Answer = (_, payload) => Accept(payload);
            Scenario scenario = Scenario.LoadEmbedded("drought-then-storm-30d");
            await using EmulatedSensorStation station = await EmulatedSensorStation.StartAsync(Options() with { Start = scenario.Start });

            IReadOnlyList<DayResult> days = await station.RunWeatherAsync(scenario with { Weather = scenario.Weather.Take(16).ToArray() });

            Assert.Equal(16, days.Count);
            for (int i = 0; i < 16; i++)
            {
                long expected = (long)Math.Round(scenario.Weather[i].RainMm * 1000);
                Assert.InRange(days[i].RainfallMicrometres, expected - 200, expected + 200);
            }

            Assert.True(days.Skip(12).Sum(d => d.RainfallMicrometres) > 50_000);
        }

        private static byte[] Accept(byte[] payload) => Acks.For(
            MessageKinds.Observation,
            BinaryPrimitives.ReadUInt64BigEndian(payload.AsSpan(26)),
            ReasonCodes.Accepted,
            NethereumCheck.ObservationDigest(payload));

        private EmulatedStationOptions Options() => new()
        {
            PrivateKey = TestKeys.Sensor,
            DeviceRegistry = TestKeys.Registry,
            ChainId = TestKeys.ChainId,
            Mqtt = Broker.TransportOptions,
            Start = Start,
            EnvironmentSensors = true,
            AckTimeout = TimeSpan.FromSeconds(10),
        };
    }
}
