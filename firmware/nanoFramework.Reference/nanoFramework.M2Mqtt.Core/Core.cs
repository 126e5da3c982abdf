// Reference surface (hand-written, public signatures only): see ../README.md.
using System;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt
{
    /// <summary>The TLS version of the broker connection.</summary>
    public enum MqttSslProtocols
    {
        /// <summary>No TLS.</summary>
        None = 0,

        /// <summary>TLS 1.2.</summary>
        TLSv1_2 = 4,
    }

    /// <summary>The client contract; here only for the delegate types nested in it.</summary>
    public interface IMqttClient
    {
        /// <summary>Handles a received PUBLISH.</summary>
        public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);
    }
}

namespace nanoFramework.M2Mqtt.Messages
{
    /// <summary>MQTT quality of service.</summary>
    public enum MqttQoSLevel
    {
        /// <summary>QoS 1.</summary>
        AtLeastOnce = 0x01,
    }

    /// <summary>MQTT 5 reason codes.</summary>
    public enum MqttReasonCode
    {
        /// <summary>Success (0x00).</summary>
        Success = 0x00,
    }

    /// <summary>A received PUBLISH.</summary>
    public class MqttMsgPublishEventArgs : EventArgs
    {
        private MqttMsgPublishEventArgs()
        {
        }

        /// <summary>The topic it was published on.</summary>
        public string Topic => throw new NotImplementedException();

        /// <summary>The payload.</summary>
        public byte[] Message => throw new NotImplementedException();
    }
}
