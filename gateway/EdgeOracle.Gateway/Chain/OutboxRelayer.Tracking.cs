using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Storage;

namespace EdgeOracle.Gateway.Chain;

/// <summary>Following transactions in flight: receipts, confirmation depth, reorganisations, drops, bumps and nonce gaps.</summary>
public sealed partial class OutboxRelayer
{
    /// <summary>Moves every in-flight row one step: due retries are made, sent transactions are followed, gaps filled.</summary>
    private async Task TrackAsync(List<RelayOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (_inFlight.Count == 0)
        {
            _gap = null;
            return;
        }

        var head = await _chain.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        _blockGasLimit = head.GasLimit > 0 ? head.GasLimit : _blockGasLimit;
        var headMoved = head != _lastHead;
        var canonical = new Dictionary<long, string?>();
        var now = _timeProvider.GetUtcNow();
        foreach (var entry in Entries.OrderBy(e => e.Nonce).ToArray())
        {
            switch (entry.State)
            {
                case InFlightState.Prepare when entry.NextAttemptAt <= now:
                    await PrepareAsync(entry, null, outcomes, cancellationToken).ConfigureAwait(false);
                    break;
                case InFlightState.Broadcast when entry.NextAttemptAt <= now:
                    await BroadcastAsync(entry, outcomes, cancellationToken).ConfigureAwait(false);
                    break;
                case InFlightState.Pending:
                    await FollowAsync(entry, head, headMoved, canonical, outcomes, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }

        _lastHead = head;
        await FillGapsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A sent transaction: once in a block <c>Chain:Confirmations</c> deep the row is done; a receipt that disappears
    /// means its block was reorganised away; a transaction the node no longer knows is sent again; one waiting longer
    /// than <c>Chain:BumpAfter</c>, or priced out by a risen base fee, is replaced with higher fees. A mined one is checked by its block's hash (one read
    /// per block in <paramref name="canonical"/>, shared by the round), its receipt read again only when that changed.
    /// </summary>
    private async Task FollowAsync(
        InFlightTransaction entry, ChainHead head, bool headMoved, Dictionary<long, string?> canonical, List<RelayOutcome> outcomes, CancellationToken cancellationToken)
    {
        var row = entry.Row;
        if (headMoved && !entry.Unchecked && entry.Mined is { } mined && await IsCanonicalAsync(mined, canonical, cancellationToken).ConfigureAwait(false))
        {
            if (head.Number >= mined.BlockNumber + _options.Confirmations - 1)
            {
                await ConfirmAsync(entry, mined, outcomes, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (headMoved || entry.Unchecked)
        {
            // A receipt can only appear, move or vanish with a new head; every copy sent at the nonce may be the mined one.
            entry.Unchecked = false;
            ChainReceipt? receipt = null;
            for (var i = entry.Hashes.Count - 1; i >= 0 && receipt is null; i--)
            {
                receipt = await _chain.GetReceiptAsync(entry.Hashes[i], cancellationToken).ConfigureAwait(false);
            }

            if (receipt is not null)
            {
                if (entry.Mined?.BlockHash != receipt.BlockHash)
                {
                    Log.Mined(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, receipt.TransactionHash, receipt.BlockNumber, _options.Confirmations);
                }

                entry.Mined = receipt;
                entry.Missing = false;
                if (head.Number >= receipt.BlockNumber + _options.Confirmations - 1)
                {
                    await ConfirmAsync(entry, receipt, outcomes, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            if (entry.Mined is { } lost)
            {
                _relayerMetrics.Reorganised();
                Log.ReorganisedAway(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, lost.TransactionHash, lost.BlockNumber);
                entry.Mined = null;
                entry.SentAt = _timeProvider.GetUtcNow();
            }
        }
        else if (entry.Mined is not null)
        {
            return;
        }

        if (!await AnyKnownAsync(entry, cancellationToken).ConfigureAwait(false))
        {
            // Gone at two looks a round apart: dropped, or lost with its block. One look is not trusted alone (a node
            // between two states, an RPC endpoint behind a load balancer): a needless resend costs gas and a nonce.
            if (entry.Missing)
            {
                entry.Missing = false;
                await ResendAsync(entry, outcomes, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                entry.Missing = true;
            }

            return;
        }

        entry.Missing = false;
        if (_timeProvider.GetUtcNow() - entry.SentAt >= _options.BumpAfter || await IsPricedOutAsync(entry, cancellationToken).ConfigureAwait(false))
        {
            await BumpAsync(entry, outcomes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether the entry's fee cap is below the next block's base fee: no block can take it until the base fee falls
    /// (and nodes drop such transactions from their pools), so it is replaced at once rather than after
    /// <c>Chain:BumpAfter</c>. One already at the configured cap waits.
    /// </summary>
    private async Task<bool> IsPricedOutAsync(InFlightTransaction entry, CancellationToken cancellationToken) =>
        entry.Fees is { } paid && !entry.AtFeeCap && paid.MaxFeePerGas < (await FeesAsync(cancellationToken).ConfigureAwait(false)).NextBaseFee;

    private async Task<bool> IsCanonicalAsync(ChainReceipt mined, Dictionary<long, string?> canonical, CancellationToken cancellationToken)
    {
        if (!canonical.TryGetValue(mined.BlockNumber, out var hash))
        {
            hash = await _chain.GetBlockHashAsync(mined.BlockNumber, cancellationToken).ConfigureAwait(false);
            canonical[mined.BlockNumber] = hash;
        }

        return string.Equals(hash, mined.BlockHash, System.StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether the node still has one of the entry's transactions (newest first); a taken-over row learns its nonce here.</summary>
    private async Task<bool> AnyKnownAsync(InFlightTransaction entry, CancellationToken cancellationToken)
    {
        for (var i = entry.Hashes.Count - 1; i >= 0; i--)
        {
            if (await _chain.FindTransactionAsync(entry.Hashes[i], cancellationToken).ConfigureAwait(false) is { } known)
            {
                if (entry.Nonce < 0)
                {
                    entry.Nonce = known.Nonce;
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The receipt is deep enough. The target contract's events say what became of each item (<see cref="BatchReceipt"/>):
    /// taken or on chain already ends the row as relayed, skipped ends it as failed with the contract's reason; an item
    /// the receipt does not mention in a batch that took others is sent again in a new transaction. A receipt that
    /// mentions no item (a revert, or a success without the events: no code at the address, as on a chain not yet
    /// restored) is checked against the contract: the effect may be there from an earlier copy (relayed), the call may
    /// revert now (failed), or it may succeed now (out of gas, state that changed): then it is sent again, a few times at most.
    /// </summary>
    private async Task ConfirmAsync(InFlightTransaction entry, ChainReceipt receipt, List<RelayOutcome> outcomes, CancellationToken cancellationToken)
    {
        var results = BatchReceipt.Read(entry.Call, receipt);
        if (results.Any(r => r.Effect != ItemEffect.Unknown))
        {
            await SettleItemsAsync(entry, receipt, results, outcomes, cancellationToken).ConfigureAwait(false);
            return;
        }

        var row = entry.Row;
        var what = receipt.Succeeded ? "mined without an event from the contract" : "reverted on chain (receipt status 0)";
        var estimate = await _chain.EstimateAsync(entry.Call, cancellationToken).ConfigureAwait(false);
        switch (estimate.Status)
        {
            case EstimateStatus.AlreadyOnChain:
                await _outbox.MarkRelayedAsync(entry.RowIds, string.Empty, 0, cancellationToken).ConfigureAwait(false);
                foreach (var done in entry.Rows)
                {
                    Log.AlreadyOnChain(_logger, done.Kind.ToString(), done.Device.ToString(), done.Sequence, estimate.Error ?? string.Empty);
                }

                Finish(entry, RelayStatus.Relayed, receipt.TransactionHash, estimate.Error, outcomes);
                return;
            case EstimateStatus.Transient:
                entry.Unchecked = true;
                return;
            case EstimateStatus.Ready when entry.IneffectiveMined < MaxIneffectiveMined:
                entry.IneffectiveMined++;
                Log.MinedWithoutEffect(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, receipt.TransactionHash, what);
                // The mined transaction used its nonce: the next one takes a fresh nonce.
                entry.Nonce = -1;
                entry.Hashes.Clear();
                entry.Current = null;
                entry.Mined = null;
                entry.Resent = true;
                await PrepareAsync(entry, estimate, outcomes, cancellationToken).ConfigureAwait(false);
                return;
            case EstimateStatus.Reverted when entry.Rows.Count > 1:
                Isolate(entry, what + (estimate.Error is { } why ? ": " + why : string.Empty));
                return;
            case EstimateStatus.NotTaken:
                Untrack(entry);
                foreach (var untaken in entry.Rows)
                {
                    await NotRelayedAsync(untaken with { Attempts = entry.Attempts }, estimate.Error ?? "no contract takes it", outcomes, cancellationToken).ConfigureAwait(false);
                }

                return;
            default:
                var error = what + (estimate.Error is { } reason ? ": " + reason : string.Empty);
                Untrack(entry);
                foreach (var failed in entry.Rows)
                {
                    await FailAsync(failed with { Attempts = entry.Attempts }, receipt.TransactionHash, error, outcomes, cancellationToken).ConfigureAwait(false);
                }

                return;
        }
    }

    /// <summary>Ends each row of a confirmed transaction by what the contract did with its item.</summary>
    private async Task SettleItemsAsync(
        InFlightTransaction entry, ChainReceipt receipt, ItemResult[] results, List<RelayOutcome> outcomes, CancellationToken cancellationToken)
    {
        Untrack(entry);
        var unmentioned = new List<OutboxItem>();
        var taken = new List<long>();
        var onChainBefore = new List<long>();
        uint? counted = null;
        for (var i = 0; i < results.Length; i++)
        {
            var row = entry.Rows[i];
            switch (results[i].Effect)
            {
                case ItemEffect.Taken:
                    taken.Add(row.Id);
                    Log.Relayed(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, receipt.TransactionHash, receipt.BlockNumber);
                    outcomes.Add(new RelayOutcome(row.Id, row.Device, row.Sequence, row.Kind, RelayStatus.Relayed, receipt.TransactionHash, null, entry.Attempts + 1));
                    break;
                case ItemEffect.AlreadyOnChain:
                    // An earlier transaction put this item's effect on chain; that one is the row's record, not this.
                    onChainBefore.Add(row.Id);
                    Log.AlreadyOnChain(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, results[i].Detail ?? string.Empty);
                    outcomes.Add(new RelayOutcome(row.Id, row.Device, row.Sequence, row.Kind, RelayStatus.Relayed, receipt.TransactionHash, results[i].Detail, entry.Attempts + 1));
                    break;
                case ItemEffect.Skipped:
                    await FailAsync(row with { Attempts = entry.Attempts }, receipt.TransactionHash, results[i].Detail ?? "skipped by the contract", outcomes, cancellationToken).ConfigureAwait(false);
                    break;
                case ItemEffect.WindowClosed:
                    // Decided or past its deadline: the reading is on chain only if its sensor counted for the window before.
                    counted ??= await _chain.GetWindowCountedAsync(entry.Call.Contract, entry.Call.Round, cancellationToken).ConfigureAwait(false);
                    if (Addresses.Regions.TryGet(row.Device, out var membership) && (counted.Value & (1u << membership.Index)) != 0)
                    {
                        onChainBefore.Add(row.Id);
                        Log.AlreadyOnChain(_logger, row.Kind.ToString(), row.Device.ToString(), row.Sequence, "the sensor counted for the decided window before");
                        outcomes.Add(new RelayOutcome(row.Id, row.Device, row.Sequence, row.Kind, RelayStatus.Relayed, receipt.TransactionHash, results[i].Detail, entry.Attempts + 1));
                    }
                    else
                    {
                        await FailAsync(row with { Attempts = entry.Attempts }, receipt.TransactionHash, results[i].Detail + ": the window was decided without this reading", outcomes, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                default:
                    unmentioned.Add(row);
                    break;
            }
        }

        if (taken.Count > 0)
        {
            await _outbox.MarkRelayedAsync(taken, receipt.TransactionHash, receipt.BlockNumber, cancellationToken).ConfigureAwait(false);
        }

        if (onChainBefore.Count > 0)
        {
            await _outbox.MarkRelayedAsync(onChainBefore, string.Empty, 0, cancellationToken).ConfigureAwait(false);
        }

        if (unmentioned.Count == 0)
        {
            return;
        }

        var again = new InFlightTransaction(unmentioned, RelayCall.For(entry.Call.Target, unmentioned, Addresses))
        {
            Attempts = entry.Attempts,
            IneffectiveMined = entry.IneffectiveMined + 1,
            NextAttemptAt = _timeProvider.GetUtcNow(),
        };
        if (again.IneffectiveMined > MaxIneffectiveMined)
        {
            foreach (var row in unmentioned)
            {
                await FailAsync(row with { Attempts = entry.Attempts }, receipt.TransactionHash, "mined in a batch whose events do not mention it, " + again.IneffectiveMined + " times", outcomes, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        Log.MinedWithoutEffect(_logger, again.Row.Kind.ToString(), again.Row.Device.ToString(), again.Row.Sequence, receipt.TransactionHash, "mined in a batch whose events do not mention it");
        Track(again);
    }

    /// <summary>
    /// Transactions wait behind a nonce that nothing in flight holds and the node has not seen (another sender's failed
    /// send, a chain restored from an older state, a nonce given back): once the node's next nonce has been such a gap
    /// for <see cref="GapGrace"/>, a zero-value transfer to the relayer account itself uses it up. Only the node's next
    /// nonce is known to be missing (later ones may wait in its pool), so one gap is filled per round.
    /// </summary>
    private async Task FillGapsAsync(CancellationToken cancellationToken)
    {
        var waiting = Entries.Where(e => e is { State: InFlightState.Pending, Unmined: true, Nonce: >= 0 }).Select(e => e.Nonce).ToArray();
        if (waiting.Length == 0)
        {
            _gap = null;
            return;
        }

        var next = await _chain.GetNonceAsync(pending: true, cancellationToken).ConfigureAwait(false);
        if (next >= waiting.Min() || Entries.Any(e => e.Nonce == next))
        {
            _gap = null;
            return;
        }

        var now = _timeProvider.GetUtcNow();
        if (_gap?.Nonce != next)
        {
            _gap = (next, now);
            return;
        }

        if (now - _gap.Value.Since < GapGrace)
        {
            return;
        }

        var filler = _chain.Sign(TransactionDraft.Filler(_chain.Account, next, FeePolicy.Initial(await FeesAsync(cancellationToken).ConfigureAwait(false), _feeCap)));
        var result = await _chain.BroadcastAsync(filler, cancellationToken).ConfigureAwait(false);
        _gap = (next, now);
        if (result.Status == BroadcastStatus.Accepted)
        {
            _relayerMetrics.GapFilled();
        }

        Log.GapFilled(_logger, next, filler.Hash, result.Status.ToString());
    }
}
