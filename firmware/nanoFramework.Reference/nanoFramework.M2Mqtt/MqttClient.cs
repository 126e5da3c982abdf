// Reference surface (hand-written, public signatures only): see ../README.md.
using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt
{
    /// <summary>The MQTT protocol version the client speaks.</summary>
    public enum MqttProtocolVersion
    {
        /// <summary>MQTT 5.</summary>
        Version_5 = 0x05,
    }

    /// <summary>The MQTT client.</summary>
    public class MqttClient : IDisposable
    {
        /// <summary>A client for <paramref name="brokerHostName"/>:<paramref name="brokerPort"/>, with TLS when <paramref name="secure"/>.</summary>
        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol) => throw new NotImplementedException();

        /// <summary>Raised for each PUBLISH received on a subscribed topic.</summary>
        public event IMqttClient.MqttMsgPublishEventHandler MqttMsgPublishReceived
        {
            add => throw new NotImplementedException();
            remove => throw new NotImplementedException();
        }

        /// <summary>Whether the client is connected.</summary>
        public bool IsConnected => throw new NotImplementedException();

        /// <summary>The protocol version used by <see cref="Connect(string, bool)"/>.</summary>
        public MqttProtocolVersion ProtocolVersion
        {
            get => throw new NotImplementedException();
            set => throw new NotImplementedException();
        }

        /// <summary>Connects; returns the broker's reason code.</summary>
        public MqttReasonCode Connect(string clientId, bool cleanSession) => throw new NotImplementedException();

        /// <summary>Subscribes; returns the packet id.</summary>
        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels) => throw new NotImplementedException();

        /// <summary>Publishes; returns the packet id.</summary>
        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain) => throw new NotImplementedException();

        /// <summary>Closes the connection and releases the socket.</summary>
        public void Dispose() => throw new NotImplementedException();
    }
}
