using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using EdgeOracle.Gateway.Monitoring;

namespace EdgeOracle.Gateway.Chain;

/// <summary>A point-in-time copy of the relayer's transaction counters since start.</summary>
/// <param name="InFlight">Rows holding a transaction that is not yet confirmed, now.</param>
/// <param name="AwaitingConfirmations">Of those, the ones mined and waiting for the confirmation depth.</param>
/// <param name="MaxInFlight">The most transactions that were sent (or being sent) and not yet seen mined at once.</param>
/// <param name="Sent">Transactions the node accepted (first sends, bumps and resends).</param>
/// <param name="Bumps">Stuck transactions replaced with higher fees at the same nonce.</param>
/// <param name="Resends">Transactions sent again because the node forgot the earlier one (dropped, or reorganised away).</param>
/// <param name="Reorgs">Mined transactions whose block was reorganised away before the confirmation depth.</param>
/// <param name="GapFills">Nonce gaps filled with a zero-value transfer so that later transactions could be mined.</param>
public sealed record RelayerStats(int InFlight, int AwaitingConfirmations, int MaxInFlight, long Sent, long Bumps, long Resends, long Reorgs, long GapFills);

/// <summary>
/// The relayer's transaction counters on the gateway meter (<see cref="GatewayMetrics.MeterName"/>):
/// <c>eo.gateway.relay.in_flight</c> and <c>eo.gateway.relay.awaiting_confirmations</c> (gauges), <c>eo.gateway.relay.transactions</c> tagged <c>kind</c> (sent, bump,
/// resend, gap_fill) and <c>eo.gateway.relay.reorgs</c>, plus in-memory totals that tests read.
/// </summary>
public sealed class RelayerMetrics
{
    private readonly Counter<long> _transactions;
    private readonly Counter<long> _reorgs;
    private int _inFlight;
    private int _awaiting;
    private int _maxUnmined;
    private long _sent;
    private long _bumps;
    private long _resends;
    private long _reorgCount;
    private long _gapFills;

    /// <summary>Creates the instruments through the host's factory.</summary>
    public RelayerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        meter.CreateObservableGauge("eo.gateway.relay.in_flight", () => Volatile.Read(ref _inFlight), "{transaction}", "Rows holding a transaction that is not yet confirmed.");
        meter.CreateObservableGauge("eo.gateway.relay.awaiting_confirmations", () => Volatile.Read(ref _awaiting), "{transaction}", "Mined relay transactions waiting for the confirmation depth.");
        _transactions = meter.CreateCounter<long>("eo.gateway.relay.transactions", "{transaction}", "Relayer transactions the node accepted, tagged with why they were sent.");
        _reorgs = meter.CreateCounter<long>("eo.gateway.relay.reorgs", "{transaction}", "Mined transactions whose block was reorganised away before the confirmation depth.");
    }

    /// <summary>Sets the in-flight numbers: rows in flight, of which not yet seen mined and mined awaiting the depth.</summary>
    public void SetInFlight(int inFlight, int unmined, int awaitingConfirmations)
    {
        Volatile.Write(ref _inFlight, inFlight);
        Volatile.Write(ref _awaiting, awaitingConfirmations);
        int seen;
        while (unmined > (seen = Volatile.Read(ref _maxUnmined)) && Interlocked.CompareExchange(ref _maxUnmined, unmined, seen) != seen)
        {
        }
    }

    /// <summary>Counts a transaction the node accepted; <paramref name="bump"/> and <paramref name="resend"/> say why it was sent.</summary>
    public void Sent(bool bump, bool resend)
    {
        Interlocked.Increment(ref _sent);
        if (bump)
        {
            Interlocked.Increment(ref _bumps);
        }

        if (resend)
        {
            Interlocked.Increment(ref _resends);
        }

        _transactions.Add(1, new KeyValuePair<string, object?>("kind", bump ? "bump" : resend ? "resend" : "sent"));
    }

    /// <summary>Counts a gap-filling transfer.</summary>
    public void GapFilled()
    {
        Interlocked.Increment(ref _gapFills);
        _transactions.Add(1, new KeyValuePair<string, object?>("kind", "gap_fill"));
    }

    /// <summary>Counts a transaction whose block was reorganised away.</summary>
    public void Reorganised()
    {
        Interlocked.Increment(ref _reorgCount);
        _reorgs.Add(1);
    }

    /// <summary>A copy of the counters.</summary>
    public RelayerStats Snapshot() => new(
        Volatile.Read(ref _inFlight),
        Volatile.Read(ref _awaiting),
        Volatile.Read(ref _maxUnmined),
        Interlocked.Read(ref _sent),
        Interlocked.Read(ref _bumps),
        Interlocked.Read(ref _resends),
        Interlocked.Read(ref _reorgCount),
        Interlocked.Read(ref _gapFills));
}
