using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Monitoring;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Chain;

/// <summary>
/// Takes stored messages from the outbox, one device's messages in order, and sends them to the contracts: observations
/// to <c>ParametricInsurance.submitObservation</c>, payments to <c>PaymentRouter.settle</c>. The transaction hash is
/// recorded before the receipt is awaited, so a restart looks the receipt up instead of sending twice. RPC errors are
/// retried with exponential backoff; a revert is recorded as failed with its reason and not retried.
/// </summary>
public sealed partial class OutboxRelayer : BackgroundService
{
    /// <summary>How many devices' next rows one round looks at.</summary>
    public const int DevicesPerRound = 64;

    private readonly IRelayOutbox _outbox;
    private readonly IChainClient _chain;
    private readonly OutboxSignal _signal;
    private readonly GatewayMetrics _metrics;
    private readonly GatewayEventHub _events;
    private readonly TimeProvider _timeProvider;
    private readonly ChainOptions _options;
    private readonly ILogger<OutboxRelayer> _logger;
    private readonly ISubmitterLease _lease;

    /// <summary>Creates the relayer.</summary>
    public OutboxRelayer(
        IRelayOutbox outbox,
        IChainClient chain,
        OutboxSignal signal,
        GatewayMetrics metrics,
        GatewayEventHub events,
        TimeProvider timeProvider,
        IOptions<ChainOptions> options,
        ILogger<OutboxRelayer> logger,
        ISubmitterLease? lease = null)
    {
        _lease = lease ?? new SoleSubmitter();
        _outbox = outbox;
        _chain = chain;
        _signal = signal;
        _metrics = metrics;
        _events = events;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// One round: the next open row of each device that is due is relayed. Returns the outcomes; a row whose device
    /// waits out a backoff is skipped. The hosted loop calls this until a round has nothing to do, then sleeps until
    /// woken by a new message or the poll interval.
    /// </summary>
    public async Task<IReadOnlyList<RelayOutcome>> RelayRoundAsync(CancellationToken cancellationToken)
    {
        var items = await _outbox.GetNextPerDeviceAsync(DevicesPerRound, cancellationToken).ConfigureAwait(false);
        var outcomes = new List<RelayOutcome>();
        foreach (var item in items)
        {
            if (item.NextAttemptAt > _timeProvider.GetUtcNow())
            {
                continue;
            }

            var outcome = await RelayAsync(item, cancellationToken).ConfigureAwait(false);
            _metrics.RecordRelay(outcome.Status);
            _events.Publish(new RelayAttempted(_timeProvider.GetUtcNow(), outcome));
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RelayEnabled)
        {
            Log.Disabled(_logger);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await _lease.HoldsAsync(stoppingToken).ConfigureAwait(false))
                {
                    // Another gateway is the elected submitter; ask again after a poll interval.
                    await _signal.WaitAsync(_options.OutboxPollInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var outcomes = await RelayRoundAsync(stoppingToken).ConfigureAwait(false);
                if (outcomes.Any(o => o.Status != RelayStatus.Retrying))
                {
                    continue;
                }

                await _signal.WaitAsync(_options.OutboxPollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A storage fault: keep the relayer alive and try again after a pause.
                Log.RoundFailed(_logger, exception);
                await Task.Delay(_options.RetryMaxDelay, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<RelayOutcome> RelayAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var attempts = item.Attempts + 1;
        return item is { Status: OutboxStatus.Submitted, TransactionHash: { } transactionHash }
            ? await AwaitReceiptAsync(item, attempts, transactionHash, cancellationToken).ConfigureAwait(false)
            : await SendAsync(item, attempts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the row's call and follows the transaction to its confirmed receipt.</summary>
    private async Task<RelayOutcome> SendAsync(OutboxItem item, int attempts, CancellationToken cancellationToken)
    {
        RelayCall call;
        try
        {
            call = RelayCall.FromStoredPayload(item.Kind, item.Payload, _options.InsuranceAddress, _options.PaymentRouterAddress);
        }
        catch (FormatException exception)
        {
            return await FailAsync(item, attempts, null, exception.Message, cancellationToken).ConfigureAwait(false);
        }

        var sent = await _chain.SendAsync(call, cancellationToken).ConfigureAwait(false);
        switch (sent.Status)
        {
            case SendStatus.Reverted:
                return await FailAsync(item, attempts, null, sent.Error ?? "reverted", cancellationToken).ConfigureAwait(false);
            case SendStatus.Transient:
                return await RetryAsync(item, attempts, null, sent.Error ?? "RPC error", cancellationToken).ConfigureAwait(false);
            case SendStatus.AlreadyOnChain:
                // Exactly once: an earlier transaction (ours before a crash, or anyone's) put the effect on chain.
                await _outbox.MarkRelayedAsync(item.Id, string.Empty, 0, cancellationToken).ConfigureAwait(false);
                Log.AlreadyOnChain(_logger, item.Kind.ToString(), item.Device.ToString(), item.Sequence, sent.Error ?? string.Empty);
                return Outcome(item, RelayStatus.Relayed, null, sent.Error, attempts);
        }

        var transactionHash = sent.TransactionHash!;
        await _outbox.MarkSubmittedAsync(item.Id, transactionHash, cancellationToken).ConfigureAwait(false);
        return await AwaitReceiptAsync(item, attempts, transactionHash, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RelayOutcome> AwaitReceiptAsync(OutboxItem item, int attempts, string transactionHash, CancellationToken cancellationToken)
    {
        var deadline = _timeProvider.GetUtcNow() + _options.ReceiptTimeout;
        try
        {
            while (true)
            {
                var receipt = await _chain.GetReceiptAsync(transactionHash, cancellationToken).ConfigureAwait(false);
                if (receipt is { Succeeded: false })
                {
                    return await FailAsync(item, attempts, transactionHash, "reverted on chain (receipt status 0)", cancellationToken).ConfigureAwait(false);
                }

                if (receipt is { } mined
                    && await _chain.GetBlockNumberAsync(cancellationToken).ConfigureAwait(false) >= mined.BlockNumber + _options.Confirmations - 1)
                {
                    await _outbox.MarkRelayedAsync(item.Id, transactionHash, mined.BlockNumber, cancellationToken).ConfigureAwait(false);
                    Log.Relayed(_logger, item.Kind.ToString(), item.Device.ToString(), item.Sequence, transactionHash, mined.BlockNumber);
                    return Outcome(item, RelayStatus.Relayed, transactionHash, null, attempts);
                }

                if (receipt is null && !await _chain.IsKnownAsync(transactionHash, cancellationToken).ConfigureAwait(false))
                {
                    // Dropped from the pool, or its block reorganised away and not taken back: send the call again.
                    // The contract refuses a second effect (sequence/settled checks), so a late first copy is harmless.
                    Log.Resending(_logger, item.Kind.ToString(), item.Device.ToString(), item.Sequence, transactionHash);
                    return await SendAsync(item, attempts, cancellationToken).ConfigureAwait(false);
                }

                if (_timeProvider.GetUtcNow() >= deadline)
                {
                    return await RetryAsync(item, attempts, transactionHash, "no confirmed receipt yet", cancellationToken).ConfigureAwait(false);
                }

                await Task.Delay(_options.ReceiptPollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ChainUnavailableException exception)
        {
            return await RetryAsync(item, attempts, transactionHash, exception.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<RelayOutcome> FailAsync(OutboxItem item, int attempts, string? transactionHash, string error, CancellationToken cancellationToken)
    {
        await _outbox.MarkFailedAsync(item.Id, transactionHash, error, cancellationToken).ConfigureAwait(false);
        Log.Failed(_logger, item.Kind.ToString(), item.Device.ToString(), item.Sequence, transactionHash, error);
        return Outcome(item, RelayStatus.Failed, transactionHash, error, attempts);
    }

    private async Task<RelayOutcome> RetryAsync(OutboxItem item, int attempts, string? transactionHash, string error, CancellationToken cancellationToken)
    {
        var delay = Backoff(attempts);
        await _outbox.ScheduleRetryAsync(item.Id, attempts, _timeProvider.GetUtcNow() + delay, error, cancellationToken).ConfigureAwait(false);
        Log.Retrying(_logger, item.Kind.ToString(), item.Device.ToString(), item.Sequence, attempts, delay, error);
        return Outcome(item, RelayStatus.Retrying, transactionHash, error, attempts);
    }

    /// <summary>base · 2^(attempts−1), at most the configured maximum.</summary>
    internal TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Min(attempts - 1, 30);
        var delay = _options.RetryBaseDelay * Math.Pow(2, exponent);
        return delay < _options.RetryMaxDelay ? delay : _options.RetryMaxDelay;
    }

    private static RelayOutcome Outcome(OutboxItem item, RelayStatus status, string? transactionHash, string? error, int attempts) =>
        new(item.Id, item.Device, item.Sequence, item.Kind, status, transactionHash, error, attempts);

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Relayed {Kind} {Device} #{Sequence} in {TransactionHash} (block {BlockNumber})")]
        public static partial void Relayed(ILogger logger, string kind, string device, ulong sequence, string transactionHash, long blockNumber);

        [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Relay of {Kind} {Device} #{Sequence} failed for good (tx {TransactionHash}): {Error}")]
        public static partial void Failed(ILogger logger, string kind, string device, ulong sequence, string? transactionHash, string error);

        [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Relay of {Kind} {Device} #{Sequence} attempt {Attempts} hit a transient error; retry in {Delay}: {Error}")]
        public static partial void Retrying(ILogger logger, string kind, string device, ulong sequence, int attempts, TimeSpan delay, string error);

        [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Relay round failed; pausing before the next")]
        public static partial void RoundFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "{Kind} {Device} #{Sequence}: transaction {TransactionHash} is gone from the node (dropped or reorganised away); sending again")]
        public static partial void Resending(ILogger logger, string kind, string device, ulong sequence, string transactionHash);

        [LoggerMessage(EventId = 305, Level = LogLevel.Information, Message = "{Kind} {Device} #{Sequence} is on chain already: {Detail}")]
        public static partial void AlreadyOnChain(ILogger logger, string kind, string device, ulong sequence, string detail);

        [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Relaying is disabled (Chain:RelayEnabled = false)")]
        public static partial void Disabled(ILogger logger);
    }
}
