using System;
using System.Buffers;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using EdgeOracle.Protocol.Wire;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>A real MQTTnet 5 client that publishes at QoS 1 and listens on every device's ack topic.</summary>
public sealed class MqttDevice : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly IMqttClient _client;
    private readonly Channel<(string Topic, byte[] Payload)> _acks = Channel.CreateUnbounded<(string, byte[])>();

    private MqttDevice(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _acks.Writer.TryWrite((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
    }

    /// <summary>Connects and subscribes to <paramref name="filter"/> (by default every device's ack topic).</summary>
    public static async Task<MqttDevice> ConnectAsync(string host, int port, string clientId, string filter = "eo/v1/+/ack")
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var device = new MqttDevice(client);
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(Patience)
            .Build();
        using var timeout = new CancellationTokenSource(Patience);
        await client.ConnectAsync(options, timeout.Token);
        await client.SubscribeAsync(new MqttTopicFilterBuilder().WithTopic(filter).WithAtLeastOnceQoS().Build(), timeout.Token);
        return device;
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Publishes and returns the PUBACK's result (the broker sends it only after the gateway decided).</summary>
    public Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).Build();
        return _client.PublishAsync(message);
    }

    /// <summary>Publishes at QoS 1, then waits for the protocol ack.</summary>
    public async Task<(MqttClientPublishResult PubAck, string AckTopic, Acknowledgement Ack)> SendAsync(SignedMessage message)
    {
        var result = await PublishAsync(message.Topic, message.Payload);
        var (topic, ack) = await NextAckAsync();
        return (result, topic, ack);
    }

    /// <summary>The next message received on the subscription.</summary>
    public async Task<(string Topic, byte[] Payload)> NextMessageAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await _acks.Reader.ReadAsync(timeout.Token);
    }

    public async Task<(string Topic, Acknowledgement Ack)> NextAckAsync()
    {
        var (topic, payload) = await NextMessageAsync();
        if (!Acknowledgement.TryRead(payload, out var ack))
        {
            throw new InvalidOperationException($"{payload.Length}-byte payload on {topic} is not an acknowledgement.");
        }

        return (topic, ack);
    }

    /// <summary>True when an ack arrives within <paramref name="wait"/>.</summary>
    public async Task<bool> AckArrivesWithinAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await _acks.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
