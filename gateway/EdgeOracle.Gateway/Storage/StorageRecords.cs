using System;
using EdgeOracle.Protocol;

namespace EdgeOracle.Gateway.Storage;

/// <summary>The last stored message of a device: what its next message must point at.</summary>
public readonly record struct DeviceHead(ulong Sequence, Bytes32 Digest);

/// <summary>A verified message ready to be stored, with its raw payload (envelope or payment submission).</summary>
public sealed record NewMessage(
    Address Device,
    ulong Sequence,
    MessageKind Kind,
    Bytes32 Digest,
    Bytes32 PrevHash,
    ReadOnlyMemory<byte> Payload,
    DateTimeOffset ReceivedAt)
{
    /// <summary>Whether an outbox row is queued for the chain; false for a terminal's void, which has nothing to settle.</summary>
    public bool Relayable { get; init; } = true;
}

/// <summary>Result of <see cref="IMessageStore.AppendAsync"/>.</summary>
public enum AppendResult
{
    /// <summary>The message, the new head and the outbox row were written in one transaction.</summary>
    Appended,

    /// <summary>Nothing was written: the device's head was not the expected one (another writer got there first), or the sequence was not above it.</summary>
    HeadMoved,
}

/// <summary>State of an outbox row.</summary>
public enum OutboxStatus
{
    /// <summary>Waiting to be sent (first time or after a transient error).</summary>
    Pending = 0,

    /// <summary>
    /// A transaction was signed and recorded (hash and nonce) and is being sent, or was sent and is not yet confirmed.
    /// After a restart the relayer looks the hash up before it sends anything again.
    /// </summary>
    Submitted = 1,

    /// <summary>Mined with status 1 and confirmed (<c>Chain:Confirmations</c> deep), or found on chain already.</summary>
    Relayed = 2,

    /// <summary>Reverted (at estimation or on chain); not retried.</summary>
    Failed = 3,

    /// <summary>
    /// Stored (and anchored) but taken by no contract: e.g. a reading of a metric no product of its sensor's region
    /// uses. Never sent; the error says why.
    /// </summary>
    NotRelayed = 4,
}

/// <summary>An outbox row with the payload of its message.</summary>
public sealed record OutboxItem(
    long Id,
    Address Device,
    ulong Sequence,
    MessageKind Kind,
    OutboxStatus Status,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? TransactionHash,
    byte[] Payload)
{
    /// <summary>The relayer-account nonce of <see cref="TransactionHash"/>, recorded with it before it was sent.</summary>
    public long? TransactionNonce { get; init; }
}

/// <summary>How many outbox rows are in each state.</summary>
/// <param name="Pending">Waiting to be sent.</param>
/// <param name="Submitted">Sent, not yet confirmed.</param>
/// <param name="Relayed">On chain.</param>
/// <param name="Failed">Refused by the chain, not retried.</param>
/// <param name="NotRelayed">Stored, but taken by no contract.</param>
public readonly record struct OutboxCounts(long Pending, long Submitted, long Relayed, long Failed, long NotRelayed = 0);
