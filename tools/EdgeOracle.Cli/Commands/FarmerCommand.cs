using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Numerics;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Keepers;

namespace EdgeOracle.Cli.Commands;

/// <summary>
/// <c>farmer</c>: the borrower's side of the lending market: collateral (tEUR, risk-pool shares, the asset token),
/// borrowing and repaying tUSD, pledging an insurance policy so that its payout repays the loan first, and health.
/// </summary>
internal static class FarmerCommand
{
    private const int Decimals = 6;

    public static Command Create()
    {
        var command = new Command("farmer", "Buy a policy, borrow tUSD against collateral, pledge the policy to the lending market, repay, see health.");
        command.Subcommands.Add(Status());
        command.Subcommands.Add(BuyPolicy());
        command.Subcommands.Add(Collateral());
        command.Subcommands.Add(Borrow());
        command.Subcommands.Add(Repay());
        command.Subcommands.Add(Pledge());
        return command;
    }

    private static Command Status()
    {
        var account = new Option<string?>("--account") { Description = "whose loan to show (default: the key's account)" };
        return ActorOptions.Command("status", "The account's debt, collateral per asset, and whether it may borrow more or can be liquidated.", [account], async (parse, context) =>
        {
            var who = context.AccountOr(parse.GetValue(account));
            var market = context.Reader.Contract("LendingMarket", context.Deployment.LendingMarket);
            var debt = await market.GetFunction("borrowBalanceOf").CallAsync<BigInteger>(who).ConfigureAwait(false);
            var collateralized = await market.GetFunction("isBorrowCollateralized").CallAsync<bool>(who).ConfigureAwait(false);
            var liquidatable = await market.GetFunction("isLiquidatable").CallAsync<bool>(who).ConfigureAwait(false);
            var held = new List<(string Symbol, string Amount)>();
            foreach (var asset in await CollateralAssetsAsync(context).ConfigureAwait(false))
            {
                var amount = await market.GetFunction("collateralOf").CallAsync<BigInteger>(who, asset.Address).ConfigureAwait(false);
                if (!amount.IsZero)
                {
                    held.Add((asset.Symbol, ChainContext.FormatAmount(amount, asset.Decimals)));
                }
            }

            var health = liquidatable ? "LIQUIDATABLE: a keeper may absorb the loan" : collateralized ? "healthy" : "at its borrow limit: repay or add collateral to borrow more";
            context.Print(
                new { account = who, debt = debt.ToString(), collateral = held.ToDictionary(h => h.Symbol, h => h.Amount), collateralized, liquidatable },
                "account " + who,
                "  debt        " + ChainContext.FormatAmount(debt, Decimals) + " tUSD",
                "  collateral  " + (held.Count == 0 ? "none" : string.Join(", ", held.Select(h => h.Amount + " " + h.Symbol))),
                "  health      " + health);
            return 0;
        });
    }

    private static Command Collateral()
    {
        var amount = new Argument<string>("amount") { Description = "how much to add, e.g. 1000" };
        var asset = new Option<string>("--asset") { Description = "the collateral's symbol: eRISK (risk-pool shares) or the asset token's (a wrong one is answered with what the market takes)", Required = true };
        return ActorOptions.Command("collateral", "Add collateral to the lending market (approves exactly that amount when needed).", [amount, asset], async (parse, context) =>
        {
            var assets = await CollateralAssetsAsync(context).ConfigureAwait(false);
            var symbol = parse.GetValue(asset)!;
            var chosen = assets.FirstOrDefault(a => string.Equals(a.Symbol, symbol, StringComparison.OrdinalIgnoreCase))
                ?? throw new CliException("'" + symbol + "' is not collateral here; the market takes " + string.Join(", ", assets.Select(a => a.Symbol)) + ".");
            var value = ChainContext.ParseAmount(parse.GetValue(amount)!, chosen.Decimals);
            var market = context.Deployment.LendingMarket;
            var approval = await context.PrepareSpendAsync(chosen.Address, market, value).ConfigureAwait(false);
            var tx = await context.SendAsync("LendingMarket", market, "supplyCollateral", chosen.Address, value).ConfigureAwait(false);
            context.Print(
                new { account = context.Actor.From, asset = chosen.Symbol, added = value.ToString(), approvalTx = approval, tx },
                "added " + ChainContext.FormatAmount(value, chosen.Decimals) + " " + chosen.Symbol + " of collateral");
            return 0;
        });
    }

    private static Command Borrow()
    {
        var amount = new Argument<string>("amount") { Description = "tUSD to borrow" };
        return ActorOptions.Command("borrow", "Borrow tUSD against the account's collateral.", [amount], async (parse, context) =>
        {
            var value = ChainContext.ParseAmount(parse.GetValue(amount)!, Decimals);
            var tx = await context.SendAsync("LendingMarket", context.Deployment.LendingMarket, "borrow", value).ConfigureAwait(false);
            var debt = await context.Actor.Contract("LendingMarket", context.Deployment.LendingMarket).GetFunction("borrowBalanceOf").CallAsync<BigInteger>(context.Actor.From).ConfigureAwait(false);
            context.Print(
                new { account = context.Actor.From, borrowed = value.ToString(), debt = debt.ToString(), tx },
                "borrowed " + ChainContext.FormatAmount(value, Decimals) + " tUSD; the debt is now " + ChainContext.FormatAmount(debt, Decimals) + " tUSD");
            return 0;
        });
    }

    private static Command Repay()
    {
        var amount = new Argument<string>("amount") { Description = "tUSD to repay, or 'all' for the whole debt with its interest" };
        return ActorOptions.Command("repay", "Repay the account's debt (approves the market for it first when needed).", [amount], async (parse, context) =>
        {
            var market = context.Deployment.LendingMarket;
            var debt = await context.Actor.Contract("LendingMarket", market).GetFunction("borrowBalanceOf").CallAsync<BigInteger>(context.Actor.From).ConfigureAwait(false);
            if (debt.IsZero)
            {
                throw new CliException(context.Actor.From + " owes nothing.");
            }

            var text = parse.GetValue(amount)!;
            var all = string.Equals(text, "all", StringComparison.OrdinalIgnoreCase);
            var value = all ? debt : ChainContext.ParseAmount(text, Decimals);
            // Interest accrues every second: 'all' allows a little more than the debt read now and repays what is owed then.
            var approval = await context.PrepareSpendAsync(context.Deployment.Stablecoin, market, all ? debt + debt / 1000 + 1 : value).ConfigureAwait(false);
            var before = await context.BalanceAsync(context.Deployment.Stablecoin, context.Actor.From).ConfigureAwait(false);
            var tx = await context.SendAsync("LendingMarket", market, "repay", context.Actor.From, all ? ChainContext.MaxUint256 : value).ConfigureAwait(false);
            var repaid = before - await context.BalanceAsync(context.Deployment.Stablecoin, context.Actor.From).ConfigureAwait(false);
            var left = await context.Actor.Contract("LendingMarket", market).GetFunction("borrowBalanceOf").CallAsync<BigInteger>(context.Actor.From).ConfigureAwait(false);
            context.Print(
                new { account = context.Actor.From, repaid = repaid.ToString(), debt = left.ToString(), approvalTx = approval, tx },
                "repaid " + ChainContext.FormatAmount(repaid, Decimals) + " tUSD; the debt is now " + ChainContext.FormatAmount(left, Decimals) + " tUSD");
            return 0;
        });
    }

    private static Command BuyPolicy()
    {
        var product = new Option<uint>("--product") { Description = "the QuorumInsurance product", Required = true };
        var start = new Option<string>("--start") { Description = "cover starts: a date (2026-12-01, UTC midnight), a time (2026-12-01T06:00:00Z) or unix seconds", Required = true };
        var end = new Option<string>("--end") { Description = "cover ends (exclusive), in the same forms", Required = true };
        var sum = new Option<string>("--sum") { Description = "the sum insured, tUSD", Required = true };
        var beneficiary = new Option<string?>("--beneficiary") { Description = "who is paid (default: the key's account)" };
        return ActorOptions.Command("buy-policy", "Buy a policy on a product: pays the premium (approves exactly that amount when needed).", [product, start, end, sum, beneficiary], async (parse, context) =>
        {
            var id = parse.GetValue(product);
            var insurance = context.Deployment.QuorumInsurance;
            var terms = (await context.Reader.Contract("QuorumInsurance", insurance).GetFunction("product").CallDeserializingToObjectAsync<ProductOutput>(id).ConfigureAwait(false)).Product;
            if (terms.Quorum == 0)
            {
                throw new CliException("There is no product " + id + ".");
            }

            var (from, until) = (Instant(parse.GetValue(start)!, "--start"), Instant(parse.GetValue(end)!, "--end"));
            var sumInsured = ChainContext.ParseAmount(parse.GetValue(sum)!, Decimals);
            var premium = ((sumInsured * terms.PremiumBps) + 9_999) / 10_000;
            var who = parse.GetValue(beneficiary) is { } named ? ChainContext.ParseAddress(named) : context.Actor.From;
            var approval = await context.PrepareSpendAsync(context.Deployment.Stablecoin, insurance, premium).ConfigureAwait(false);
            object[] args = [id, who, from, until, sumInsured];
            var policyId = await context.PreviewAsync<BigInteger>("QuorumInsurance", insurance, "buyPolicy", args).ConfigureAwait(false);
            var tx = await context.SendAsync("QuorumInsurance", insurance, "buyPolicy", args).ConfigureAwait(false);
            context.Print(
                new { policy = policyId.ToString(), product = id, beneficiary = who, start = from, end = until, sumInsured = sumInsured.ToString(), premium = premium.ToString(), approvalTx = approval, tx },
                "policy " + policyId + " on product " + id + ": " + ChainContext.FormatAmount(sumInsured, Decimals) + " tUSD insured for " + who + " from "
                    + DateTimeOffset.FromUnixTimeSeconds((long)from).ToString("u", System.Globalization.CultureInfo.InvariantCulture) + " to "
                    + DateTimeOffset.FromUnixTimeSeconds((long)until).ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ", premium "
                    + ChainContext.FormatAmount(premium, Decimals) + " tUSD");
            return 0;
        });
    }

    /// <summary>Unix seconds from "2026-12-01", "2026-12-01T06:00:00Z" or "1796601600".</summary>
    private static ulong Instant(string text, string option)
    {
        if (ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds;
        }

        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var time)
            ? (ulong)time.ToUnixTimeSeconds()
            : throw new CliException(option + " '" + text + "' is not a date (2026-12-01), a time (2026-12-01T06:00:00Z) or unix seconds.");
    }

    [Nethereum.ABI.FunctionEncoding.Attributes.FunctionOutput]
    private sealed class ProductOutput : Nethereum.ABI.FunctionEncoding.Attributes.IFunctionOutputDTO
    {
        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("tuple", "", 1)]
        public Devnet.ProductTerms Product { get; set; } = new();
    }

    private static Command Pledge()
    {
        var policy = new Argument<ulong>("policy") { Description = "the QuorumInsurance policy id (the account must be its beneficiary)" };
        return ActorOptions.Command("pledge", "Pledge a policy to the lending market: its payouts repay the account's loan first, the rest is paid on.", [policy], async (parse, context) =>
        {
            var id = new BigInteger(parse.GetValue(policy));
            var market = context.Deployment.LendingMarket;
            var tx = await context.SendAsync("QuorumInsurance", context.Deployment.QuorumInsurance, "setBeneficiary", id, market, true).ConfigureAwait(false);
            var pledger = await context.Actor.Contract("LendingMarket", market).GetFunction("pledgedBy").CallAsync<string>(id).ConfigureAwait(false);
            context.Print(
                new { account = context.Actor.From, policy = id.ToString(), pledgedBy = pledger, tx },
                "policy " + id + " pledged to the lending market by " + pledger);
            return 0;
        });
    }

    private sealed record Asset(string Address, string Symbol, int Decimals);

    /// <summary>
    /// What the market takes as collateral: every asset a <c>CollateralConfigured</c> event names (Deploy.s.sol
    /// configures the risk pool's shares and the asset token), with its latest configuration's liquidation factor above zero
    /// (the market's own test for collateral).
    /// </summary>
    private static async Task<List<Asset>> CollateralAssetsAsync(ChainContext context)
    {
        var logs = await context.EventsAsync(context.Deployment.LendingMarket, "CollateralConfigured(address,(uint64,uint64,uint64,uint128))").ConfigureAwait(false);
        var latest = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        foreach (var log in logs)
        {
            // data: borrowCF, liquidateCF, discount, supplyCap, one word each; topic 1: the asset.
            var data = KeeperAbi.FromHex(log.Data);
            latest[KeeperAbi.TopicAddress(log.Topics[1].ToString()!)] = data.Length >= 64 && !KeeperAbi.Word(data, 1).IsZero;
        }

        var assets = new List<Asset>();
        foreach (var (address, enabled) in latest)
        {
            if (enabled)
            {
                var (symbol, decimals) = await context.TokenAsync(address).ConfigureAwait(false);
                assets.Add(new Asset(address, symbol, decimals));
            }
        }

        return assets;
    }
}
