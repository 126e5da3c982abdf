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
        var command = new Command("investor", "Deposit to the risk pool, see its capital and your shares, claim the asset token's revenue.");
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Deposit());
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
