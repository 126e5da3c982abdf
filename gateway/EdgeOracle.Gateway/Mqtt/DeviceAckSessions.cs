using System.Collections.Concurrent;
using System.Collections.Generic;
using EdgeOracle.Protocol;

namespace EdgeOracle.Gateway.Mqtt;

/// <summary>
/// Devices connected to the <see cref="DeviceEndpoint"/> that subscribed to their ack topic, by address: where an ack
/// for a message that arrived some other way (the embedded broker, another connection) finds its device.
/// </summary>
public sealed class DeviceAckSessions
{
    private readonly ConcurrentDictionary<Address, DeviceSession> _sessions = new();

    /// <summary>Number of devices that can be reached.</summary>
    public int Count => _sessions.Count;

    internal void Add(Address device, DeviceSession session) => _sessions[device] = session;

    internal void Remove(Address device, DeviceSession session) => _sessions.TryRemove(new KeyValuePair<Address, DeviceSession>(device, session));

    /// <summary>Queues the 43-byte <paramref name="ack"/> on the device's session; false when it is not connected here.</summary>
    internal bool TryDeliver(Address device, byte[] ack) => _sessions.TryGetValue(device, out var session) && session.QueueAck(ack);
}
