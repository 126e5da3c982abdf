using System.Collections.Generic;
using EdgeOracle.Firmware.Core.Ports;

namespace EdgeOracle.Emulator.Tests.Support
{
    /// <summary>An in-memory transport that records what the core publishes and can refuse or go offline.</summary>
    internal sealed class FakeTransport : IMessageTransport
    {
        public bool IsConnected { get; set; } = true;

        /// <summary>When false, <see cref="Publish"/> refuses (as on a PUBACK timeout) and records nothing.</summary>
        public bool AcceptPublishes { get; set; } = true;

        public List<(string Topic, byte[] Payload)> Published { get; } = new();

        public bool Publish(string topic, byte[] payload)
        {
            if (!IsConnected || !AcceptPublishes)
            {
                return false;
            }

            Published.Add((topic, payload));
            return true;
        }
    }
}
