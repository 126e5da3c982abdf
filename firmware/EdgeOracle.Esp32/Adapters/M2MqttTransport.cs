#if NANOFRAMEWORK_1_0
using System;
using System.Security.Cryptography.X509Certificates;
using EdgeOracle.Firmware.Core.Ports;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace EdgeOracle.Esp32.Adapters
{
    /// <summary>
    /// The core's transport over nanoFramework.M2Mqtt: MQTT 5, QoS 1, optional TLS 1.2, client id = device address
    /// (PROTOCOL.md §6). Acknowledgements arriving on <c>eo/v1/{device}/ack</c> go to the core's <see cref="IAckSink"/>.
    /// </summary>
    internal sealed class M2MqttTransport : IMessageTransport
    {
        private readonly string _host;
        private readonly int _port;
        private readonly bool _tls;
        private readonly X509Certificate _caCert;
        private readonly string _clientId;
        private readonly string _ackTopic;
        private MqttClient _client;

        public M2MqttTransport(string host, int port, bool tls, X509Certificate caCert, string deviceHex)
        {
            _host = host;
            _port = port;
            _tls = tls;
            _caCert = caCert;
            _clientId = deviceHex;
            _ackTopic = "eo/v1/" + deviceHex + "/ack";
        }

        public IAckSink AckSink { get; set; }

        public bool IsConnected
        {
            get { return _client != null && _client.IsConnected; }
        }

        /// <summary>Connects (or reconnects) and subscribes to the ack topic; call from the host loop.</summary>
        public bool TryConnect()
        {
            try
            {
                if (_client != null)
                {
                    _client.Dispose();
                }

                _client = new MqttClient(_host, _port, _tls, _caCert, null, _tls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
                _client.ProtocolVersion = MqttProtocolVersion.Version_5;
                _client.MqttMsgPublishReceived += OnPublishReceived;
                MqttReasonCode code = _client.Connect(_clientId, true);
                if (code != MqttReasonCode.Success)
                {
                    return false;
                }

                _client.Subscribe(new string[] { _ackTopic }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public bool Publish(string topic, byte[] payload)
        {
            if (!IsConnected)
            {
                return false;
            }

            try
            {
                _client.Publish(topic, payload, null, null, MqttQoSLevel.AtLeastOnce, false);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        private void OnPublishReceived(object sender, MqttMsgPublishEventArgs e)
        {
            IAckSink sink = AckSink;
            if (sink != null && e.Topic == _ackTopic)
            {
                sink.AckReceived(e.Message);
            }
        }
    }
}
#endif
