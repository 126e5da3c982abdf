using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>A scripted chain: sends succeed (or do what <see cref="SendResults"/> says) and are mined in block 10.</summary>
public sealed class FakeChainClient : IChainClient
{
    private int _sent;

    /// <summary>Results handed out in order; when empty, a send succeeds with a fresh hash.</summary>
    public ConcurrentQueue<SendResult> SendResults { get; } = new();

    /// <summary>Every call sent, in order.</summary>
    public ConcurrentQueue<RelayCall> Calls { get; } = new();

    /// <summary>Receipt by hash; a hash not listed is mined successfully in <see cref="MinedBlock"/>.</summary>
    public ConcurrentDictionary<string, ChainReceipt?> Receipts { get; } = new();

    /// <summary>Receipt lookups by hash, in order.</summary>
    public ConcurrentQueue<string> ReceiptLookups { get; } = new();

    /// <summary>When set, receipt lookups throw (node down).</summary>
    public Exception? ReceiptFailure { get; set; }

    public long MinedBlock { get; set; } = 10;

    public long BlockNumber { get; set; } = 10;

    public Task<SendResult> SendAsync(RelayCall call, CancellationToken cancellationToken)
    {
        Calls.Enqueue(call);
        if (SendResults.TryDequeue(out var scripted))
        {
            return Task.FromResult(scripted);
        }

        var hash = "0x" + Interlocked.Increment(ref _sent).ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult(SendResult.Sent(hash));
    }

    public Task<ChainReceipt?> GetReceiptAsync(string transactionHash, CancellationToken cancellationToken)
    {
        ReceiptLookups.Enqueue(transactionHash);
        if (ReceiptFailure is { } failure)
        {
            throw new ChainUnavailableException(failure.Message, failure);
        }

        return Task.FromResult(Receipts.TryGetValue(transactionHash, out var receipt) ? receipt : new ChainReceipt(true, MinedBlock));
    }

    public Task<long> GetBlockNumberAsync(CancellationToken cancellationToken) => Task.FromResult(BlockNumber);

    /// <summary>Hashes the node has forgotten (dropped or reorganised away); every other hash is known.</summary>
    public ConcurrentDictionary<string, bool> Dropped { get; } = new();

    public Task<bool> IsKnownAsync(string transactionHash, CancellationToken cancellationToken) =>
        Task.FromResult(!Dropped.ContainsKey(transactionHash));

    public IReadOnlyCollection<RelayCall> Sent => Calls.ToArray();
}
