#if NANOFRAMEWORK_1_0
using System.Device.Adc;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>The core's ADC port over nanoFramework's <c>System.Device.Adc.AdcChannel</c> (ADC1, 12 bit).</summary>
    internal sealed class NanoAdcChannel : IAdcChannel
    {
        private readonly AdcChannel _channel;
        private readonly int _max;

        public NanoAdcChannel(AdcController controller, int channelNumber)
        {
            _channel = controller.OpenChannel(channelNumber);
            _max = controller.MaxValue;
        }

        public int MaxValue
        {
            get { return _max; }
        }

        public bool TryReadRaw(out int raw)
        {
            raw = _channel.ReadValue();
            return true;
        }
    }
}
#endif
