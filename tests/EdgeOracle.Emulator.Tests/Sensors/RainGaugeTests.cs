using System;
using System.Threading;
using EdgeOracle.Firmware.Core.Sensors;

namespace EdgeOracle.Emulator.Tests.Sensors
{
    public class RainGaugeTests
    {
        [Fact]
        public void RecordTip_IgnoresEdges_InsideTheDebounceInterval()
        {
            RainGauge gauge = new(250);

            Assert.True(gauge.RecordTip(1000));
            Assert.False(gauge.RecordTip(1001));
            Assert.False(gauge.RecordTip(1249));

            Assert.Equal(1u, gauge.GetTipCount());
            Assert.Equal(2u, gauge.GetIgnoredEdgeCount());
        }

        [Fact]
        public void RecordTip_CountsAnEdge_ExactlyOneDebounceIntervalAfterTheLastTip()
        {
            RainGauge gauge = new(250);

            gauge.RecordTip(1000);

            Assert.True(gauge.RecordTip(1250));
            Assert.Equal(2u, gauge.GetTipCount());
        }

        [Fact]
        public void Debounce_IsMeasuredFromTheLastCountedTip_SoSteadyBounceCannotHideTips()
        {
            RainGauge gauge = new(250);

            // An edge every 10 ms for 600 ms: counted at 0, 250 and 500 ms.
            for (long t = 0; t < 600; t += 10)
            {
                gauge.RecordTip(t);
            }

            Assert.Equal(3u, gauge.GetTipCount());
        }

        [Fact]
        public void RecordTip_IgnoresAnEdgeStampedBeforeTheLastTip()
        {
            RainGauge gauge = new(50);
            gauge.RecordTip(10_000);

            Assert.False(gauge.RecordTip(9_000));
        }

        [Theory]
        [InlineData(200u, 62u, 12_400L)]
        [InlineData(254u, 10u, 2_540L)]
        public void ToMicrometres_MultipliesTipsByTheCalibration(uint micrometresPerTip, uint tips, long expected)
        {
            RainGauge gauge = new(0, micrometresPerTip);

            Assert.Equal(expected, gauge.ToMicrometres(tips));
        }

        [Fact]
        public void DefaultCalibration_IsTwoHundredMicrometresPerTip()
        {
            Assert.Equal(200u, new RainGauge(0).MicrometresPerTip);
        }

        [Fact]
        public void Constructor_RefusesZeroCalibrationAndNegativeDebounce()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new RainGauge(0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new RainGauge(-1));
        }

        [Fact]
        public void ReadAndReset_ReturnsTheWindowsTips_AndStartsANewCount()
        {
            RainGauge gauge = new(0);
            gauge.RecordTip(1);
            gauge.RecordTip(2);

            Assert.Equal(2u, gauge.ReadAndReset());
            Assert.Equal(0u, gauge.GetTipCount());

            gauge.RecordTip(3);
            Assert.Equal(1u, gauge.ReadAndReset());
        }

        [Fact]
        public void ReadAndReset_LosesNoTip_WhileAnotherThreadRecords()
        {
            const int total = 200_000;
            RainGauge gauge = new(0);
            long read = 0;
            using ManualResetEventSlim done = new();
            Thread recorder = new(() =>
            {
                for (int i = 0; i < total; i++)
                {
                    gauge.RecordTip(i);
                }

                done.Set();
            });

            recorder.Start();
            while (!done.IsSet)
            {
                read += gauge.ReadAndReset();
            }

            recorder.Join();
            read += gauge.ReadAndReset();

            Assert.Equal(total, read);
        }
    }
}
