using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Keepers;

/// <summary>
/// Expires policies: every policy the contract's <c>PolicyBought</c> events name is due once the chain's clock is past
/// its end plus twice its product's staleness (the contract's own rule; the last windows are decided by then), and
/// <c>expirePolicy(id)</c> is sent, which releases its locked capital to the pool. A policy that was fully paid, or
/// expired by someone else, reverts at the estimate and is forgotten.
/// </summary>
public sealed class PolicyExpiryKeeper(
    IKeeperChain chain,
    KeeperMetrics metrics,
    IOptions<KeeperOptions> options,
    ISubmitterLease lease,
    TimeProvider time,
    ILogger<PolicyExpiryKeeper> logger)
    : Keeper(KeeperName, options.Value.PolicyExpiryEnabled, chain, metrics, options, lease, time, logger)
{
    /// <summary>The name in logs and metrics.</summary>
    public const string KeeperName = "policy_expiry";

    // Product struct: region, metric, quorum, direction, windowLength, staleness (word 5), …
    private const int StalenessWord = 5;

    // PolicyBought data: buyer, start, end (word 2), sumInsured, premium.
    private const int EndWord = 2;

    private readonly Dictionary<BigInteger, ulong> _dueAt = [];
    private readonly Dictionary<BigInteger, ulong> _staleness = [];
    private EventCursor? _bought;

    /// <summary>Policies being watched now.</summary>
    public int Watched => _dueAt.Count;

    /// <inheritdoc />
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var insurance = Options.QuorumInsuranceAddress;
        _bought ??= new EventCursor(Chain, insurance, "PolicyBought(uint256,uint32,address,address,uint64,uint64,uint256,uint256)", Options.StartBlock, Options.MaxBlockRange);
        foreach (var log in await _bought.ReadNewAsync(cancellationToken).ConfigureAwait(false))
        {
            var policyId = KeeperAbi.TopicNumber(log.Topics[1]);
            var productId = KeeperAbi.TopicNumber(log.Topics[2]);
            if (!_staleness.TryGetValue(productId, out var staleness))
            {
                var product = await Chain.CallAsync(insurance, KeeperAbi.Encode("product(uint32)", productId), cancellationToken).ConfigureAwait(false);
                _staleness[productId] = staleness = (ulong)KeeperAbi.Word(product, StalenessWord);
            }

            _dueAt[policyId] = (ulong)KeeperAbi.Word(log.Data, EndWord) + 2 * staleness;
        }

        var now = await Chain.GetBlockTimestampAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (policyId, dueAt) in _dueAt.Where(p => now > p.Value).ToArray())
        {
            var action = $"expirePolicy({policyId})";
            var result = await SendAsync(action, insurance, KeeperAbi.Encode("expirePolicy(uint256)", policyId), cancellationToken).ConfigureAwait(false);
            if (result.Status == KeeperSendStatus.Reverted)
            {
                // QuorumInsuranceNotExpirable after its due time: closed already (fully paid, or expired by another caller).
                NotDue(action, result.Detail);
            }

            if (result.Status is KeeperSendStatus.Mined or KeeperSendStatus.Reverted)
            {
                _dueAt.Remove(policyId);
            }
        }
    }
}
