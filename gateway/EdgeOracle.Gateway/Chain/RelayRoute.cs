using EdgeOracle.Gateway.Storage;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Wire;

namespace EdgeOracle.Gateway.Chain;

/// <summary>
/// Which contract a stored message goes to: payments to PaymentHub (in batches); energy readings (metric
/// <see cref="EnergyMetric"/>) to RevenueDistributor when one is configured (in batches); every other observation to
/// ParametricInsurance, one per transaction.
/// </summary>
public static class RelayRoute
{
    /// <summary>The metric code of an energy-production reading, watt-hours per window (RevenueDistributor.METRIC_ENERGY).</summary>
    public const uint EnergyMetric = 6;

    /// <summary>The target of <paramref name="row"/>; a payload that cannot be read goes by its kind (building its call then fails with the reason).</summary>
    public static RelayTarget Of(OutboxItem row, RelayAddresses addresses)
    {
        System.ArgumentNullException.ThrowIfNull(row);
        System.ArgumentNullException.ThrowIfNull(addresses);
        if (row.Kind == MessageKind.PaymentIntent)
        {
            return RelayTarget.PaymentHub;
        }

        return !string.IsNullOrEmpty(addresses.RevenueDistributor)
            && EnvelopeDecoder.ReadObservation(row.Payload, out var envelope) == ReasonCode.Accepted
            && envelope!.Body.Metric == EnergyMetric
            ? RelayTarget.RevenueDistributor
            : RelayTarget.Insurance;
    }

    /// <summary>Whether calls to <paramref name="target"/> carry several messages.</summary>
    public static bool Batches(RelayTarget target) => target != RelayTarget.Insurance;
}
