using System;
using EdgeOracle.Firmware.Core.Sensors;

namespace EdgeOracle.Emulator.Tests.Sensors
{
    public class EnergyMeterTests
    {
        [Fact]
        public void RecordPulse_IgnoresRinging_InsideTheDebounceInterval()
        {
            EnergyMeter meter = new(50, 1000, 10_000);

            // A 30 ms S0 pulse whose leading and trailing edges ring: rising edges at 0, 1, 2 and 31, 32 ms.
            Assert.True(meter.Pulses.Record(1000));
            Assert.False(meter.Pulses.Record(1001));
            Assert.False(meter.Pulses.Record(1002));
            Assert.False(meter.Pulses.Record(1031));
            Assert.False(meter.Pulses.Record(1049));

            Assert.Equal(1u, meter.Pulses.GetCount());
            Assert.Equal(4u, meter.Pulses.GetIgnoredEdgeCount());
        }

        [Fact]
        public void RecordPulse_CountsThePulseStartingOneDebounceIntervalLater()
        {
            EnergyMeter meter = new(50, 1000, 10_000);
            meter.Pulses.Record(1000);

            Assert.True(meter.Pulses.Record(1050));
            Assert.Equal(2u, meter.Pulses.ReadAndReset());
            Assert.Equal(0u, meter.Pulses.GetCount());
        }

        [Fact]
        public void TakeWattHours_AtTheStandardConstant_IsOneWattHourPerPulse()
        {
            EnergyMeter meter = new(50, EnergyMeter.DefaultImpulsesPerKwh, 10_000);

            Assert.Equal(1234L, meter.TakeWattHours(1234));
            Assert.Equal(0u, meter.CarriedRemainder);
        }

        [Fact]
        public void TakeWattHours_CarriesTheFractionOfAWattHour_SoNoEnergyIsLostOverWindows()
        {
            // 800 imp/kWh: a pulse is 1.25 Wh.
            EnergyMeter meter = new(50, 800, 10_000);

            Assert.Equal(1L, meter.TakeWattHours(1)); // 1.25 Wh: 1 signed, 0.25 carried
            Assert.Equal(200u, meter.CarriedRemainder); // 0.25 Wh in 1/800 Wh
            Assert.Equal(2L, meter.TakeWattHours(2)); // 2.5 + 0.25 = 2.75: 2 signed, 0.75 carried
            Assert.Equal(2L, meter.TakeWattHours(1)); // 1.25 + 0.75 = 2: nothing carried

            // 4 pulses of 1.25 Wh are exactly the 5 Wh signed.
            Assert.Equal(0u, meter.CarriedRemainder);
        }

        [Fact]
        public void TakeWattHours_SumsToTheExactEnergy_ForAnyRunOfWindows()
        {
            EnergyMeter meter = new(50, 375, 10_000);
            uint[] windows = [0, 1, 7, 2, 11, 3, 0, 5, 29, 1];
            long total = 0;
            uint pulses = 0;
            foreach (uint w in windows)
            {
                total += meter.TakeWattHours(w);
                pulses += w;
            }

            // 59 pulses at 375 imp/kWh are 157.33 Wh: 157 signed, one third carried.
            Assert.Equal(pulses * 1000L / 375, total);
            Assert.Equal(pulses * 1000u % 375, meter.CarriedRemainder);
        }

        [Fact]
        public void IsPlausible_AllowsFullPowerForTheWholeWindow_AndFlagsOnePulseMore()
        {
            // 10 kW for an hour at 1000 imp/kWh: 10 000 pulses, plus one for the window's edges.
            EnergyMeter meter = new(50, 1000, 10_000);

            Assert.Equal(10_001ul, meter.MaxPulses(3600));
            Assert.True(meter.IsPlausible(10_001, 3600));
            Assert.False(meter.IsPlausible(10_002, 3600));
        }

        [Fact]
        public void Constructor_RefusesAZeroConstantOrMaximumPower()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new EnergyMeter(50, 0, 10_000));
            Assert.Throws<ArgumentOutOfRangeException>(() => new EnergyMeter(50, 1000, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new EnergyMeter(-1, 1000, 10_000));
        }
    }
}
