using System;
using System.Buffers;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using EdgeOracle.Firmware.Core.Protocol;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeOracle.EndToEnd.Tests;

/// <summary>
/// An MQTT client that publishes exactly the bytes a test gives it under a device's topics and returns the gateway's
/// 43-byte acknowledgement: the way a test plays a forger or a replayer.
/// </summary>
internal sealed class RawDevice : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly Channel<Ack> _acks = Channel.CreateUnbounded<Ack>();
    private readonly string _device;

    private RawDevice(IMqttClient client, string device)
    {
        _client = client;
        _device = device;
    }

    public static async Task<RawDevice> ConnectAsync(string host, int port, string device)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var raw = new RawDevice(client, device);
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (Ack.TryDecode(e.ApplicationMessage.Payload.ToArray(), out var ack) && ack != null)
            {
                raw._acks.Writer.TryWrite(ack);
            }

            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId("raw-" + device + "-" + Guid.NewGuid().ToString("N")[..6])
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .Build();
        await client.ConnectAsync(options).ConfigureAwait(false);
        await client.SubscribeAsync(Topics.Acks(device), MqttQualityOfServiceLevel.AtLeastOnce).ConfigureAwait(false);
        return raw;
    }

    /// <summary>Publishes <paramref name="payload"/> at QoS 1 on the device's topic and waits for the gateway's ack.</summary>
    public async Task<Ack> PublishAsync(string topic, byte[] payload, TimeSpan? timeout = null)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _client.PublishAsync(message).ConfigureAwait(false);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            return await _acks.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No acknowledgement on " + Topics.Acks(_device) + " for a publish on " + topic);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisconnectAsync().ConfigureAwait(false);
        _client.Dispose();
    }
}
