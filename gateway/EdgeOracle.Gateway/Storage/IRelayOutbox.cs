using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace EdgeOracle.Gateway.Storage;

/// <summary>The queue of stored messages that still have to reach the chain, in per-device order.</summary>
public interface IRelayOutbox
{
    /// <summary>
    /// The oldest <paramref name="perDevice"/> open rows (Pending or Submitted) of each device, at most
    /// <paramref name="max"/> rows in all: payment rows first, then the others, each oldest first (a tap waits for its
    /// customer; a device sends one kind only, so its order holds). Offering each device's next rows only (not its
    /// whole backlog) keeps one busy device from filling a round, and one device waiting out a backoff does not hold up
    /// the others.
    /// </summary>
    Task<IReadOnlyList<OutboxItem>> GetNextPerDeviceAsync(int max, int perDevice, CancellationToken cancellationToken);

    /// <summary>
    /// Every Submitted row with its payload, oldest first: the transactions a relayer had in flight when it stopped,
    /// which it follows by hash before it sends anything new.
    /// </summary>
    Task<IReadOnlyList<OutboxItem>> GetSubmittedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records the signed transaction of the row (status Submitted, its hash and nonce) BEFORE it is sent, so that a
    /// crash between sending and recording cannot leave a transaction the relayer does not know about.
    /// </summary>
    /// <remarks>Every row of every transaction given is recorded in one write (a round's transactions together).</remarks>
    Task MarkSubmittedAsync(IReadOnlyList<SubmittedTransaction> transactions, CancellationToken cancellationToken);

    /// <summary>Records success with the transaction hash and block number, for every row in one write.</summary>
    Task MarkRelayedAsync(IReadOnlyList<long> ids, string transactionHash, long blockNumber, CancellationToken cancellationToken);

    /// <summary>Records a permanent failure (a revert) with its reason.</summary>
    Task MarkFailedAsync(long id, string? transactionHash, string error, CancellationToken cancellationToken);

    /// <summary>Ends the row as stored but not relayed: no contract takes it (<paramref name="reason"/> says why); never sent.</summary>
    Task MarkNotRelayedAsync(long id, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Schedules another attempt at <paramref name="nextAttemptAt"/>, keeping the status and the transaction: a Pending
    /// row is estimated and sent again, a Submitted row's recorded transaction is sent or looked up again.
    /// </summary>
    Task ScheduleRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken);

    /// <summary>How many rows are in each state.</summary>
    Task<OutboxCounts> CountAsync(CancellationToken cancellationToken);
}

/// <summary>A signed relay transaction about to be sent: the outbox rows it carries, its hash and its nonce.</summary>
/// <param name="Ids">The outbox ids of the rows (one, or a batch).</param>
/// <param name="TransactionHash">The signed transaction's hash.</param>
/// <param name="Nonce">The relayer-account nonce it was signed with.</param>
public sealed record SubmittedTransaction(IReadOnlyList<long> Ids, string TransactionHash, long Nonce);

/// <summary>How many open rows <see cref="IRelayOutbox.GetNextPerDeviceAsync"/> looks at.</summary>
public static class OutboxScan
{
    /// <summary>
    /// The oldest open rows ranked per device for a request of <paramref name="max"/> rows. A device's oldest rows are
    /// among the oldest rows of all, so ranking only these gives the same answer as ranking the whole backlog, at a
    /// cost that no longer grows with it; only when a few devices fill the scan with more than their share do the
    /// others wait for a later round.
    /// </summary>
    public static int For(int max) => (int)System.Math.Min(4L * max, 65_536);
}
