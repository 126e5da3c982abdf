using System.Threading.Tasks;
using EdgeOracle.Protocol;

namespace EdgeOracle.Gateway.Ingress;

/// <summary>
/// An ingress seen from <see cref="IIngressSink.RouteAckAsync"/>: a place where a device may be connected and where
/// monitors may listen on acks, for acks of messages that came in some other way.
/// </summary>
public interface IAckDestination
{
    /// <summary>True once some client here listens on acks of devices other than itself (a monitor on <c>eo/v1/+/ack</c>).</summary>
    bool HasAckMonitors { get; }

    /// <summary>
    /// Delivers the 43-byte <paramref name="ack"/> of <paramref name="device"/>: to the device when it is connected here
    /// and <paramref name="deviceHasAck"/> is false, and to the monitors here. Returns whether the device has its ack
    /// now (true when it had it already).
    /// </summary>
    ValueTask<bool> DeliverAsync(Address device, byte[] ack, bool deviceHasAck);
}
