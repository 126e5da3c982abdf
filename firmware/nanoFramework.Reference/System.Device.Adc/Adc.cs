// Reference surface (hand-written, public signatures only): see ../README.md.
using System;

namespace System.Device.Adc
{
    /// <summary>The device's ADC.</summary>
    public class AdcController
    {
        /// <summary>The default ADC.</summary>
        public AdcController() => throw new NotImplementedException();

        /// <summary>The largest raw reading.</summary>
        public int MaxValue => throw new NotImplementedException();

        /// <summary>Opens a channel.</summary>
        public AdcChannel OpenChannel(int channelNumber) => throw new NotImplementedException();
    }

    /// <summary>One ADC input.</summary>
    public class AdcChannel : IDisposable
    {
        private AdcChannel()
        {
        }

        /// <summary>One raw reading.</summary>
        public int ReadValue() => throw new NotImplementedException();

        /// <summary>Closes the channel.</summary>
        public void Dispose() => throw new NotImplementedException();
    }
}
