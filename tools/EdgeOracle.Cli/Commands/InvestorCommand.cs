using System;
using System.CommandLine;
using System.Numerics;

namespace EdgeOracle.Cli.Commands;

/// <summary>
/// <c>investor</c>: the risk pool (ERC-4626 shares over tUSD that back the insurance) and the asset token's revenue.
/// </summary>
internal static class InvestorCommand
{
    public static Command Create()
    {
        var command = new Command("investor", "Deposit to and redeem from the risk pool, see its capital and your shares, claim the asset token's revenue.");
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Deposit());
        command.Subcommands.Add(RequestRedeem());
        command.Subcommands.Add(Redeem());
        command.Subcommands.Add(Claim());
        return command;
    }

    private static Command Status()
    {
        var account = new Option<string?>("--account") { Description = "whose shares and revenue to show (default: the key's account)" };
        return ActorOptions.Command("status", "The risk pool's capital (locked for policies and free) and an account's shares and claimable revenue.", [account], async (parse, context) =>
        {
            var who = context.AccountOr(parse.GetValue(account));
            var pool = context.Reader.Contract("RiskPool", context.Deployment.RiskPool);
            var (symbol, decimals) = await context.TokenAsync(await pool.GetFunction("asset").CallAsync<string>()).ConfigureAwait(false);
            var total = await pool.GetFunction("totalAssets").CallAsync<BigInteger>().ConfigureAwait(false);
            var locked = await pool.GetFunction("lockedCapital").CallAsync<BigInteger>().ConfigureAwait(false);
            var shares = await pool.GetFunction("balanceOf").CallAsync<BigInteger>(who).ConfigureAwait(false);
            var worth = await pool.GetFunction("convertToAssets").CallAsync<BigInteger>(shares).ConfigureAwait(false);
            var poolDecimals = await pool.GetFunction("decimals").CallAsync<byte>().ConfigureAwait(false);
            var distributor = context.Reader.Contract("RevenueDistributor", context.Deployment.RevenueDistributor);
            var claimable = await distributor.GetFunction("claimable").CallAsync<BigInteger>(who).ConfigureAwait(false);
            var assetTokens = await context.BalanceAsync(context.Deployment.AssetToken, who).ConfigureAwait(false);
            var (assetSymbol, assetDecimals) = await context.TokenAsync(context.Deployment.AssetToken).ConfigureAwait(false);
            context.Print(
                new
                {
                    pool = context.Deployment.RiskPool, totalAssets = total.ToString(), lockedCapital = locked.ToString(), account = who,
                    shares = shares.ToString(), sharesWorth = worth.ToString(), assetTokens = assetTokens.ToString(), claimableRevenue = claimable.ToString(),
                },
                "risk pool " + context.Deployment.RiskPool + ": " + ChainContext.FormatAmount(total, decimals) + " " + symbol + ", of which "
                    + ChainContext.FormatAmount(locked, decimals) + " locked for policies",
                "account " + who + ":",
                "  pool shares " + ChainContext.FormatAmount(shares, poolDecimals) + " (worth " + ChainContext.FormatAmount(worth, decimals) + " " + symbol + ")",
                "  " + assetSymbol + " " + ChainContext.FormatAmount(assetTokens, assetDecimals) + ", revenue to claim "
                    + ChainContext.FormatAmount(claimable, decimals) + " " + symbol);
            return 0;
        });
    }

    private static Command Deposit()
    {
        var amount = new Argument<string>("amount") { Description = "tUSD to deposit, e.g. 1000" };
        return ActorOptions.Command("deposit", "Deposit tUSD into the risk pool for shares (approves the pool for exactly that amount when needed).", [amount], async (parse, context) =>
        {
            var pool = context.Deployment.RiskPool;
            var asset = await context.Actor.Contract("RiskPool", pool).GetFunction("asset").CallAsync<string>().ConfigureAwait(false);
            var (symbol, decimals) = await context.TokenAsync(asset).ConfigureAwait(false);
            var value = ChainContext.ParseAmount(parse.GetValue(amount)!, decimals);
            var approval = await context.PrepareSpendAsync(asset, pool, value).ConfigureAwait(false);
            var before = await context.BalanceAsync(pool, context.Actor.From).ConfigureAwait(false);
            var tx = await context.SendAsync("RiskPool", pool, "deposit", value, context.Actor.From).ConfigureAwait(false);
            var shares = await context.BalanceAsync(pool, context.Actor.From).ConfigureAwait(false) - before;
            var (shareSymbol, shareDecimals) = await context.TokenAsync(pool).ConfigureAwait(false);
            context.Print(
                new { account = context.Actor.From, deposited = value.ToString(), shares = shares.ToString(), approvalTx = approval, tx },
                "deposited " + ChainContext.FormatAmount(value, decimals) + " " + symbol + " for "
                    + ChainContext.FormatAmount(shares, shareDecimals) + " " + shareSymbol + " shares");
            return 0;
        });
    }

    private static Command RequestRedeem()
    {
        var amount = new Argument<string>("shares") { Description = "risk-pool shares to redeem, e.g. 250, or 'all'" };
        return ActorOptions.Command(
            "request-redeem",
            "Ask to redeem risk-pool shares: they go into the pool's escrow and become redeemable after the pool's redemption delay, for at most what they are worth now.",
            [amount],
            async (parse, context) =>
        {
            var pool = context.Deployment.RiskPool;
            var (shareSymbol, shareDecimals) = await context.TokenAsync(pool).ConfigureAwait(false);
            var held = await context.BalanceAsync(pool, context.Actor.From).ConfigureAwait(false);
            var text = parse.GetValue(amount)!;
            var shares = string.Equals(text, "all", StringComparison.OrdinalIgnoreCase) ? held : ChainContext.ParseAmount(text, shareDecimals);
            if (shares.IsZero || shares > held)
            {
                throw new CliException(context.Actor.From + " holds " + ChainContext.FormatAmount(held, shareDecimals) + " " + shareSymbol
                    + (shares.IsZero ? ": nothing to redeem." : ", fewer than the " + ChainContext.FormatAmount(shares, shareDecimals) + " asked for."));
            }

            var tx = await context.SendAsync("RiskPool", pool, "requestRedeem", shares).ConfigureAwait(false);
            var pending = await context.Reader.Contract("RiskPool", pool).GetFunction("pendingRedeem").CallDeserializingToObjectAsync<PendingOutput>(context.Actor.From).ConfigureAwait(false);
            context.Print(
                new { account = context.Actor.From, requested = shares.ToString(), pendingShares = pending.Shares.ToString(), pendingAssets = pending.Assets.ToString(), unlocksAt = pending.UnlocksAt, tx },
                "requested " + ChainContext.FormatAmount(shares, shareDecimals) + " " + shareSymbol + "; in escrow " + ChainContext.FormatAmount(pending.Shares, shareDecimals)
                    + " " + shareSymbol + " for at most " + ChainContext.FormatAmount(pending.Assets, 6) + " tUSD, redeemable from "
                    + DateTimeOffset.FromUnixTimeSeconds((long)pending.UnlocksAt).ToString("u", System.Globalization.CultureInfo.InvariantCulture) + " (chain time) with `investor redeem`");
            return 0;
        });
    }

    private static Command Redeem()
    {
        return ActorOptions.Command("redeem", "Redeem the account's matured redemption request for tUSD (the lower of the shares' worth at the request and now).", [], async (parse, context) =>
        {
            var pool = context.Deployment.RiskPool;
            var contract = context.Reader.Contract("RiskPool", pool);
            var pending = await contract.GetFunction("pendingRedeem").CallDeserializingToObjectAsync<PendingOutput>(context.Actor.From).ConfigureAwait(false);
            if (pending.Shares.IsZero)
            {
                throw new CliException(context.Actor.From + " has no redemption request: ask with `investor request-redeem SHARES` first.");
            }

            var now = await context.ChainTimeAsync().ConfigureAwait(false);
            if (now < pending.UnlocksAt)
            {
                throw new CliException("The request unlocks at " + DateTimeOffset.FromUnixTimeSeconds((long)pending.UnlocksAt).ToString("u", System.Globalization.CultureInfo.InvariantCulture)
                    + " (chain time); the chain is at " + DateTimeOffset.FromUnixTimeSeconds((long)now).ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ".");
            }

            var before = await context.BalanceAsync(context.Deployment.Stablecoin, context.Actor.From).ConfigureAwait(false);
            var tx = await context.SendAsync("RiskPool", pool, "redeem", pending.Shares, context.Actor.From, context.Actor.From).ConfigureAwait(false);
            var received = await context.BalanceAsync(context.Deployment.Stablecoin, context.Actor.From).ConfigureAwait(false) - before;
            var (shareSymbol, shareDecimals) = await context.TokenAsync(pool).ConfigureAwait(false);
            context.Print(
                new { account = context.Actor.From, redeemedShares = pending.Shares.ToString(), received = received.ToString(), tx },
                "redeemed " + ChainContext.FormatAmount(pending.Shares, shareDecimals) + " " + shareSymbol + " for " + ChainContext.FormatAmount(received, 6) + " tUSD");
            return 0;
        });
    }

    [Nethereum.ABI.FunctionEncoding.Attributes.FunctionOutput]
    private sealed class PendingOutput : Nethereum.ABI.FunctionEncoding.Attributes.IFunctionOutputDTO
    {
        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint256", "shares", 1)]
        public BigInteger Shares { get; set; }

        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint256", "assets", 2)]
        public BigInteger Assets { get; set; }

        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint64", "unlocksAt", 3)]
        public ulong UnlocksAt { get; set; }
    }

    private static Command Claim()
    {
        return ActorOptions.Command("claim", "Claim the revenue the asset token has earned the account (RevenueDistributor.claim).", [], async (parse, context) =>
        {
            var distributor = context.Deployment.RevenueDistributor;
            var claimable = await context.Actor.Contract("RevenueDistributor", distributor).GetFunction("claimable").CallAsync<BigInteger>(context.Actor.From).ConfigureAwait(false);
            if (claimable.IsZero)
            {
                throw new CliException(context.Actor.From + " has no revenue to claim.");
            }

            var before = await context.BalanceAsync(context.Deployment.Stablecoin, context.Actor.From).ConfigureAwait(false);
            var tx = await context.SendAsync("RevenueDistributor", distributor, "claim").ConfigureAwait(false);
            var received = await context.BalanceAsync(context.Deployment.Stablecoin, context.Actor.From).ConfigureAwait(false) - before;
            context.Print(new { account = context.Actor.From, claimed = received.ToString(), tx }, "claimed " + ChainContext.FormatAmount(received, 6) + " tUSD");
            return 0;
        });
    }
}
