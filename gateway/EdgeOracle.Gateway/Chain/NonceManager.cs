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
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly SortedSet<long> _free = [];
    private long? _next;

    /// <summary>Creates the manager over a function that reads the account's pending nonce from the node.</summary>
    public NonceManager(Func<CancellationToken, Task<long>> readPendingNonce)
    {
        _readPendingNonce = readPendingNonce;
    }

    /// <summary>The next fresh nonce, or null before the node was first asked.</summary>
    public long? Next
    {
        get
        {
            _lock.Wait();
            try
            {
                return _next;
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    /// <summary>
    /// The lowest nonce given back, else the next fresh one. The first call asks the node (a
    /// <see cref="ChainUnavailableException"/> leaves the manager as it was).
    /// </summary>
    public async Task<long> TakeAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_free.Count > 0)
            {
                var lowest = _free.Min;
                _free.Remove(lowest);
                return lowest;
            }

            var nonce = _next ?? await _readPendingNonce(cancellationToken).ConfigureAwait(false);
            _next = nonce + 1;
            return nonce;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Gives back a nonce that was taken but will not be used, so the next taker fills its slot.</summary>
    public void Release(long nonce)
    {
        _lock.Wait();
        try
        {
            if (_next is { } next && nonce < next)
            {
                _free.Add(nonce);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Makes sure no nonce below <paramref name="floor"/> is handed out fresh (nonces held from before a restart).</summary>
    public async Task EnsureAtLeastAsync(long floor, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _next ??= await _readPendingNonce(cancellationToken).ConfigureAwait(false);
            _next = Math.Max(_next.Value, floor);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// After a nonce error: moves the counter up to the node's pending count if the node is ahead (another sender used
    /// the account, or a chain was restored) and forgets given-back nonces below it, whose slots are taken.
    /// </summary>
    public async Task ResyncAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = await _readPendingNonce(cancellationToken).ConfigureAwait(false);
            _next = Math.Max(_next ?? 0, pending);
            _free.RemoveWhere(n => n < pending);
        }
        finally
        {
            _lock.Release();
        }
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
