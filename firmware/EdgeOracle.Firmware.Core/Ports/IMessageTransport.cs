namespace EdgeOracle.Firmware.Core.Ports
{
    /// <summary>
    /// Publishes device messages to the broker (MQTT 5, QoS 1, retain off, PROTOCOL.md §6). On the ESP32 this
    /// is an M2Mqtt adapter, in the emulator an MQTTnet one. Acknowledgements travel the other way through
    /// <see cref="IAckSink"/>.
    /// </summary>
    public interface IMessageTransport
    {
        /// <summary>Gets whether the transport is connected to the broker right now.</summary>
        bool IsConnected { get; }

        /// <summary>
        /// Publishes <paramref name="payload"/> on <paramref name="topic"/> at QoS 1.
        /// </summary>
        /// <param name="topic">The MQTT topic, e.g. <c>eo/v1/0x…/obs</c>.</param>
        /// <param name="payload">The bytes to publish; the transport does not keep or change them.</param>
        /// <returns>
        /// <c>true</c> if the broker took the message; <c>false</c> if it could not be sent (not connected, timeout),
        /// in which case the caller keeps it and tries again later.
        /// </returns>
        bool Publish(string topic, byte[] payload);
    }
}
