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
/// Absorbs underwater loans: every borrower the market's <c>Borrowed</c> events name is checked with
/// <c>isLiquidatable(account)</c>, and <c>absorb(account)</c> is sent for each that is (Compound III: the market takes
/// the debt and the collateral; the collateral's value beyond the debt is credited to the borrower). A borrower whose
/// debt is zero is forgotten until it borrows again. A check that reverts (a stale price feed) is logged and tried
/// again next round.
/// </summary>
public sealed class LiquidationKeeper(
    IKeeperChain chain,
    KeeperMetrics metrics,
    IOptions<KeeperOptions> options,
    ISubmitterLease lease,
    TimeProvider time,
    ILogger<LiquidationKeeper> logger)
    : Keeper(KeeperName, options.Value.LiquidationEnabled, chain, metrics, options, lease, time, logger)
{
    /// <summary>The name in logs and metrics.</summary>
    public const string KeeperName = "liquidation";

    private readonly HashSet<string> _borrowers = new(StringComparer.OrdinalIgnoreCase);
    private EventCursor? _borrowed;

    /// <summary>Borrowers being watched now.</summary>
    public int Watched => _borrowers.Count;

    /// <inheritdoc />
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var market = Options.LendingMarketAddress;
        _borrowed ??= new EventCursor(Chain, market, "Borrowed(address,uint256)", Options.StartBlock, Options.MaxBlockRange);
        foreach (var log in await _borrowed.ReadNewAsync(cancellationToken).ConfigureAwait(false))
        {
            _borrowers.Add(KeeperAbi.TopicAddress(log.Topics[1]));
        }

        foreach (var account in _borrowers.ToArray())
        {
            bool liquidatable;
            try
            {
                liquidatable = KeeperAbi.Word(await Chain.CallAsync(market, KeeperAbi.Encode("isLiquidatable(address)", account), cancellationToken).ConfigureAwait(false), 0) != 0;
                if (!liquidatable
                    && KeeperAbi.Word(await Chain.CallAsync(market, KeeperAbi.Encode("borrowBalanceOf(address)", account), cancellationToken).ConfigureAwait(false), 0) == 0)
                {
                    _borrowers.Remove(account);
                }
            }
            catch (KeeperCallRevertedException revert)
            {
                Metrics.Count(KeeperName, "skipped");
                Log.CheckFailed(Logger, KeeperName, account, revert.Message);
                continue;
            }

            if (!liquidatable)
            {
                continue;
            }

            var action = $"absorb({account})";
            var result = await SendAsync(action, market, KeeperAbi.Encode("absorb(address)", account), cancellationToken).ConfigureAwait(false);
            if (result.Status == KeeperSendStatus.Mined)
            {
                _borrowers.Remove(account);
            }
            else if (result.Status == KeeperSendStatus.Reverted)
            {
                // Absorbed by someone else between the check and the estimate, or repaid: the next check decides.
                NotDue(action, result.Detail);
            }
        }
    }
}
