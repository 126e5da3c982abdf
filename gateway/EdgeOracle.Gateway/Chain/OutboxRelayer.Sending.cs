using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Storage;

namespace EdgeOracle.Gateway.Chain;

/// <summary>Estimating, signing, recording and sending; bumping a stuck transaction and sending again a vanished one.</summary>
public sealed partial class OutboxRelayer
{
    /// <summary>Gas limit over the estimate: state can change between estimation and inclusion (policies settled by an observation).</summary>
    private const int GasMarginPercent = 25;

    /// <summary>How often a row is sent again after its transaction was mined without effect while the call still estimates fine.</summary>
    private const int MaxIneffectiveMined = 3;

    /// <summary>
    /// Estimates the row's call (unless <paramref name="estimate"/> is given), then either ends the row (already on
    /// chain, reverted), waits out a backoff (transient), or signs a transaction at the held nonce (or a new one),
    /// records it and sends it.
    /// </summary>
    private async Task PrepareAsync(InFlightTransaction entry, Estimate? estimate, List<RelayOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (await SignAsync(entry, estimate, outcomes, cancellationToken).ConfigureAwait(false) is { } signed)
        {
            await RecordAndSendAsync([signed], outcomes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <see cref="PrepareAsync"/> up to the signature: the transaction to record and send, or null when the entry
    /// ended or waits out a backoff.
    /// </summary>
    private async Task<Signed?> SignAsync(InFlightTransaction entry, Estimate? estimate, List<RelayOutcome> outcomes, CancellationToken cancellationToken)
    {
        var answer = estimate ?? await _chain.EstimateAsync(entry.Call, cancellationToken).ConfigureAwait(false);
        switch (answer.Status)
        {
            case EstimateStatus.AlreadyOnChain:
                // Exactly once: an earlier transaction (ours before a crash or a drop, or anyone's) put the effect on chain.
                ReleaseNonce(entry);
                await _outbox.MarkRelayedAsync(entry.RowIds, string.Empty, 0, cancellationToken).ConfigureAwait(false);
                foreach (var row in entry.Rows)
                {
                    Log.AlreadyOnChain(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, answer.Error ?? string.Empty);
                }

                Finish(entry, RelayStatus.Relayed, null, answer.Error, outcomes);
                return null;
            case EstimateStatus.NotTaken:
                ReleaseNonce(entry);
                Untrack(entry);
                foreach (var row in entry.Rows)
                {
                    await NotRelayedAsync(row with { Attempts = entry.Attempts }, answer.Error ?? "no contract takes it", outcomes, cancellationToken).ConfigureAwait(false);
                }

                return null;
            case EstimateStatus.Reverted when entry.Rows.Count > 1:
                // The batched contracts skip bad items; a batch that reverts whole is split so one bad row cannot hold the rest.
                ReleaseNonce(entry);
                Isolate(entry, answer.Error ?? "reverted");
                return null;
            case EstimateStatus.Reverted:
                ReleaseNonce(entry);
                Untrack(entry);
                await FailAsync(entry.Row with { Attempts = entry.Attempts }, null, answer.Error ?? "reverted", outcomes, cancellationToken).ConfigureAwait(false);
                return null;
            case EstimateStatus.Transient:
                await RetryLaterAsync(entry, InFlightState.Prepare, answer.Error ?? "RPC error", outcomes, cancellationToken).ConfigureAwait(false);
                return null;
        }

        entry.GasLimit = GasLimitFor(answer);
        var fees = FeePolicy.Initial(await FeesAsync(cancellationToken).ConfigureAwait(false), _feeCap);
        if (entry.Fees is { } earlier)
        {
            fees = FeePolicy.AtLeast(fees, earlier);
        }

        if (entry.Nonce < 0)
        {
            // Nonces held by rows taken over from an earlier run are never handed out again.
            var held = _inFlight.Values.Max(e => e.Nonce);
            if (held >= 0)
            {
                await _chain.Nonces.EnsureAtLeastAsync(held + 1, cancellationToken).ConfigureAwait(false);
            }

            entry.Nonce = await _chain.Nonces.TakeAsync(cancellationToken).ConfigureAwait(false);
        }

        return Sign(entry, fees);
    }

    /// <summary>Signs the call at the entry's nonce with <paramref name="fees"/>.</summary>
    private Signed Sign(InFlightTransaction entry, ChainFees fees) =>
        new(entry, _chain.Sign(TransactionDraft.For(entry.Call, entry.Nonce, entry.GasLimit, fees)), fees);

    /// <summary>
    /// Records the hash and nonce of every signed transaction in the outbox, all in one write, then sends them in
    /// nonce order. Durable before the node sees them: after a crash the relayer knows these hashes and looks them up
    /// instead of sending blind.
    /// </summary>
    private async Task RecordAndSendAsync(IReadOnlyList<Signed> signed, List<RelayOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (signed.Count == 0)
        {
            return;
        }

        await _outbox.MarkSubmittedAsync(signed.Select(s => new SubmittedTransaction(s.Entry.RowIds, s.Transaction.Hash, s.Entry.Nonce)).ToArray(), cancellationToken)
            .ConfigureAwait(false);
        foreach (var (entry, transaction, fees) in signed)
        {
            entry.Current = transaction;
            entry.Fees = fees;
            entry.Hashes.Add(transaction.Hash);
        }

        foreach (var one in signed)
        {
            await BroadcastAsync(one.Entry, outcomes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the entry's latest signed transaction and sorts the node's answer.</summary>
    private async Task BroadcastAsync(InFlightTransaction entry, List<RelayOutcome> outcomes, CancellationToken cancellationToken)
    {
        var transaction = entry.Current!;
        var result = await _chain.BroadcastAsync(transaction, cancellationToken).ConfigureAwait(false);
        var row = entry.Row;
        switch (result.Status)
        {
            case BroadcastStatus.Accepted:
                _relayerMetrics.Sent(bump: entry.Hashes.Count > 1, resend: entry.Resent);
                entry.Resent = false;
                entry.State = InFlightState.Pending;
                entry.SentAt = _timeProvider.GetUtcNow();
                entry.Unchecked = true;
                Log.Sent(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, transaction.Hash, entry.Nonce, Gwei(entry.Fees!.Value.MaxFeePerGas));
                if (entry.Rows.Count > 1)
                {
                    Log.BatchSent(_logger, entry.Rows.Count, entry.Call.Target.ToString(), transaction.Hash, entry.Nonce);
                }

                return;

            case BroadcastStatus.NonceTooLow:
                // The nonce is used: by an earlier copy of ours that got mined, or by another sender. Following the
                // entry finds the earlier copy's receipt, or finds the transaction gone and sends it with a new nonce.
                Log.NonceConflict(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, entry.Nonce, result.Error ?? string.Empty);
                await _chain.Nonces.ResyncAsync(cancellationToken).ConfigureAwait(false);
                entry.State = InFlightState.Pending;
                entry.Unchecked = true;
                return;

            case BroadcastStatus.Underpriced when entry.Hashes.Count > 1:
                // A bump the node found too small: keep following the transaction it holds; the next bump offers more
                // (entry.Fees stays at what was refused). The row names the held transaction again.
                entry.Hashes.RemoveAt(entry.Hashes.Count - 1);
                entry.Current = null;
                await MarkSubmittedAsync(entry, entry.Hashes[^1], cancellationToken).ConfigureAwait(false);
                entry.State = InFlightState.Pending;
                entry.SentAt = _timeProvider.GetUtcNow();
                Log.BumpRefused(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, entry.Nonce, result.Error ?? string.Empty);
                return;

            case BroadcastStatus.Underpriced:
                // A transaction this relayer does not know holds the nonce in the pool: move to a fresh nonce.
                Log.NonceConflict(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, entry.Nonce, result.Error ?? string.Empty);
                await _chain.Nonces.ResyncAsync(cancellationToken).ConfigureAwait(false);
                entry.Nonce = -1;
                entry.Hashes.Clear();
                entry.Current = null;
                entry.State = InFlightState.Prepare;
                entry.NextAttemptAt = _timeProvider.GetUtcNow();
                return;

            case BroadcastStatus.FeeTooLow:
                // Never in the pool: forget its hash and sign again, at the same nonce, with the fees of the next round.
                entry.Hashes.RemoveAt(entry.Hashes.Count - 1);
                entry.Current = null;
                await RetryLaterAsync(entry, InFlightState.Prepare, result.Error ?? "fee too low", outcomes, cancellationToken).ConfigureAwait(false);
                return;

            default:
                await RetryLaterAsync(entry, InFlightState.Broadcast, result.Error ?? "RPC error", outcomes, cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>The gas limit a transaction gets for <paramref name="estimate"/>: the estimate plus the margin.</summary>
    private static long GasLimitFor(Estimate estimate) => estimate.GasLimit + (estimate.GasLimit * GasMarginPercent / 100);

    /// <summary>Replaces a transaction that was not mined within <c>Chain:BumpAfter</c>: same nonce and call, fees up by at least an eighth.</summary>
    private async Task BumpAsync(InFlightTransaction entry, List<RelayOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (entry.Fees is not { } current || entry.GasLimit == 0)
        {
            // Taken over after a restart: what the held transaction pays is read from the node.
            if (await _chain.FindTransactionAsync(entry.Hashes[^1], cancellationToken).ConfigureAwait(false) is not { } known)
            {
                entry.Unchecked = true;
                return;
            }

            (entry.Nonce, entry.GasLimit, entry.Fees) = (known.Nonce, known.GasLimit, known.Fees);
            current = known.Fees;
        }

        var row = entry.Row;
        if (!FeePolicy.TryBump(current, await FeesAsync(cancellationToken).ConfigureAwait(false), _feeCap, out var bumped))
        {
            if (!entry.AtFeeCap)
            {
                entry.AtFeeCap = true;
                Log.AtFeeCap(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, entry.Nonce, _options.MaxFeePerGasGwei);
            }

            entry.SentAt = _timeProvider.GetUtcNow();
            return;
        }

        Log.Bumping(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, entry.Nonce, Gwei(current.MaxFeePerGas), Gwei(bumped.MaxFeePerGas));
        await RecordAndSendAsync([Sign(entry, bumped)], outcomes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The node knows none of the entry's transactions (dropped, or its block reorganised away and the transaction not
    /// taken back): estimate and send again, at the same nonce while no other transaction used it. The contracts refuse
    /// a second effect, so a late first copy is harmless; an estimate that finds the effect on chain ends the row.
    /// </summary>
    private async Task ResendAsync(InFlightTransaction entry, List<RelayOutcome> outcomes, CancellationToken cancellationToken)
    {
        var row = entry.Row;
        Log.Resending(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, entry.Hashes.LastOrDefault() ?? string.Empty);
        if (entry.Nonce >= 0 && entry.Nonce < await _chain.GetNonceAsync(pending: false, cancellationToken).ConfigureAwait(false))
        {
            // Its slot was used by another transaction: a fresh nonce.
            entry.Nonce = -1;
        }

        entry.Hashes.Clear();
        entry.Current = null;
        entry.Mined = null;
        entry.Resent = true;
        entry.State = InFlightState.Prepare;
        await PrepareAsync(entry, null, outcomes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A transient error: the row keeps its place (and the entry its nonce) and is tried again after a backoff. A row
    /// that holds no nonce yet leaves the in-flight set, so that its device's slot is not held while it waits.
    /// </summary>
    private async Task RetryLaterAsync(InFlightTransaction entry, InFlightState state, string error, List<RelayOutcome> outcomes, CancellationToken cancellationToken)
    {
        entry.Attempts++;
        var delay = Backoff(entry.Attempts);
        entry.State = state;
        entry.NextAttemptAt = _timeProvider.GetUtcNow() + delay;
        foreach (var row in entry.Rows)
        {
            await _outbox.ScheduleRetryAsync(row.Id, entry.Attempts, entry.NextAttemptAt, error, cancellationToken).ConfigureAwait(false);
            outcomes.Add(new RelayOutcome(row.Id, row.Device, row.Sequence, row.Kind, RelayStatus.Retrying, entry.Hashes.LastOrDefault(), error, entry.Attempts));
        }

        Log.Retrying(_logger, entry.Row.Kind.ToString(), entry.Row.Device.ToString(), entry.Row.Sequence, entry.Attempts, delay, error);
        if (entry.Nonce < 0)
        {
            Untrack(entry);
        }
    }

    /// <summary>Records <paramref name="hash"/> and the entry's nonce on each of its rows, in one write.</summary>
    private Task MarkSubmittedAsync(InFlightTransaction entry, string hash, CancellationToken cancellationToken) =>
        _outbox.MarkSubmittedAsync([new SubmittedTransaction(entry.RowIds, hash, entry.Nonce)], cancellationToken);

    /// <summary>Replaces a batch by one entry per row, each prepared on its own (in this round's tracking or the next).</summary>
    private void Isolate(InFlightTransaction entry, string error)
    {
        Log.Isolating(_logger, entry.Rows.Count, entry.Call.Target.ToString(), error);
        Untrack(entry);
        var now = _timeProvider.GetUtcNow();
        foreach (var row in entry.Rows)
        {
            Track(new InFlightTransaction([row], RelayCall.For(entry.Call.Target, [row], Addresses))
            {
                Attempts = entry.Attempts,
                IneffectiveMined = entry.IneffectiveMined,
                NextAttemptAt = now,
            });
        }
    }

    /// <summary>Gives the entry's nonce back when the entry ends without using it (the slot is free: nothing of ours is in it).</summary>
    private void ReleaseNonce(InFlightTransaction entry)
    {
        if (entry.Nonce >= 0 && entry.Hashes.Count == 0)
        {
            _chain.Nonces.Release(entry.Nonce);
            entry.Nonce = -1;
        }
    }

    /// <summary>A transaction signed for an entry, not yet recorded or sent, with the fees it pays.</summary>
    private sealed record Signed(InFlightTransaction Entry, SignedTransaction Transaction, ChainFees Fees);
}
