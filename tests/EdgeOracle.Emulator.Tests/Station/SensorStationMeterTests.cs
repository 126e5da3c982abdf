using System;
using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Sensors;
using EdgeOracle.Firmware.Core.Station;

namespace EdgeOracle.Emulator.Tests.Station
{
    public class SensorStationMeterTests
    {
        private static readonly DateTimeOffset Monday = StationHarness.Monday;

        private static StationHarness Meter(uint impulsesPerKwh = 1000, uint maxWatts = 10_000, DateTimeOffset? start = null) =>
            new(start ?? Monday, SensorStationConfig.ForMeter(), new EnergyMeter(0, impulsesPerKwh, maxWatts));

        /// <summary>Counts each hour's pulses and closes the hour; returns the observations signed.</summary>
        private static Observation[] PlayHours(StationHarness h, params int[] pulsesPerHour)
        {
            h.Station.Poll();
            foreach (int pulses in pulsesPerHour)
            {
                h.Pulses(pulses);
                h.CloseWindow();
            }

            return h.Signed.ConvertAll(m => Envelope.DecodeObservation(m.Envelope)).ToArray();
        }

        [Fact]
        public void ForMeter_MakesHourlyWindows()
        {
            Assert.Equal(3600u, SensorStationConfig.ForMeter().WindowSeconds);
        }

        [Fact]
        public void AMeter_SignsOneEnergyObservationPerHour_WithTheHoursWindowAndPulses()
        {
            StationHarness h = Meter(start: Monday.AddHours(10));
            h.Station.Poll();
            h.Pulses(2_345);

            SignedMessage message = h.CloseWindow();

            Observation o = Envelope.DecodeObservation(Assert.Single(h.Transport.Published).Payload);
            Assert.Equal(message.Envelope, h.Transport.Published[0].Payload);
            Assert.Equal(Metrics.EnergyProduced, o.Metric);
            Assert.Equal((ulong)Monday.AddHours(10).ToUnixTimeSeconds(), o.WindowStart);
            Assert.Equal((ulong)Monday.AddHours(11).ToUnixTimeSeconds(), o.WindowEnd);
            Assert.Equal(2_345L, o.Value);
            Assert.Equal(2_345u, o.SampleCount);
            Assert.Equal(0u, o.Flags);
            Assert.Null(h.Station.Rain);
            Assert.Equal(2_345L, h.Station.Energy!.Day.Sum);
        }

        [Fact]
        public void AMeter_SignsOnlyEnergy_EvenForAnEmptyHour()
        {
            Observation[] signed = PlayHours(Meter(), 0, 0);

            Assert.Equal(2, signed.Length);
            Assert.All(signed, o => Assert.Equal((Metrics.EnergyProduced, 0L, 0u), (o.Metric, o.Value, o.Flags)));
        }

        [Fact]
        public void AMeter_CarriesTheFractionOfAWattHour_IntoTheNextWindow()
        {
            // 800 imp/kWh: 3 pulses are 3.75 Wh (3 signed), then 1 more makes 5 Wh in all (2 signed).
            Observation[] signed = PlayHours(Meter(impulsesPerKwh: 800), 3, 1);

            Assert.Equal([3L, 2L], Array.ConvertAll(signed, o => o.Value));
        }

        [Fact]
        public void AnImpossibleJump_IsSignedOutOfRange_WithNoEnergyButItsPulsesAsEvidence()
        {
            // 2 kW at most: 2 000 pulses an hour (+1); 5 000 pulses cannot come from this installation.
            Observation[] signed = PlayHours(Meter(maxWatts: 2_000), 5_000, 2_001);

            Assert.Equal((ObservationFlags.OutOfRange, 0L, 5_000u), (signed[0].Flags, signed[0].Value, signed[0].SampleCount));
            Assert.Equal((0u, 2_001L, 2_001u), (signed[1].Flags, signed[1].Value, signed[1].SampleCount));
        }

        [Fact]
        public void ALateClose_JudgesPlausibilityOverTheTimeThePulsesCameIn()
        {
            // The host loop stalled for three hours at 2 kW maximum: 5 000 pulses over three hours are plausible.
            StationHarness h = Meter(maxWatts: 2_000);
            h.Station.Poll();
            h.Pulses(5_000);

            h.Clock.AdvanceTo(Monday.AddHours(3));
            h.Station.Poll();

            Observation o = Envelope.DecodeObservation(Assert.Single(h.Signed).Envelope);
            Assert.Equal(ObservationFlags.Gap, o.Flags);
            Assert.Equal(5_000L, o.Value);
        }
    }
}
