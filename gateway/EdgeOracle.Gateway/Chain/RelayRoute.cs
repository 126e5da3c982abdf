using EdgeOracle.Gateway.Storage;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Wire;

namespace EdgeOracle.Gateway.Chain;

/// <summary>
/// Which contract a stored message goes to: payments in the intent's own token to PaymentHub (in batches), cross-border
/// ones to its settleCrossBorder (one per transaction); energy readings (metric
/// <see cref="EnergyMetric"/>) to RevenueDistributor when one is configured (in batches); observations of a sensor in a
/// QuorumInsurance region to QuorumInsurance (one round per region, metric and window). No contract takes the
/// observations of a sensor in no region: they are stored and anchored, and marked "stored, not relayed" with
/// <see cref="NotTaken"/> as the reason.
/// </summary>
public static class RelayRoute
{
    /// <summary>The metric code of an energy-production reading, watt-hours per window (RevenueDistributor.METRIC_ENERGY).</summary>
    public const uint EnergyMetric = 6;

    /// <summary>
    /// The target of <paramref name="row"/>; a payload that cannot be read goes by its kind (building its call then
    /// fails with the reason). A sensor goes to QuorumInsurance once its membership is known to
    /// <see cref="RelayAddresses.Regions"/> (the relayer resolves it first; see <see cref="NeedsMembership"/>).
    /// </summary>
    public static RelayTarget Of(OutboxItem row, RelayAddresses addresses)
    {
        System.ArgumentNullException.ThrowIfNull(row);
        System.ArgumentNullException.ThrowIfNull(addresses);
        if (row.Kind == MessageKind.PaymentIntent)
        {
            return row.Payload.Length == WireFormat.CrossBorderSubmissionSize ? RelayTarget.CrossBorder : RelayTarget.PaymentHub;
        }

        if (EnvelopeDecoder.ReadObservation(row.Payload, out var envelope) != ReasonCode.Accepted)
        {
            // Building the round fails with the reason.
            return RelayTarget.Quorum;
        }

        if (envelope!.Body.Metric == EnergyMetric && !string.IsNullOrEmpty(addresses.RevenueDistributor))
        {
            return RelayTarget.RevenueDistributor;
        }

        return !string.IsNullOrEmpty(addresses.QuorumInsurance)
            && addresses.Regions.TryGet(envelope.Body.Device, out var membership) && membership.InRegion
            ? RelayTarget.Quorum
            : RelayTarget.None;
    }

    /// <summary>Why no contract takes <paramref name="row"/> (routed to <see cref="RelayTarget.None"/>): the row's "not relayed" reason.</summary>
    public static string NotTaken(OutboxItem row, RelayAddresses addresses)
    {
        System.ArgumentNullException.ThrowIfNull(row);
        System.ArgumentNullException.ThrowIfNull(addresses);
        if (string.IsNullOrEmpty(addresses.QuorumInsurance))
        {
            return "no contract takes observations: Chain:QuorumInsuranceAddress is not set and the deployment file names no QuorumInsurance";
        }

        return $"sensor {row.Device} is in no QuorumInsurance region (an insurer's createRegion puts it in one; readings from then on are relayed)";
    }

    /// <summary>The sensor whose QuorumInsurance membership decides the route of <paramref name="row"/>, if any.</summary>
    public static bool NeedsMembership(OutboxItem row, RelayAddresses addresses, out Address sensor)
    {
        System.ArgumentNullException.ThrowIfNull(row);
        System.ArgumentNullException.ThrowIfNull(addresses);
        sensor = default;
        if (row.Kind != MessageKind.Observation || string.IsNullOrEmpty(addresses.QuorumInsurance)
            || EnvelopeDecoder.ReadObservation(row.Payload, out var envelope) != ReasonCode.Accepted
            || (envelope!.Body.Metric == EnergyMetric && !string.IsNullOrEmpty(addresses.RevenueDistributor)))
        {
            return false;
        }

        sensor = envelope.Body.Device;
        return true;
    }

    /// <summary>
    /// The batch <paramref name="row"/> may share a call with: its target, and for a round its region, metric and
    /// window (rows of other windows make other rounds).
    /// </summary>
    public static RelayBatch BatchOf(OutboxItem row, RelayTarget target, RelayAddresses addresses)
    {
        System.ArgumentNullException.ThrowIfNull(row);
        System.ArgumentNullException.ThrowIfNull(addresses);
        if (target != RelayTarget.Quorum
            || EnvelopeDecoder.ReadObservation(row.Payload, out var envelope) != ReasonCode.Accepted
            || !addresses.Regions.TryGet(envelope!.Body.Device, out var membership))
        {
            return new RelayBatch(target, default, 0);
        }

        return new RelayBatch(target, QuorumItems.KeyOf(envelope.Body, membership), membership.RegionSize);
    }

    /// <summary>Whether calls to <paramref name="target"/> carry several messages.</summary>
    public static bool Batches(RelayTarget target) => target is not (RelayTarget.None or RelayTarget.CrossBorder);
}

/// <summary>What rows may share one call: the same target and, for QuorumInsurance, the same round.</summary>
/// <param name="Target">The contract.</param>
/// <param name="Round">The round (QuorumInsurance only).</param>
/// <param name="RegionSize">The round's region size: a round is full with that many readings (QuorumInsurance only).</param>
public readonly record struct RelayBatch(RelayTarget Target, RoundKey Round, int RegionSize);
