using EdgeOracle.Protocol;

namespace EdgeOracle.Gateway.Chain;

/// <summary>How one relay attempt ended.</summary>
public enum RelayStatus
{
    /// <summary>Mined with status 1 and confirmed.</summary>
    Relayed,

    /// <summary>Reverted; recorded as failed and not retried.</summary>
    Failed,

    /// <summary>A transient (RPC) error; another attempt is scheduled.</summary>
    Retrying,

    /// <summary>Stored, but no contract takes it (the error says why); never sent, not retried.</summary>
    NotRelayed,
}

/// <summary>The result of one relay attempt of an outbox row.</summary>
/// <param name="OutboxId">The outbox row.</param>
/// <param name="Device">The message's device.</param>
/// <param name="Sequence">The message's sequence.</param>
/// <param name="Kind">Observation or payment.</param>
/// <param name="Status">How the attempt ended.</param>
/// <param name="TransactionHash">The transaction, if one was sent.</param>
/// <param name="Error">Revert reason or RPC error, if any.</param>
/// <param name="Attempts">Attempts so far, this one included.</param>
public sealed record RelayOutcome(
    long OutboxId,
    Address Device,
    ulong Sequence,
    MessageKind Kind,
    RelayStatus Status,
    string? TransactionHash,
    string? Error,
    int Attempts);
