using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Gpio;

namespace EdgeOracle.Emulator.Tests.Gpio
{
    public class VirtualGpioDriverTests
    {
        private readonly VirtualGpioDriver _driver = new();
        private readonly GpioController _controller;
        private readonly List<(int Pin, PinEventTypes Type)> _events = new();

        public VirtualGpioDriverTests()
        {
            _controller = new GpioController(_driver);
        }

        [Fact]
        public void FallingCallback_RegisteredThroughTheController_FiresWhenTheSimulationPullsThePinLow()
        {
            _controller.OpenPin(27, PinMode.InputPullUp);
            _controller.RegisterCallbackForPinValueChangedEvent(27, PinEventTypes.Falling, Record);

            _driver.Drive(27, PinValue.Low);
            _driver.Release(27);

            Assert.Equal(new[] { (27, PinEventTypes.Falling) }, _events);
        }

        [Fact]
        public void CallbackForBothEdges_SeesFallingThenRising()
        {
            _controller.OpenPin(4, PinMode.InputPullUp);
            _controller.RegisterCallbackForPinValueChangedEvent(4, PinEventTypes.Falling | PinEventTypes.Rising, Record);

            _driver.Drive(4, PinValue.Low);
            _driver.Drive(4, PinValue.Low);
            _driver.Release(4);

            Assert.Equal(new[] { (4, PinEventTypes.Falling), (4, PinEventTypes.Rising) }, _events);
        }

        [Fact]
        public void Read_FollowsTheDrivenLevel_ElseThePullResistor()
        {
            _controller.OpenPin(5, PinMode.InputPullUp);
            _controller.OpenPin(6, PinMode.InputPullDown);

            Assert.Equal(PinValue.High, _controller.Read(5));
            Assert.Equal(PinValue.Low, _controller.Read(6));
            _driver.Drive(5, PinValue.Low);
            _driver.Drive(6, PinValue.High);
            Assert.Equal(PinValue.Low, _controller.Read(5));
            Assert.Equal(PinValue.High, _controller.Read(6));
        }

        [Fact]
        public void WritingAnOutput_ChangesItsLevel_AndRaisesTheRisingCallback()
        {
            _controller.OpenPin(26, PinMode.Output);
            _controller.RegisterCallbackForPinValueChangedEvent(26, PinEventTypes.Rising, Record);

            _controller.Write(26, PinValue.High);

            Assert.Equal(PinValue.High, _driver.GetLevel(26));
            Assert.Equal(new[] { (26, PinEventTypes.Rising) }, _events);
        }

        [Fact]
        public void UnregisteredCallback_IsNotCalledAgain()
        {
            _controller.OpenPin(27, PinMode.InputPullUp);
            _controller.RegisterCallbackForPinValueChangedEvent(27, PinEventTypes.Falling, Record);
            _controller.UnregisterCallbackForPinValueChangedEvent(27, Record);

            _driver.Drive(27, PinValue.Low);

            Assert.Empty(_events);
            Assert.Equal(0, _driver.GetCallbackCount(27));
        }

        [Fact]
        public async Task WaitForEvent_ReturnsTheEdge_WhenAnotherThreadDrivesThePin()
        {
            _controller.OpenPin(13, PinMode.InputPullUp);
            Task<WaitForEventResult> waiting = Task.Run(() => _controller.WaitForEvent(13, PinEventTypes.Falling, TimeSpan.FromSeconds(10)));
            while (_driver.GetCallbackCount(13) == 0)
            {
                await Task.Delay(1);
            }

            _driver.Drive(13, PinValue.Low);
            WaitForEventResult result = await waiting;

            Assert.False(result.TimedOut);
            Assert.Equal(PinEventTypes.Falling, result.EventTypes);
        }

        [Fact]
        public void WaitForEvent_TimesOut_WhenNothingHappens()
        {
            _controller.OpenPin(13, PinMode.InputPullUp);

            WaitForEventResult result = _controller.WaitForEvent(13, PinEventTypes.Falling, TimeSpan.FromMilliseconds(20));

            Assert.True(result.TimedOut);
        }

        [Fact]
        public void PinOutsideTheBoard_IsRefused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => _driver.Drive(40, PinValue.Low));
        }

        private void Record(object sender, PinValueChangedEventArgs args) => _events.Add((args.PinNumber, args.ChangeType));
    }
}
