using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Emulator.Hardware;
using EdgeOracle.Emulator.Scenarios;
using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Emulator.Tests.Devices
{
    public class EmulatedMeterTests : BrokerTest
    {
        private static readonly DateTimeOffset Monday = StationHarness.Monday;

        [Fact]
        public async Task ASunnyAndACloudyDay_SignHourlyEnergy_WithinThePulseResolutionOfTheProfile()
        {
            Gateway.Answer = (_, payload) => Acks.ForObservation(payload, ReasonCodes.Accepted);
            await using EmulatedMeter meter = await EmulatedMeter.StartAsync(Options());

            IReadOnlyList<MeterDayResult> days = await meter.RunDaysAsync([new ProductionDay(Sky.Sunny, 1.5), new ProductionDay(Sky.Cloudy, 1.5)]);

            // A 1.5 kWp clear day makes 1.5 · 12 · 2/π ≈ 11.46 kWh; the cloudy day about a third of that.
            Assert.InRange(days[0].ProducedWattHours, 11_450, 11_470);
            Assert.InRange(days[1].ProducedWattHours / days[0].ProducedWattHours, 0.25, 0.45);
            foreach (MeterDayResult day in days)
            {
                Assert.Equal(24, day.Windows.Count);
                Assert.True(day.Accepted);
                Assert.Equal(0u, day.Flags);

                // At 1000 imp/kWh a pulse is 1 Wh: the signed total trails the profile by less than a pulse carried over.
                Assert.InRange(day.ProducedWattHours - day.WattHours, -1, 1);
                Assert.Equal(day.Pulses, day.WattHours);
                Assert.All(day.Windows.Take(6).Concat(day.Windows.Skip(18)), w => Assert.Equal(0, w.WattHours));
            }

            MeterWindowResult noon = days[0].Windows[12];
            Assert.Equal((Monday.AddHours(12), Monday.AddHours(13)), (noon.WindowStart, noon.WindowEnd));
            Assert.InRange(noon.WattHours, 1_480, 1_500); // about the peak power for an hour
            Assert.Equal(48, Gateway.Distinct.Length);
            Observation first = Envelope.DecodeObservation(Gateway.Distinct[0].Payload);
            Assert.Equal(Metrics.EnergyProduced, first.Metric);
            Assert.Equal(meter.Address, NethereumCheck.RecoverObservationSigner(Gateway.Distinct[0].Payload));
        }

        [Fact]
        public async Task AnOutage_SignsNothingWhileTheBoardIsOff_AndMarksTheWindowsAroundItGap()
        {
            Gateway.Answer = (_, payload) => Acks.ForObservation(payload, ReasonCodes.Accepted);
            await using EmulatedMeter meter = await EmulatedMeter.StartAsync(Options());

            MeterDayResult day = (await meter.RunDaysAsync([new ProductionDay(Sky.Outage, 1.5) { OutageFromHour = 9, OutageHours = 6 }]))[0];

            // 00–09 and 15–24 are signed; the window open when the power went (09–10) closes late with no energy.
            Assert.Equal(9 + 1 + 9, day.Windows.Count);
            Assert.DoesNotContain(day.Windows, w => w.WindowStart.Hour is > 9 and < 15);
            MeterWindowResult stale = day.Windows.Single(w => w.WindowStart == Monday.AddHours(9));
            Assert.Equal((0L, ObservationFlags.Gap), (stale.WattHours, stale.Flags));
            MeterWindowResult back = day.Windows.Single(w => w.WindowStart == Monday.AddHours(15));
            Assert.Equal(ObservationFlags.Gap, back.Flags);
            Assert.True(back.WattHours > 0);
            Assert.InRange(day.ProducedWattHours - day.WattHours, -1, 1);
        }

        [Fact]
        public async Task ATamperedS0Line_IsSignedOutOfRange_AndClaimsNoEnergy()
        {
            Gateway.Answer = (_, payload) => Acks.ForObservation(payload, ReasonCodes.Accepted);
            EnergyMeterPinMap pins = EnergyMeterPinMap.LoadEmbedded();
            await using EmulatedMeter meter = await EmulatedMeter.StartAsync(Options() with { PinMap = pins with { S0Input = pins.S0Input with { MaxPowerWatts = 2_000 } } });
            Scenario scenario = Scenario.Parse("""
                { "name": "tamper", "start": "2025-06-02T00:00:00Z",
                  "production": [ { "sky": "sunny", "peakKw": 1.5 } ],
                  "faults": [ { "day": 0, "days": 1, "sensor": "meter", "kind": "tamper" } ] }
                """);

            MeterDayResult day = (await meter.RunProductionAsync(scenario))[0];

            MeterWindowResult tampered = day.Windows[12];
            Assert.Equal(ObservationFlags.OutOfRange, tampered.Flags);
            Assert.Equal(0, tampered.WattHours);
            Assert.True(tampered.Pulses > 2 * 2_000, $"{tampered.Pulses} pulses: the injected ones are missing");
            Assert.All(day.Windows.Where(w => w != tampered), w => Assert.Equal(0u, w.Flags));
            Assert.True(day.WattHours < day.ProducedWattHours - 1_000, "the tampered hour's real production is not claimed either");
        }

        [Fact]
        public void TheEmbeddedSolarWeek_HasEveryKindOfDay_AndATamperDay()
        {
            Scenario week = Scenario.LoadEmbedded("solar-week");

            Assert.Equal(7, week.Production.Count);
            Assert.Equal(new[] { Sky.Sunny, Sky.Cloudy, Sky.Outage }, week.Production.Select(d => d.Sky).Distinct());
            Assert.True(week.IsActive(FaultSensor.Meter, FaultKind.Tamper, 5));
            Assert.Equal(0, week.Production[4].WattHoursInHour(12));
        }

        private EmulatedMeterOptions Options() => new()
        {
            PrivateKey = TestKeys.Sensor,
            DeviceRegistry = TestKeys.Registry,
            ChainId = TestKeys.ChainId,
            Mqtt = Broker.TransportOptions,
            Start = Monday,
            AckTimeout = TimeSpan.FromSeconds(10),
        };
    }
}
