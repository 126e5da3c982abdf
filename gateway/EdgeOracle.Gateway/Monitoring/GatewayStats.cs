using System.Collections.Generic;

namespace EdgeOracle.Gateway.Monitoring;

/// <summary>A point-in-time copy of the gateway's counters since start.</summary>
/// <param name="Messages">Messages answered, by reason name (every reason, zeros included).</param>
/// <param name="Received">All messages answered.</param>
/// <param name="Relayed">Relay attempts that ended mined and confirmed.</param>
/// <param name="RelayFailed">Relay attempts that ended in a revert.</param>
/// <param name="RelayRetries">Relay attempts that hit a transient error and were rescheduled.</param>
/// <param name="NotRelayed">Stored messages no contract takes (stored, not relayed).</param>
public sealed record GatewayStats(
    IReadOnlyDictionary<string, long> Messages,
    long Received,
    long Relayed,
    long RelayFailed,
    long RelayRetries,
    long NotRelayed = 0);
