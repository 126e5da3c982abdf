using System;
using System.Device.Gpio;
using EdgeOracle.Emulator.Gpio;
using EdgeOracle.Emulator.Sensors;
using EdgeOracle.Emulator.Tests.Support;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Firmware.Core.Sensors;

namespace EdgeOracle.Emulator.Tests.Sensors
{
    public class VirtualRainGaugeTests
    {
        private const int Pin = 27;
        private const int Debounce = 250;
        private readonly VirtualClock _clock = new(StationHarness.Monday);
        private readonly VirtualGpioDriver _driver = new();
        private readonly GpioController _controller;

        public VirtualRainGaugeTests()
        {
            _controller = new GpioController(_driver);
        }

        [Fact]
        public void RainOf12Point4Mm_IsCountedAsExactly62Tips_DespiteContactBounce()
        {
            RainGauge firmware = new(Debounce);
            using RainGaugeAdapter adapter = new(_controller, Pin, firmware, _clock);
            VirtualRainGauge gauge = new(_driver, Pin, _clock, 200, Debounce, bouncesPerEdge: 2);

            int tips = gauge.Rain(12_400, TimeSpan.FromHours(6));

            Assert.Equal(62, tips);
            Assert.Equal(62u, firmware.GetTipCount());
            Assert.Equal(62 * 5, adapter.EdgeCount);
            Assert.Equal(62u * 4, firmware.GetIgnoredEdgeCount());
            Assert.Equal(StationHarness.Monday.AddHours(6), _clock.UtcNow);
        }

        [Fact]
        public void WithoutDebounce_TheSameRainIsOvercounted()
        {
            RainGauge firmware = new(0);
            using RainGaugeAdapter adapter = new(_controller, Pin, firmware, _clock);
            VirtualRainGauge gauge = new(_driver, Pin, _clock, 200, Debounce, bouncesPerEdge: 2);

            gauge.Rain(12_400, TimeSpan.FromHours(6));

            Assert.Equal(62u * 5, firmware.GetTipCount());
        }

        [Fact]
        public void RainThatDoesNotFillTheBucket_StaysForTheNextShower()
        {
            VirtualRainGauge gauge = new(_driver, Pin, _clock, 200, Debounce);

            Assert.Equal(0, gauge.Rain(150, TimeSpan.FromHours(1)));
            Assert.Equal(150, gauge.ResidueMicrometres);
            Assert.Equal(1, gauge.Rain(100, TimeSpan.FromHours(1)));
            Assert.Equal(50, gauge.ResidueMicrometres);
        }

        [Fact]
        public void TipsTooDenseToCountExactly_AreRefused()
        {
            VirtualRainGauge gauge = new(_driver, Pin, _clock, 200, Debounce);

            Assert.Throws<ArgumentException>(() => gauge.Tips(100, TimeSpan.FromSeconds(10)));
        }

        [Fact]
        public void DebounceShorterThanABouncingClosure_IsRefused()
        {
            Assert.Throws<ArgumentException>(() => new VirtualRainGauge(_driver, Pin, _clock, 200, debounceMilliseconds: 50, bouncesPerEdge: 2));
        }
    }
}
