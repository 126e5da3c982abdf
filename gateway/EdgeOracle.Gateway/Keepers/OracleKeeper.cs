using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Keepers;

/// <summary>
/// Keeps the lending market's prices fresh. Each round it reads the signed price feed and pushes every price newer
/// than the last it pushed for that asset (<c>PriceOracle.pushPrice</c>; the oracle checks the signer and that the time
/// only moves forward), and pokes every configured pair whose reserves were last updated longer ago than
/// <see cref="KeeperOptions.PokeAfter"/> (<c>poke()</c> records the reserves again, so a quiet pair's TWAP stays within
/// its feed's <c>maxAge</c>). A feed that cannot be read is logged and read again next round; pairs are poked regardless.
/// </summary>
public sealed class OracleKeeper(
    IKeeperChain chain,
    IPriceFeed feed,
    KeeperMetrics metrics,
    IOptions<KeeperOptions> options,
    ISubmitterLease lease,
    TimeProvider time,
    ILogger<OracleKeeper> logger)
    : Keeper(KeeperName, options.Value.OracleEnabled, chain, metrics, options, lease, time, logger)
{
    /// <summary>The name in logs and metrics.</summary>
    public const string KeeperName = "oracle";

    private readonly Dictionary<string, ulong> _pushed = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await PushPricesAsync(cancellationToken).ConfigureAwait(false);
        await PokePairsAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task PushPricesAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<SignedPrice> prices;
        try
        {
            prices = await feed.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or FormatException
            || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Metrics.Count(KeeperName, "skipped");
            Log.CheckFailed(Logger, KeeperName, "the price feed " + Options.PriceFeedUrl, exception.Message);
            return;
        }

        foreach (var price in prices)
        {
            if (_pushed.TryGetValue(price.Asset, out var last) && price.Timestamp <= last)
            {
                continue;
            }

            var action = $"pushPrice({price.Asset}, {price.Price}, {price.Timestamp})";
            var result = await SendAsync(
                action,
                Options.PriceOracleAddress,
                KeeperAbi.Encode("pushPrice(address,uint256,uint64,bytes)", price.Asset, price.Price, price.Timestamp, price.Signature),
                cancellationToken).ConfigureAwait(false);
            if (result.Status == KeeperSendStatus.Mined)
            {
                _pushed[price.Asset] = price.Timestamp;
            }
            else if (result.Status == KeeperSendStatus.Reverted)
            {
                // PriceOracleBadPush: not newer than the oracle's (pushed by someone else), a time ahead of the chain's
                // clock (tried again next round), or not the feed signer's.
                NotDue(action, result.Detail);
            }
        }
    }

    private async Task PokePairsAsync(CancellationToken cancellationToken)
    {
        var pairs = Options.Pairs();
        if (pairs.Length == 0)
        {
            return;
        }

        var now = await Chain.GetBlockTimestampAsync(cancellationToken).ConfigureAwait(false);
        foreach (var pair in pairs)
        {
            // getReserves(): reserve0, reserve1, the last update's timestamp mod 2^32.
            var reserves = await Chain.CallAsync(pair, KeeperAbi.Encode("getReserves()"), cancellationToken).ConfigureAwait(false);
            var age = unchecked((uint)now - (uint)KeeperAbi.Word(reserves, 2));
            if (age <= Options.PokeAfter.TotalSeconds)
            {
                continue;
            }

            var result = await SendAsync($"poke() of {pair}", pair, KeeperAbi.Encode("poke()"), cancellationToken).ConfigureAwait(false);
            if (result.Status == KeeperSendStatus.Reverted)
            {
                NotDue($"poke() of {pair}", result.Detail);
            }
        }
    }
}
