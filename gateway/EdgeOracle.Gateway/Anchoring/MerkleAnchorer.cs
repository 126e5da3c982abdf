using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Anchoring;

/// <summary>
/// Collects stored messages as leaves, cuts a batch every <see cref="AnchoringOptions.BatchSize"/> leaves or
/// <see cref="AnchoringOptions.MaxDelay"/>, and puts each batch's root on chain with <c>MerkleAnchor.anchor</c>.
/// A root already anchored counts as done (a resend after a restart); a transaction the node dropped is sent again;
/// a root is confirmed after <see cref="ChainOptions.Confirmations"/> blocks.
/// </summary>
public sealed partial class MerkleAnchorer : BackgroundService
{
    private readonly AnchorStore _store;
    private readonly AnchorContract _contract;
    private readonly AnchoringOptions _options;
    private readonly ChainOptions _chain;
    private readonly TimeProvider _time;
    private readonly ILogger<MerkleAnchorer> _logger;
    private readonly ISubmitterLease _lease;

    /// <summary>Creates the anchorer. The message store is taken so that its tables exist before leaves are read (SQLite creates them when the store is made).</summary>
    public MerkleAnchorer(
        AnchorStore store,
        AnchorContract contract,
        IMessageStore messages,
        IOptions<AnchoringOptions> options,
        IOptions<ChainOptions> chain,
        TimeProvider time,
        ILogger<MerkleAnchorer> logger,
        ISubmitterLease? lease = null)
    {
        _lease = lease ?? new SoleSubmitter();
        ArgumentNullException.ThrowIfNull(messages);
        _store = store;
        _contract = contract;
        _options = options.Value;
        _chain = chain.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// One round: collect new leaves, cut the batches that are due, and move every open batch one step (send, or look
    /// at its receipt). Returns how many batches are anchored by the end of the round.
    /// </summary>
    public async Task<int> RoundAsync(CancellationToken cancellationToken)
    {
        await _store.CollectAsync(cancellationToken).ConfigureAwait(false);
        while (await _store.CutBatchAsync(_options.BatchSize, _time.GetUtcNow() - _options.MaxDelay, cancellationToken).ConfigureAwait(false) is { } cut)
        {
            Log.Cut(_logger, cut.Id, cut.Count, cut.Root.ToString());
        }

        var anchored = 0;
        foreach (var batch in await _store.GetOpenBatchesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await StepAsync(batch, cancellationToken).ConfigureAwait(false))
            {
                anchored++;
            }
        }

        return anchored;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await _lease.HoldsAsync(stoppingToken).ConfigureAwait(false))
                {
                    await RoundAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // RPC or storage fault: the batches stay as recorded and the next round picks them up.
                Log.RoundFailed(_logger, exception.GetType().Name, exception.Message);
            }

            try
            {
                await Task.Delay(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> StepAsync(AnchorBatch batch, CancellationToken cancellationToken)
    {
        var contract = _options.ContractAddress;
        if (batch.Status == AnchorStatus.Submitted && batch.TransactionHash is { } hash)
        {
            var (mined, succeeded, block) = await _contract.GetReceiptAsync(hash, cancellationToken).ConfigureAwait(false);
            if (mined && succeeded)
            {
                if (await _contract.GetBlockNumberAsync(cancellationToken).ConfigureAwait(false) < block + _chain.Confirmations - 1)
                {
                    return false;
                }

                await _store.MarkAnchoredAsync(batch.Id, hash, block, cancellationToken).ConfigureAwait(false);
                Log.Anchored(_logger, batch.Id, batch.Root.ToString(), hash, block);
                return true;
            }

            if (mined || !await _contract.IsKnownAsync(hash, cancellationToken).ConfigureAwait(false))
            {
                // Reverted (e.g. someone anchored the root first) or dropped from the pool: decide afresh below.
                Log.Resending(_logger, batch.Id, hash, mined ? "reverted" : "dropped");
                await _store.MarkPendingAsync(batch.Id, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                return false;
            }
        }

        var existing = await _contract.AnchorOfAsync(contract, batch.Root, cancellationToken).ConfigureAwait(false);
        if (existing.IsAnchored)
        {
            await _store.MarkAnchoredAsync(batch.Id, null, (long)existing.BlockNumber, cancellationToken).ConfigureAwait(false);
            Log.AlreadyAnchored(_logger, batch.Id, batch.Root.ToString(), existing.Submitter);
            return true;
        }

        var sent = await _contract.SendAnchorAsync(contract, batch.Root, batch.Count, cancellationToken).ConfigureAwait(false);
        await _store.MarkSubmittedAsync(batch.Id, sent, cancellationToken).ConfigureAwait(false);
        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Debug, Message = "Anchor batch {BatchId}: {Count} leaves, root {Root}")]
        public static partial void Cut(ILogger logger, long batchId, int count, string root);

        [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Anchored batch {BatchId} root {Root} in {TransactionHash} (block {BlockNumber})")]
        public static partial void Anchored(ILogger logger, long batchId, string root, string transactionHash, long blockNumber);

        [LoggerMessage(EventId = 502, Level = LogLevel.Information, Message = "Batch {BatchId} root {Root} was already anchored by {Submitter}")]
        public static partial void AlreadyAnchored(ILogger logger, long batchId, string root, string submitter);

        [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "Anchor transaction of batch {BatchId} ({TransactionHash}) was {What}; deciding again")]
        public static partial void Resending(ILogger logger, long batchId, string transactionHash, string what);

        [LoggerMessage(EventId = 504, Level = LogLevel.Warning, Message = "Anchoring round failed ({ErrorType}): {Error}; retrying next round")]
        public static partial void RoundFailed(ILogger logger, string errorType, string error);
    }
}
