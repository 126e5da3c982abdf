using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Mqtt;
using MQTTnet;
using MQTTnet.Server;

namespace EdgeOracle.Gateway.Mqtt.Broker;

/// <summary>
/// Direct acknowledgements. MQTTnet routes every published message by checking it against each subscribing session,
/// so with thousands of devices subscribed to their own ack topics, routing one ack cost as much as verifying its
/// message. A device that subscribes to exactly its own ack topic (client id = its address, PROTOCOL.md §6) is
/// therefore not registered with MQTTnet's router: the gateway keeps its session and enqueues the ack on it directly.
/// Only when some client subscribed to a filter that can match other devices' acks (a monitor on <c>eo/v1/+/ack</c>,
/// <c>#</c>, …) is the ack also routed the ordinary way.
/// </summary>
public sealed partial class EmbeddedMqttBroker
{
    private readonly ConcurrentDictionary<string, MqttSessionStatus> _ackSessions = new(StringComparer.Ordinal);
    private int _ackMonitors;

    private Task OnInterceptingSubscriptionAsync(InterceptingSubscriptionEventArgs args)
    {
        var filter = args.TopicFilter.Topic;
        if (Topics.TryParseDevice(args.ClientId, out var device) && string.Equals(filter, Topics.Ack(device), StringComparison.Ordinal))
        {
            // SUBACK as granted, but the subscription is served here rather than by MQTTnet's router.
            args.ProcessSubscription = false;
            _ackSessions[args.ClientId] = args.Session;
        }
        else if (filter.Contains('#', StringComparison.Ordinal) || filter.Contains('+', StringComparison.Ordinal)
            || filter.EndsWith("/ack", StringComparison.Ordinal))
        {
            Interlocked.Exchange(ref _ackMonitors, 1);
        }

        return Task.CompletedTask;
    }

    private Task OnInterceptingUnsubscriptionAsync(InterceptingUnsubscriptionEventArgs args)
    {
        if (Topics.TryParseDevice(args.ClientId, out var device) && string.Equals(args.Topic, Topics.Ack(device), StringComparison.Ordinal))
        {
            _ackSessions.TryRemove(args.ClientId, out _);
        }

        return Task.CompletedTask;
    }

    /// <summary>True once some client subscribed to a filter that can match other devices' acks.</summary>
    public bool HasAckMonitors => Volatile.Read(ref _ackMonitors) != 0;

    private void ForgetDirectAcks(string clientId) => _ackSessions.TryRemove(clientId, out _);

    // True when the device's own session took the ack (monitors, if any, still need the router).
    private bool TryEnqueueDirect(Address device, MqttApplicationMessage message) =>
        _ackSessions.TryGetValue(device.ToString(), out var session) && session.TryEnqueueApplicationMessage(message, out _);
}
