using System;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeOracle.LoadGen;

/// <summary>An emulated device's MQTT 5 connection: its address as client id, QoS 1 publishes, optionally listening to its acks.</summary>
public static class DeviceConnection
{
    /// <summary>Connects <paramref name="clientId"/>, optionally with the device credential of PROTOCOL.md §6.</summary>
    public static async Task<IMqttClient> ConnectAsync(
        string host, int port, string clientId, bool subscribeAcks, (string UserName, byte[] Password)? credential, CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(120))
            .WithTimeout(TimeSpan.FromSeconds(60));
        if (credential is { } c)
        {
            builder = builder.WithCredentials(c.UserName, c.Password);
        }

        await client.ConnectAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        if (subscribeAcks)
        {
            await client.SubscribeAsync(
                new MqttTopicFilterBuilder().WithTopic($"eo/v1/{clientId}/ack").WithAtLeastOnceQoS().Build(), cancellationToken).ConfigureAwait(false);
        }

        return client;
    }

    /// <summary>A QoS 1 publish of <paramref name="payload"/>.</summary>
    public static MqttApplicationMessage Message(string topic, byte[] payload) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
}
