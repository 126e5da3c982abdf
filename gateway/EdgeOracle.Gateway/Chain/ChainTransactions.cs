using System.Collections.Generic;
using System.Numerics;

namespace EdgeOracle.Gateway.Chain;

/// <summary>What the node says about a call before it is sent (gas estimation).</summary>
public enum EstimateStatus
{
    /// <summary>The call would succeed; <see cref="Estimate.GasLimit"/> is the estimate.</summary>
    Ready,

    /// <summary>The call reverts: permanent, do not retry.</summary>
    Reverted,

    /// <summary>The node could not be reached or answered with an error that may pass: retry later.</summary>
    Transient,

    /// <summary>
    /// The contract already holds this effect (payment settled; observation recorded with the same digest): the
    /// message is on chain, so this counts as relayed and nothing is sent.
    /// </summary>
    AlreadyOnChain,

    /// <summary>
    /// No contract takes the message (e.g. QuorumInsurance has no product on its region, metric and window grid):
    /// stored, not relayed; nothing is sent and it is not retried.
    /// </summary>
    NotTaken,
}

/// <summary>The result of <see cref="IChainClient.EstimateAsync"/>.</summary>
/// <param name="Status">What the node said.</param>
/// <param name="GasLimit">The gas estimate when <see cref="EstimateStatus.Ready"/>.</param>
/// <param name="Error">The revert reason, the RPC error, or what is on chain already.</param>
public readonly record struct Estimate(EstimateStatus Status, long GasLimit, string? Error)
{
    /// <summary>The call would succeed with <paramref name="gas"/>.</summary>
    public static Estimate Ready(long gas) => new(EstimateStatus.Ready, gas, null);

    /// <summary>A revert.</summary>
    public static Estimate Reverted(string reason) => new(EstimateStatus.Reverted, 0, reason);

    /// <summary>The effect is on chain already.</summary>
    public static Estimate AlreadyOnChain(string detail) => new(EstimateStatus.AlreadyOnChain, 0, detail);

    /// <summary>A transient error.</summary>
    public static Estimate Transient(string error) => new(EstimateStatus.Transient, 0, error);

    /// <summary>No contract takes the message; <paramref name="reason"/> says why.</summary>
    public static Estimate NotTaken(string reason) => new(EstimateStatus.NotTaken, 0, reason);
}

/// <summary>The node's fee market: the base fee of the next block and a priority fee (tip) that gets a transaction in.</summary>
/// <param name="NextBaseFee">Base fee per gas of the next block, in wei (the last entry of <c>eth_feeHistory</c>).</param>
/// <param name="PriorityFee">Suggested tip per gas, in wei (<c>eth_maxPriorityFeePerGas</c>).</param>
public readonly record struct FeeSuggestion(BigInteger NextBaseFee, BigInteger PriorityFee);

/// <summary>The EIP-1559 fees of one transaction, in wei per gas.</summary>
/// <param name="MaxFeePerGas">The most the transaction pays per gas (base fee plus tip).</param>
/// <param name="MaxPriorityFeePerGas">The most of that which goes to the block producer.</param>
public readonly record struct ChainFees(BigInteger MaxFeePerGas, BigInteger MaxPriorityFeePerGas);

/// <summary>A type-2 transaction from the relayer account before it is signed.</summary>
/// <param name="To">The called contract (or the account itself for a nonce filler).</param>
/// <param name="Data">ABI-encoded call data, 0x-prefixed hex (<c>0x</c> for a plain transfer).</param>
/// <param name="Nonce">The account nonce it uses.</param>
/// <param name="GasLimit">Gas limit.</param>
/// <param name="Fees">Fees per gas.</param>
/// <param name="Call">The relayed call it carries; null for a nonce filler.</param>
public sealed record TransactionDraft(string To, string Data, long Nonce, long GasLimit, ChainFees Fees, RelayCall? Call)
{
    /// <summary>Gas of a plain transfer.</summary>
    public const long TransferGas = 21_000;

    /// <summary>The transaction that makes <paramref name="call"/>.</summary>
    public static TransactionDraft For(RelayCall call, long nonce, long gasLimit, ChainFees fees) =>
        new(call.Contract, call.Data, nonce, gasLimit, fees, call);

    /// <summary>A zero-value transfer to <paramref name="account"/> itself that only uses up <paramref name="nonce"/>.</summary>
    public static TransactionDraft Filler(string account, long nonce, ChainFees fees) =>
        new(account, "0x", nonce, TransferGas, fees, null);
}

/// <summary>A signed transaction: its hash (known before it is sent) and its raw bytes.</summary>
/// <param name="Hash">keccak256 of the raw transaction, 0x-prefixed lower-case hex.</param>
/// <param name="Raw">The raw signed transaction, 0x-prefixed hex, as <c>eth_sendRawTransaction</c> takes it.</param>
/// <param name="Draft">What was signed.</param>
public sealed record SignedTransaction(string Hash, string Raw, TransactionDraft Draft);

/// <summary>How the node took a raw transaction.</summary>
public enum BroadcastStatus
{
    /// <summary>In the node's pool (also when it had it already).</summary>
    Accepted,

    /// <summary>The nonce is used already (by a mined transaction).</summary>
    NonceTooLow,

    /// <summary>Another transaction holds the nonce in the pool and this one does not pay enough more to replace it.</summary>
    Underpriced,

    /// <summary>The fee cap is below what the node takes now (the base fee rose): sign again with fresh fees.</summary>
    FeeTooLow,

    /// <summary>Node unreachable, or an error that may pass (funds): send the same transaction again later.</summary>
    Transient,
}

/// <summary>The result of <see cref="IChainClient.BroadcastAsync"/>.</summary>
/// <param name="Status">How it was taken.</param>
/// <param name="Error">The node's message otherwise.</param>
public readonly record struct BroadcastResult(BroadcastStatus Status, string? Error)
{
    /// <summary>Accepted.</summary>
    public static BroadcastResult Accepted { get; } = new(BroadcastStatus.Accepted, null);
}

/// <summary>A mined transaction's receipt, reduced to what the relayer needs.</summary>
/// <param name="TransactionHash">The mined transaction.</param>
/// <param name="Succeeded">Status 1.</param>
/// <param name="BlockNumber">The block it was mined in.</param>
/// <param name="BlockHash">That block's hash: another hash at the same height later means a reorganisation.</param>
/// <param name="LoggedByContract">
/// Whether the called contract emitted an event. The relayed calls always do when they take effect; a call to an
/// address without code also "succeeds", without one.
/// </param>
/// <param name="Logs">The events of the transaction (what a batch did with each item).</param>
public sealed record ChainReceipt(string TransactionHash, bool Succeeded, long BlockNumber, string BlockHash, bool LoggedByContract, IReadOnlyList<ChainLog> Logs)
{
    /// <summary>A receipt without events read (a single call, a test).</summary>
    public ChainReceipt(string transactionHash, bool succeeded, long blockNumber, string blockHash, bool loggedByContract)
        : this(transactionHash, succeeded, blockNumber, blockHash, loggedByContract, [])
    {
    }
}

/// <summary>One event of a receipt.</summary>
/// <param name="Address">The emitting contract.</param>
/// <param name="Topics">Its topics (the event's signature hash first, then its indexed arguments).</param>
/// <param name="Data">Its non-indexed arguments, ABI-encoded.</param>
public sealed record ChainLog(string Address, IReadOnlyList<EdgeOracle.Protocol.Bytes32> Topics, byte[] Data);

/// <summary>A transaction the node knows, with what is needed to replace it.</summary>
/// <param name="Nonce">Its nonce.</param>
/// <param name="GasLimit">Its gas limit.</param>
/// <param name="Fees">Its fees (a legacy transaction's gas price as both).</param>
public sealed record KnownTransaction(long Nonce, long GasLimit, ChainFees Fees);

/// <summary>The latest block: a new number or, at the same height, a new hash (a reorganisation) is a new head.</summary>
/// <param name="Number">Block number.</param>
/// <param name="Hash">Block hash.</param>
/// <param name="GasLimit">The block's gas limit (0: not known), which sizes how much gas the relayer keeps pending.</param>
public readonly record struct ChainHead(long Number, string Hash, long GasLimit = 0);
