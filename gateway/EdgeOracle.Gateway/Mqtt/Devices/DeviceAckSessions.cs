using System.Collections.Concurrent;
using System.Collections.Generic;
using EdgeOracle.Protocol;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Ingress;

namespace EdgeOracle.Gateway.Mqtt.Devices;

/// <summary>
/// Devices connected to the <see cref="DeviceEndpoint"/> that subscribed to their ack topic, by address: the endpoint's
/// <see cref="IAckDestination"/>, where an ack for a message that arrived some other way (another ingress, another
/// connection) finds its device. The endpoint has no monitors: its devices may subscribe only to their own acks.
/// </summary>
public sealed class DeviceAckSessions : IAckDestination
{
    private readonly ConcurrentDictionary<Address, DeviceSession> _sessions = new();

    /// <summary>Number of devices that can be reached.</summary>
    public int Count => _sessions.Count;

    /// <inheritdoc />
    public bool HasAckMonitors => false;

    /// <inheritdoc />
    public ValueTask<bool> DeliverAsync(Address device, byte[] ack, bool deviceHasAck) =>
        ValueTask.FromResult(deviceHasAck || TryDeliver(device, ack));

    internal void Add(Address device, DeviceSession session) => _sessions[device] = session;

    internal void Remove(Address device, DeviceSession session) => _sessions.TryRemove(new KeyValuePair<Address, DeviceSession>(device, session));

    /// <summary>Queues the 43-byte <paramref name="ack"/> on the device's session; false when it is not connected here.</summary>
    internal bool TryDeliver(Address device, byte[] ack) => _sessions.TryGetValue(device, out var session) && session.QueueAck(ack);
}
