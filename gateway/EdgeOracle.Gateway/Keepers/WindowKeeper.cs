using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Keepers;

/// <summary>
/// Decides windows that stayed short of their region: every window a <c>WindowCollected</c> event names (a round
/// counted some sensors, not all) gets <c>decideWindow</c> once its deadline has passed, so its products pay (or not)
/// on the readings that arrived even when no later round comes. The deadline is learnt from the contract itself
/// (<c>QuorumInsuranceWindowOpen(deadline)</c> at the estimate); a window already decided (the last sensor's reading
/// came, or another caller) is forgotten.
/// </summary>
public sealed class WindowKeeper(
    IKeeperChain chain,
    KeeperMetrics metrics,
    IOptions<KeeperOptions> options,
    ISubmitterLease lease,
    TimeProvider time,
    ILogger<WindowKeeper> logger)
    : Keeper(KeeperName, options.Value.WindowsEnabled, chain, metrics, options, lease, time, logger)
{
    /// <summary>The name in logs and metrics.</summary>
    public const string KeeperName = "window";

    private const string WindowOpen = "QuorumInsuranceWindowOpen(uint64)";
    private const string AlreadyDecided = "QuorumInsuranceWindowAlreadyDecided()";

    // Window → the chain time before which it is not worth trying (0: unknown, try).
    private readonly Dictionary<(uint Region, uint Metric, ulong Start, ulong End), ulong> _open = [];
    private EventCursor? _collected;

    /// <summary>Windows being watched now.</summary>
    public int Watched => _open.Count;

    /// <inheritdoc />
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var insurance = Options.QuorumInsuranceAddress;
        _collected ??= new EventCursor(Chain, insurance, "WindowCollected(uint32,uint32,uint64,uint64,uint256)", Options.StartBlock, Options.MaxBlockRange);
        foreach (var log in await _collected.ReadNewAsync(cancellationToken).ConfigureAwait(false))
        {
            var window = ((uint)KeeperAbi.TopicNumber(log.Topics[1]), (uint)KeeperAbi.TopicNumber(log.Topics[2]),
                (ulong)KeeperAbi.Word(log.Data, 0), (ulong)KeeperAbi.Word(log.Data, 1));
            _open.TryAdd(window, 0);
        }

        if (_open.Count == 0)
        {
            return;
        }

        var now = await Chain.GetBlockTimestampAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (window, notBefore) in _open.Where(w => now > w.Value).ToArray())
        {
            var action = $"decideWindow(region {window.Region}, metric {window.Metric}, {window.Start}–{window.End})";
            var result = await SendAsync(
                action,
                insurance,
                KeeperAbi.Encode("decideWindow(uint32,uint32,uint64,uint64)", window.Region, window.Metric, window.Start, window.End),
                cancellationToken).ConfigureAwait(false);
            switch (result.Status)
            {
                case KeeperSendStatus.Mined:
                    _open.Remove(window);
                    break;
                case KeeperSendStatus.Reverted when result.RevertedWith(WindowOpen):
                    _open[window] = (ulong)KeeperAbi.Word(KeeperAbi.FromHex(result.RevertData).AsSpan(4), 0);
                    break;
                case KeeperSendStatus.Reverted when result.RevertedWith(AlreadyDecided):
                    NotDue(action, "decided already");
                    _open.Remove(window);
                    break;
                case KeeperSendStatus.Reverted:
                    Metrics.Count(KeeperName, "failed");
                    Log.Dropped(Logger, KeeperName, action, result.Detail + " " + result.RevertData);
                    _open.Remove(window);
                    break;
            }
        }
    }
}
