using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Pipeline;

namespace EdgeOracle.Gateway.Ingress;

/// <summary>
/// The <see cref="IIngressSink"/> of the gateway: messages go to the <see cref="MessagePipeline"/> as they are (no
/// hand-off, no allocation of its own), acks to the registered destinations in the order they registered.
/// </summary>
public sealed class IngressSink(MessagePipeline pipeline) : IIngressSink
{
    private readonly Lock _gate = new();
    private volatile IAckDestination[] _destinations = [];

    /// <inheritdoc />
    public Task<PipelineOutcome> SubmitAsync(IngressMessage message, CancellationToken cancellationToken) =>
        pipeline.ProcessAsync(message, cancellationToken);

    /// <inheritdoc />
    public ValueTask RouteAckAsync(PipelineOutcome outcome, bool deviceHasAck)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var destinations = _destinations;
        if (outcome.AckDevice is null || destinations.Length == 0 || (deviceHasAck && !AnyMonitors(destinations)))
        {
            // The hot path of the device endpoint: its own write answered the device, and nobody else listens.
            return default;
        }

        return RouteAsync(destinations, outcome, deviceHasAck);
    }

    /// <inheritdoc />
    public void AddAckDestination(IAckDestination destination)
    {
        lock (_gate)
        {
            _destinations = [.. _destinations, destination];
        }
    }

    /// <inheritdoc />
    public void RemoveAckDestination(IAckDestination destination)
    {
        lock (_gate)
        {
            _destinations = Array.FindAll(_destinations, d => !ReferenceEquals(d, destination));
        }
    }

    private static bool AnyMonitors(IAckDestination[] destinations)
    {
        foreach (var destination in destinations)
        {
            if (destination.HasAckMonitors)
            {
                return true;
            }
        }

        return false;
    }

    private static async ValueTask RouteAsync(IAckDestination[] destinations, PipelineOutcome outcome, bool deviceHasAck)
    {
        var device = outcome.AckDevice!.Value;
        var ack = outcome.ToAcknowledgement().ToArray();
        foreach (var destination in destinations)
        {
            deviceHasAck = await destination.DeliverAsync(device, ack, deviceHasAck).ConfigureAwait(false);
        }
    }
}
