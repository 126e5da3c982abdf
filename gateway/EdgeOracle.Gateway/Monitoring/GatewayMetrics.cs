using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Protocol;

namespace EdgeOracle.Gateway.Monitoring;

/// <summary>
/// Counts every answer by reason and every relay attempt by outcome, as <see cref="System.Diagnostics.Metrics"/>
/// counters (for OpenTelemetry/Prometheus exporters) and as in-memory totals that tests and the console read.
/// </summary>
public sealed class GatewayMetrics
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "EdgeOracle.Gateway";

    private readonly Counter<long> _messages;
    private readonly Counter<long> _relays;
    private readonly long[] _byReason = new long[256];
    private long _relayed;
    private long _relayFailed;
    private long _relayRetries;
    private long _relayNotRelayed;

    /// <summary>Creates the meter through the host's factory.</summary>
    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _messages = meter.CreateCounter<long>("eo.gateway.messages", "{message}", "Messages answered, tagged with their reason.");
        _relays = meter.CreateCounter<long>("eo.gateway.relays", "{attempt}", "Relay attempts, tagged with their outcome.");
    }

    /// <summary>Counts one answered message.</summary>
    public void RecordMessage(ReasonCode reason)
    {
        Interlocked.Increment(ref _byReason[(byte)reason]);
        _messages.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
    }

    /// <summary>Counts one relay attempt.</summary>
    public void RecordRelay(RelayStatus status)
    {
        switch (status)
        {
            case RelayStatus.Relayed:
                Interlocked.Increment(ref _relayed);
                break;
            case RelayStatus.Failed:
                Interlocked.Increment(ref _relayFailed);
                break;
            case RelayStatus.NotRelayed:
                Interlocked.Increment(ref _relayNotRelayed);
                break;
            default:
                Interlocked.Increment(ref _relayRetries);
                break;
        }

        _relays.Add(1, new KeyValuePair<string, object?>("outcome", status.ToString()));
    }

    /// <summary>How many messages were answered with <paramref name="reason"/>.</summary>
    public long Count(ReasonCode reason) => Interlocked.Read(ref _byReason[(byte)reason]);

    /// <summary>A copy of all counters.</summary>
    public GatewayStats Snapshot()
    {
        var messages = new Dictionary<string, long>();
        long received = 0;
        foreach (var reason in Enum.GetValues<ReasonCode>())
        {
            var count = Count(reason);
            messages[reason.ToString()] = count;
            received += count;
        }

        return new GatewayStats(
            messages,
            received,
            Interlocked.Read(ref _relayed),
            Interlocked.Read(ref _relayFailed),
            Interlocked.Read(ref _relayRetries),
            Interlocked.Read(ref _relayNotRelayed));
    }
}
