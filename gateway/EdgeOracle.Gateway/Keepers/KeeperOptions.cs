using System;
using System.ComponentModel.DataAnnotations;

namespace EdgeOracle.Gateway.Keepers;

/// <summary>
/// The keepers: hosted services that make the calls anyone may make and that the finance contracts need someone to make.
/// Section <c>Keepers</c>. Each is switched on by its own option; all are off by default (a keeper spends the relayer
/// account's gas), and on in the gateway's <c>appsettings.json</c> and the local system. Addresses left empty are filled
/// from <c>Chain:DeploymentFile</c>; a keeper that is on without its contract is refused at start.
/// </summary>
public sealed class KeeperOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Keepers";

    /// <summary>
    /// Liquidation: <c>LendingMarket.absorb(account)</c> for every borrower that <c>isLiquidatable</c>. Borrowers are
    /// found from the market's <c>Borrowed</c> events. Default off.
    /// </summary>
    public bool LiquidationEnabled { get; set; }

    /// <summary>
    /// Policy expiry: <c>QuorumInsurance.expirePolicy(id)</c> for every active policy past its end and twice its
    /// product's staleness, so its locked capital goes back to the pool. Policies are found from <c>PolicyBought</c>. Default off.
    /// </summary>
    public bool PolicyExpiryEnabled { get; set; }

    /// <summary>
    /// Window decisions: <c>QuorumInsurance.decideWindow</c> for a window that collected some of its region's sensors
    /// (<c>WindowCollected</c>) and is past its deadline, so it is decided on what arrived. Default off.
    /// </summary>
    public bool WindowsEnabled { get; set; }

    /// <summary>
    /// Oracle upkeep: pushes every price of <see cref="PriceFeedUrl"/> newer than the last one pushed to
    /// <c>PriceOracle.pushPrice</c>, and calls <c>poke()</c> on every pair of <see cref="PairAddresses"/> whose last
    /// update is older than <see cref="PokeAfter"/>, so that TWAP-priced collateral keeps a fresh price. Default off.
    /// </summary>
    public bool OracleEnabled { get; set; }

    /// <summary>
    /// The signed price feed (HTTP or HTTPS) the oracle keeper reads each round: a JSON object
    /// <c>{ "prices": [ { "asset": "0x…", "price": "1100000000000000000", "timestamp": 1765000000, "signature": "0x…" } ] }</c>,
    /// each signed by the oracle's feed signer (gateway/README.md, Keepers). Empty: no prices are pushed (pairs are still poked).
    /// </summary>
    public string PriceFeedUrl { get; set; } = string.Empty;

    /// <summary>The <c>PriceOracle</c> prices are pushed to. Default: the deployment file's.</summary>
    public string PriceOracleAddress { get; set; } = string.Empty;

    /// <summary>Pairs (comma-separated addresses) the oracle keeper pokes. Default: the deployment file's FxPair and AssetPair.</summary>
    public string PairAddresses { get; set; } = string.Empty;

    /// <summary>A pair not updated for this long is poked. Default 10 min (keep it under the oracle feeds' <c>maxAge</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan PokeAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often each keeper looks (new events, then its checks). Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The <c>LendingMarket</c> the liquidation keeper watches. Default: the deployment file's.</summary>
    public string LendingMarketAddress { get; set; } = string.Empty;

    /// <summary>The <c>QuorumInsurance</c> the expiry and window keepers watch. Default: <c>Chain:QuorumInsuranceAddress</c>, else the deployment file's.</summary>
    public string QuorumInsuranceAddress { get; set; } = string.Empty;

    /// <summary>The block the keepers read events from. Default: the deployment file's deployment block, else 0.</summary>
    [Range(0, long.MaxValue)]
    public long StartBlock { get; set; }

    /// <summary>Blocks per <c>eth_getLogs</c> request. Default 2,000.</summary>
    [Range(1, 1_000_000)]
    public int MaxBlockRange { get; set; } = 2_000;

    /// <summary>How long a keeper waits for its transaction to be mined before it looks again next round. Default 2 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary><see cref="PairAddresses"/> as a list.</summary>
    public string[] Pairs() => PairAddresses.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
