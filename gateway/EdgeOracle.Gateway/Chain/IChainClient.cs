using System.Threading;
using System.Threading.Tasks;

namespace EdgeOracle.Gateway.Chain;

/// <summary>
/// The chain as the relayer sees it: estimate a call, sign a transaction with an explicit nonce and fees (so its hash
/// is known, and can be stored, before it is sent), broadcast it, and follow receipts, the head and the pool.
/// Implementations report RPC failures of <see cref="EstimateAsync"/> and <see cref="BroadcastAsync"/> as statuses and
/// throw <see cref="ChainUnavailableException"/> from reads; a revert is never an exception.
/// </summary>
public interface IChainClient
{
    /// <summary>The relayer account's address, 0x-prefixed.</summary>
    string Account { get; }

    /// <summary>The relayer account's nonces, shared with every other sender from the account.</summary>
    NonceManager Nonces { get; }

    /// <summary>Estimates <paramref name="call"/> from the relayer account against the latest block.</summary>
    Task<Estimate> EstimateAsync(RelayCall call, CancellationToken cancellationToken);

    /// <summary>The next block's base fee and a suggested tip.</summary>
    Task<FeeSuggestion> GetFeesAsync(CancellationToken cancellationToken);

    /// <summary>Signs <paramref name="draft"/> with the relayer key (no I/O).</summary>
    SignedTransaction Sign(TransactionDraft draft);

    /// <summary>Sends a signed transaction to the node (<c>eth_sendRawTransaction</c>).</summary>
    Task<BroadcastResult> BroadcastAsync(SignedTransaction transaction, CancellationToken cancellationToken);

    /// <summary>The receipt, or null while the transaction is not in a block of the node's canonical chain.</summary>
    Task<ChainReceipt?> GetReceiptAsync(string transactionHash, CancellationToken cancellationToken);

    /// <summary>
    /// The transaction as the node knows it (mined or waiting in its pool), or null: dropped, replaced, or its block
    /// was reorganised away and the transaction not taken back.
    /// </summary>
    Task<KnownTransaction?> FindTransactionAsync(string transactionHash, CancellationToken cancellationToken);

    /// <summary>The latest block's number and hash.</summary>
    Task<ChainHead> GetHeadAsync(CancellationToken cancellationToken);

    /// <summary>The hash of the canonical block at <paramref name="number"/>, or null beyond the head.</summary>
    Task<string?> GetBlockHashAsync(long number, CancellationToken cancellationToken);

    /// <summary>The latest block number (readiness report).</summary>
    Task<long> GetBlockNumberAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The relayer account's transaction count: with <paramref name="pending"/> the node's pool is counted too (as far
    /// as its nonces follow each other without a gap), else only mined transactions.
    /// </summary>
    Task<long> GetNonceAsync(bool pending, CancellationToken cancellationToken);

    /// <summary>
    /// Where <paramref name="sensor"/> sits in the QuorumInsurance at <paramref name="contract"/>: its region (0: none),
    /// index and the region's size (<c>sensorState</c>, <c>regionSensors</c>).
    /// </summary>
    Task<SensorMembership> GetSensorMembershipAsync(string contract, EdgeOracle.Protocol.Address sensor, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the node is the chain <paramref name="chainId"/> and has code at every one of <paramref name="contracts"/>
    /// (name, address): null when it does, else a sentence naming what does not match. Throws
    /// <see cref="ChainUnavailableException"/> when the node cannot be asked.
    /// </summary>
    Task<string?> CheckDeploymentAsync(long chainId, System.Collections.Generic.IReadOnlyList<(string Name, string Address)> contracts, CancellationToken cancellationToken);

    /// <summary>Which sensors of the round's region counted for its window (bit i: index i), <c>windowState(…).counted</c>.</summary>
    Task<uint> GetWindowCountedAsync(string contract, RoundKey round, CancellationToken cancellationToken);
}
