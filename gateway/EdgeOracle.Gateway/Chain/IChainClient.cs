using System.Threading;
using System.Threading.Tasks;

namespace EdgeOracle.Gateway.Chain;

/// <summary>How sending a transaction ended.</summary>
public enum SendStatus
{
    /// <summary>The node accepted the transaction; its hash is known.</summary>
    Sent,

    /// <summary>The call reverts (seen at gas estimation): permanent, do not retry.</summary>
    Reverted,

    /// <summary>The node could not be reached or answered with an error that may pass: retry later.</summary>
    Transient,

    /// <summary>
    /// The contract already holds this effect (payment settled; observation recorded with the same digest): the
    /// message is on chain, so this counts as relayed. No transaction was sent.
    /// </summary>
    AlreadyOnChain,
}

/// <summary>The result of <see cref="IChainClient.SendAsync"/>.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="TransactionHash">The hash when <see cref="SendStatus.Sent"/>.</param>
/// <param name="Error">The revert reason or the RPC error otherwise.</param>
public readonly record struct SendResult(SendStatus Status, string? TransactionHash, string? Error)
{
    /// <summary>A sent transaction.</summary>
    public static SendResult Sent(string transactionHash) => new(SendStatus.Sent, transactionHash, null);

    /// <summary>A revert.</summary>
    public static SendResult Reverted(string reason) => new(SendStatus.Reverted, null, reason);

    /// <summary>The effect is on chain already.</summary>
    public static SendResult AlreadyOnChain(string detail) => new(SendStatus.AlreadyOnChain, null, detail);

    /// <summary>A transient error.</summary>
    public static SendResult Transient(string error) => new(SendStatus.Transient, null, error);
}

/// <summary>A mined transaction's receipt, reduced to what the relayer needs.</summary>
/// <param name="Succeeded">Status 1.</param>
/// <param name="BlockNumber">The block it was mined in.</param>
public readonly record struct ChainReceipt(bool Succeeded, long BlockNumber);

/// <summary>
/// The chain as the relayer sees it. Implementations turn RPC failures into <see cref="SendStatus.Transient"/> or
/// throw <see cref="ChainUnavailableException"/> from reads; a revert is never an exception.
/// </summary>
public interface IChainClient
{
    /// <summary>Sends the call as a transaction from the relayer account.</summary>
    Task<SendResult> SendAsync(RelayCall call, CancellationToken cancellationToken);

    /// <summary>The receipt, or null while the transaction is not mined.</summary>
    Task<ChainReceipt?> GetReceiptAsync(string transactionHash, CancellationToken cancellationToken);

    /// <summary>The latest block number (for confirmations).</summary>
    Task<long> GetBlockNumberAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether the node still knows the transaction (mined or waiting in its pool). False means it was dropped, or
    /// its block was reorganised away and the transaction not taken back: the relayer sends the call again. Clients
    /// that cannot tell answer true (the receipt is then only waited for).
    /// </summary>
    Task<bool> IsKnownAsync(string transactionHash, CancellationToken cancellationToken) => Task.FromResult(true);
}
