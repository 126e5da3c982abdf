using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.NonceServices;

namespace EdgeOracle.Gateway.Chain;

/// <summary>
/// Hands out the nonces of the relayer account, for everything that sends from it: the outbox relayer takes them
/// explicitly, the anchorer (and any other Nethereum send) through <see cref="INonceService"/>. The first nonce is the
/// node's pending count; after that the counter is local, so many transactions can be in flight without asking the
/// node. A nonce taken but never used can be given back (<see cref="Release"/>) and is handed out first. The counter
/// never moves down on its own: a nonce the node has not seen may still be held by an in-flight transaction, so
/// lowering it would give one slot to two transactions. Gaps left by sends that failed elsewhere are filled by the
/// relayer (see <c>OutboxRelayer</c>).
/// </summary>
public sealed class NonceManager : INonceService
{
    private readonly Func<CancellationToken, Task<long>> _readPendingNonce;
    private readonly object _gate = new();
    private readonly SortedSet<long> _free = [];
    private long? _next;

    /// <summary>Creates the manager over a function that reads the account's pending nonce from the node.</summary>
    public NonceManager(Func<CancellationToken, Task<long>> readPendingNonce)
    {
        _readPendingNonce = readPendingNonce;
    }

    // No lock is held across the node's answer: a caller that blocks on _gate (Release, Next) never waits for I/O,
    // which matters where socket completions run inline on the runtime's I/O threads (Mqtt:InlineSocketCompletions).

    /// <summary>The next fresh nonce, or null before the node was first asked.</summary>
    public long? Next
    {
        get
        {
            lock (_gate)
            {
                return _next;
            }
        }
    }

    /// <summary>
    /// The lowest nonce given back, else the next fresh one. The first call asks the node (a
    /// <see cref="ChainUnavailableException"/> leaves the manager as it was).
    /// </summary>
    public async Task<long> TakeAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (TryTakeKnown(out var known))
            {
                return known;
            }
        }

        var pending = await _readPendingNonce(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            // Another first caller may have started the counter meanwhile: then it is ahead of (or at) this answer.
            _next ??= pending;
            TryTakeKnown(out var nonce);
            return nonce;
        }
    }

    /// <summary>Gives back a nonce that was taken but will not be used, so the next taker fills its slot.</summary>
    public void Release(long nonce)
    {
        lock (_gate)
        {
            if (_next is { } next && nonce < next)
            {
                _free.Add(nonce);
            }
        }
    }

    /// <summary>Makes sure no nonce below <paramref name="floor"/> is handed out fresh (nonces held from before a restart).</summary>
    public async Task EnsureAtLeastAsync(long floor, CancellationToken cancellationToken)
    {
        var pending = Next is null ? await _readPendingNonce(cancellationToken).ConfigureAwait(false) : (long?)null;
        lock (_gate)
        {
            _next ??= pending;
            _next = Math.Max(_next!.Value, floor);
        }
    }

    /// <summary>
    /// After a nonce error: moves the counter up to the node's pending count if the node is ahead (another sender used
    /// the account, or a chain was restored) and forgets given-back nonces below it, whose slots are taken.
    /// </summary>
    public async Task ResyncAsync(CancellationToken cancellationToken)
    {
        var pending = await _readPendingNonce(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _next = Math.Max(_next ?? 0, pending);
            _free.RemoveWhere(n => n < pending);
        }
    }

    // Under _gate: a given-back nonce first, else the counter's next once it is known.
    private bool TryTakeKnown(out long nonce)
    {
        if (_free.Count > 0)
        {
            nonce = _free.Min;
            _free.Remove(nonce);
            return true;
        }

        if (_next is { } next)
        {
            nonce = next;
            _next = next + 1;
            return true;
        }

        nonce = 0;
        return false;
    }

    /// <summary>Not used: nonces are read through the function given to the constructor.</summary>
    IClient INonceService.Client { get; set; } = null!;

    /// <summary>Not used: the pending count is always read.</summary>
    bool INonceService.UseLatestTransactionsOnly { get; set; }

    /// <inheritdoc />
    async Task<HexBigInteger> INonceService.GetNextNonceAsync() => new(await TakeAsync(CancellationToken.None).ConfigureAwait(false));

    /// <inheritdoc />
    Task INonceService.ResetNonceAsync() => ResyncAsync(CancellationToken.None);
}
