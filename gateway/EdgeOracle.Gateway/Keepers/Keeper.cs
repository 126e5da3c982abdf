using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Monitoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Keepers;

/// <summary>
/// What the keepers did, on the gateway meter (<see cref="GatewayMetrics.MeterName"/>): <c>eo.gateway.keeper.actions</c>
/// tagged <c>keeper</c> (liquidation, policy_expiry, window) and <c>outcome</c> (done, skipped, failed), plus in-memory
/// totals that tests and the API read.
/// </summary>
public sealed class KeeperMetrics
{
    private readonly Counter<long> _actions;
    private readonly ConcurrentDictionary<(string Keeper, string Outcome), long> _totals = new();

    /// <summary>Creates the instrument through the host's factory.</summary>
    public KeeperMetrics(IMeterFactory meterFactory)
    {
        _actions = meterFactory.Create(GatewayMetrics.MeterName)
            .CreateCounter<long>("eo.gateway.keeper.actions", "{call}", "Keeper calls, tagged with the keeper and how they ended.");
    }

    /// <summary>Counts one call of <paramref name="keeper"/> that ended as <paramref name="outcome"/>.</summary>
    public void Count(string keeper, string outcome)
    {
        _totals.AddOrUpdate((keeper, outcome), 1, (_, n) => n + 1);
        _actions.Add(1, new KeyValuePair<string, object?>("keeper", keeper), new KeyValuePair<string, object?>("outcome", outcome));
    }

    /// <summary>The calls of <paramref name="keeper"/> that ended as <paramref name="outcome"/> since start.</summary>
    public long Total(string keeper, string outcome) => _totals.TryGetValue((keeper, outcome), out var n) ? n : 0;
}

/// <summary>
/// A keeper: every <see cref="KeeperOptions.Interval"/>, while this gateway holds the submitter lease, it reads the new
/// events of its contract and makes the calls that are due. What it knows is rebuilt from the chain's events at start,
/// so nothing is lost when the gateway stops; every call is estimated first, so one that is no longer due (someone else
/// made it, the state changed) costs nothing.
/// </summary>
public abstract partial class Keeper(
    string name,
    bool enabled,
    IKeeperChain chain,
    KeeperMetrics metrics,
    IOptions<KeeperOptions> options,
    ISubmitterLease lease,
    TimeProvider time,
    ILogger logger) : BackgroundService
{
    private bool _unavailable;

    /// <summary>The keeper's name in logs and metrics (e.g. <c>liquidation</c>).</summary>
    public string Name { get; } = name;

    /// <summary>Rounds completed since start (for tests that wait for a keeper to have looked).</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    private long _rounds;

    /// <summary>The options.</summary>
    protected KeeperOptions Options { get; } = options.Value;

    /// <summary>The logger.</summary>
    protected ILogger Logger { get; } = logger;

    /// <summary>The chain.</summary>
    protected IKeeperChain Chain { get; } = chain;

    /// <summary>The counters.</summary>
    protected KeeperMetrics Metrics { get; } = metrics;

    /// <summary>
    /// Sends <paramref name="data"/> to <paramref name="contract"/>; counts and logs a call that was mined (done) or
    /// that was sent and failed or is not mined yet (failed, tried again next round). A revert at the estimate is left
    /// to the caller, who knows what it means.
    /// </summary>
    protected async Task<KeeperSendResult> SendAsync(string action, string contract, byte[] data, CancellationToken cancellationToken)
    {
        var result = await Chain.SendAsync(contract, data, cancellationToken).ConfigureAwait(false);
        switch (result.Status)
        {
            case KeeperSendStatus.Mined:
                Metrics.Count(Name, "done");
                Log.Done(Logger, Name, action, result.TransactionHash);
                break;
            case KeeperSendStatus.Reverted:
                break;
            default:
                Metrics.Count(Name, "failed");
                Log.NotDone(Logger, Name, action, result.Status, result.TransactionHash);
                break;
        }

        return result;
    }

    /// <summary>Counts and logs a call that is not due any more (skipped).</summary>
    protected void NotDue(string action, string reason)
    {
        Metrics.Count(Name, "skipped");
        Log.NotDue(Logger, Name, action, reason);
    }

    /// <summary>One round: read new events, make the calls that are due.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>One round now, outside the schedule (tests).</summary>
    internal Task RunRoundAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!enabled)
        {
            return;
        }

        Log.Started(Logger, Name, Options.Interval);
        using var timer = new PeriodicTimer(Options.Interval, time);
        try
        {
            do
            {
                if (!await lease.HoldsAsync(stoppingToken).ConfigureAwait(false))
                {
                    continue;
                }

                try
                {
                    await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                    if (_unavailable)
                    {
                        _unavailable = false;
                        Log.NodeBack(Logger, Name);
                    }

                    Interlocked.Increment(ref _rounds);
                }
                catch (ChainUnavailableException unavailable)
                {
                    if (!_unavailable)
                    {
                        _unavailable = true;
                        Log.NodeUnavailable(Logger, Name, unavailable.Message);
                    }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    Log.RoundFailed(Logger, Name, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reads a contract's events of one kind in order, from <see cref="KeeperOptions.StartBlock"/> to the head, a range at a time.</summary>
    protected sealed class EventCursor(IKeeperChain chain, string contract, string eventSignature, long startBlock, int maxBlockRange)
    {
        private readonly string _topic = KeeperAbi.Topic(eventSignature);
        private long _next = startBlock;

        /// <summary>The events since the last read.</summary>
        public async Task<List<KeeperLog>> ReadNewAsync(CancellationToken cancellationToken)
        {
            var head = await chain.GetBlockNumberAsync(cancellationToken).ConfigureAwait(false);
            var logs = new List<KeeperLog>();
            while (_next <= head)
            {
                var to = Math.Min(head, _next + maxBlockRange - 1);
                logs.AddRange(await chain.GetLogsAsync(contract, _topic, _next, to, cancellationToken).ConfigureAwait(false));
                _next = to + 1;
            }

            return logs;
        }
    }

    /// <summary>The keepers' log messages (event ids 900–909).</summary>
    private protected static partial class Log
    {
        [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Keeper {Keeper} started; looking every {Interval}")]
        public static partial void Started(ILogger logger, string keeper, TimeSpan interval);

        [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "Keeper {Keeper}: {Action} in {TransactionHash}")]
        public static partial void Done(ILogger logger, string keeper, string action, string? transactionHash);

        [LoggerMessage(EventId = 902, Level = LogLevel.Debug, Message = "Keeper {Keeper}: {Action} is not due any more: {Reason}")]
        public static partial void NotDue(ILogger logger, string keeper, string action, string reason);

        [LoggerMessage(EventId = 903, Level = LogLevel.Warning, Message = "Keeper {Keeper}: {Action} {Status} (tx {TransactionHash}); trying again next round")]
        public static partial void NotDone(ILogger logger, string keeper, string action, KeeperSendStatus status, string? transactionHash);

        [LoggerMessage(EventId = 904, Level = LogLevel.Warning, Message = "Keeper {Keeper}: cannot check {Subject}: {Reason}")]
        public static partial void CheckFailed(ILogger logger, string keeper, string subject, string reason);

        [LoggerMessage(EventId = 905, Level = LogLevel.Warning, Message = "Keeper {Keeper}: the node is unavailable; waiting: {Reason}")]
        public static partial void NodeUnavailable(ILogger logger, string keeper, string reason);

        [LoggerMessage(EventId = 906, Level = LogLevel.Information, Message = "Keeper {Keeper}: the node answers again")]
        public static partial void NodeBack(ILogger logger, string keeper);

        [LoggerMessage(EventId = 907, Level = LogLevel.Error, Message = "Keeper {Keeper}: round failed; trying again next round")]
        public static partial void RoundFailed(ILogger logger, string keeper, Exception exception);

        [LoggerMessage(EventId = 908, Level = LogLevel.Warning, Message = "Keeper {Keeper}: {Action} reverts and is dropped: {Reason}")]
        public static partial void Dropped(ILogger logger, string keeper, string action, string reason);
    }
}
