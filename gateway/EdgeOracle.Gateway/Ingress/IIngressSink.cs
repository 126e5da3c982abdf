using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Pipeline;

namespace EdgeOracle.Gateway.Ingress;

/// <summary>
/// The one seam between the ingresses (the device endpoint, the embedded MQTTnet broker, an external broker's shared
/// subscription) and the rest of the gateway. An ingress hands a message in with <see cref="SubmitAsync"/>, answers its
/// own publisher from the outcome (PUBACK and, when it can, the device's ack), and then calls <see cref="RouteAckAsync"/>,
/// which takes the ack to wherever else it must go: the device's connection on another ingress, and monitors listening on
/// other devices' acks. Ingresses that can reach devices register themselves as an <see cref="IAckDestination"/>; no
/// ingress knows another.
/// </summary>
public interface IIngressSink
{
    /// <summary>
    /// Runs <paramref name="message"/> through the pipeline (decode, verify, sequence and hash chain, durable store);
    /// completes once the message was stored or refused.
    /// </summary>
    Task<PipelineOutcome> SubmitAsync(IngressMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the ack of <paramref name="outcome"/> to its device (<see cref="PipelineOutcome.AckDevice"/>) through the
    /// registered destinations, and to monitors. <paramref name="deviceHasAck"/> says the caller's own route already
    /// answered the device, so only monitors are left; then, with no monitor anywhere, this completes at once.
    /// </summary>
    ValueTask RouteAckAsync(PipelineOutcome outcome, bool deviceHasAck);

    /// <summary>Registers a place where acks can reach devices (an ingress, once it listens).</summary>
    void AddAckDestination(IAckDestination destination);

    /// <summary>Unregisters <paramref name="destination"/> (the ingress stopped).</summary>
    void RemoveAckDestination(IAckDestination destination);
}
