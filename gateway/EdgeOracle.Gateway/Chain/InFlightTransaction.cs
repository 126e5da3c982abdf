using System;
using System.Collections.Generic;
using System.Linq;
using EdgeOracle.Gateway.Storage;

namespace EdgeOracle.Gateway.Chain;

/// <summary>Where an in-flight row stands.</summary>
internal enum InFlightState
{
    /// <summary>To be estimated, signed, recorded and sent (first time, or again after its transaction vanished).</summary>
    Prepare,

    /// <summary>Signed and recorded; the node has not taken it yet (it was unreachable).</summary>
    Broadcast,

    /// <summary>In the node's pool or mined (<see cref="InFlightTransaction.Mined"/>), not yet confirmed.</summary>
    Pending,
}

/// <summary>
/// One transaction the relayer is working on: the outbox rows it carries (one, or a batch for PaymentHub,
/// RevenueDistributor and a QuorumInsurance round) and the nonce it holds.
/// Every transaction sent at the nonce (the first and each fee bump) is remembered, because any of them may be the one
/// that gets mined.
/// </summary>
internal sealed class InFlightTransaction(IReadOnlyList<OutboxItem> rows, RelayCall call)
{
    /// <summary>The rows, in call order (<see cref="RelayCall.Items"/> has the same order).</summary>
    public IReadOnlyList<OutboxItem> Rows { get; } = rows;

    /// <summary>The outbox ids of <see cref="Rows"/>, in the same order.</summary>
    public IReadOnlyList<long> RowIds { get; } = rows.Select(r => r.Id).ToArray();

    /// <summary>The first row: the one named in log lines.</summary>
    public OutboxItem Row => Rows[0];

    public RelayCall Call { get; } = call;

    public InFlightState State { get; set; } = InFlightState.Prepare;

    /// <summary>The relayer-account nonce held, or −1 (none yet, or its slot was taken by another transaction).</summary>
    public long Nonce { get; set; } = -1;

    public long GasLimit { get; set; }

    /// <summary>Fees of the latest transaction signed at <see cref="Nonce"/>; null when not known (adopted after a restart).</summary>
    public ChainFees? Fees { get; set; }

    /// <summary>The latest transaction signed, the one to (re)send.</summary>
    public SignedTransaction? Current { get; set; }

    /// <summary>Hashes of every transaction sent at <see cref="Nonce"/>, oldest first.</summary>
    public List<string> Hashes { get; } = [];

    /// <summary>The receipt seen while waiting for the confirmation depth; null while not in a block.</summary>
    public ChainReceipt? Mined { get; set; }

    /// <summary>When the latest transaction was sent: a bump is due <c>Chain:BumpAfter</c> later.</summary>
    public DateTimeOffset SentAt { get; set; }

    /// <summary>Not before this (backoff after a transient error).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Attempts that hit a transient error, the row's earlier ones included.</summary>
    public int Attempts { get; set; } = MaxAttempts(rows);

    /// <summary>
    /// True when the last look found none of its transactions at the node. It is sent again only if the next look
    /// (a round later) finds them gone too.
    /// </summary>
    public bool Missing { get; set; }

    /// <summary>True from a resend (the node forgot the earlier transaction) until the new one is accepted.</summary>
    public bool Resent { get; set; }

    /// <summary>Transactions of this row that were mined without effect (reverted, or no event) while the call still estimates fine.</summary>
    public int IneffectiveMined { get; set; }

    /// <summary>True once a bump was refused by the fee cap (logged once).</summary>
    public bool AtFeeCap { get; set; }

    /// <summary>True until its receipt was looked for after the latest send.</summary>
    public bool Unchecked { get; set; } = true;

    /// <summary>Whether it counts against <c>Chain:MaxInFlight</c>: sent or about to be, and not in a block.</summary>
    public bool Unmined => Mined is null;

    private static int MaxAttempts(IReadOnlyList<OutboxItem> rows)
    {
        var attempts = 0;
        foreach (var row in rows)
        {
            attempts = row.Attempts > attempts ? row.Attempts : attempts;
        }

        return attempts;
    }
}
