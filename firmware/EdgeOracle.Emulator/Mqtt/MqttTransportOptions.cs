using System;

namespace EdgeOracle.Emulator.Mqtt
{
    /// <summary>Where and how an emulated device connects to the MQTT broker.</summary>
    public sealed record MqttTransportOptions
    {
        /// <summary>Gets the broker host. Default 127.0.0.1.</summary>
        public string Host { get; init; } = "127.0.0.1";

        /// <summary>Gets the broker's TCP port. Default 1884, the gateway's device endpoint (1883 is its general broker).</summary>
        public int Port { get; init; } = 1884;

        /// <summary>Gets how long a publish may wait for the broker's PUBACK before it counts as failed. Default 5 s.</summary>
        public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(5);

        /// <summary>Gets how long to wait between reconnect attempts after the connection dropped. Default 1 s.</summary>
        public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

        /// <summary>Gets the MQTT keep-alive period. Default 15 s.</summary>
        public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);
    }
}
