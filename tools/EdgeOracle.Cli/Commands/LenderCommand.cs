using System;
using System.CommandLine;
using System.Numerics;
using System.Threading.Tasks;
using EdgeOracle.Devnet;

namespace EdgeOracle.Cli.Commands;

/// <summary>
/// <c>lender</c>: the lending market from the lender's side: supply tUSD, withdraw it with interest, see the market's
/// rates and utilization and an account's position.
/// </summary>
internal static class LenderCommand
{
    private const int Decimals = 6;
    private const int SecondsPerYear = 31_536_000;
    private static readonly BigInteger Wad = BigInteger.Pow(10, 18);

    public static Command Create()
    {
        var command = new Command("lender", "Supply to and withdraw from the lending market; see its rates and utilization.");
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Supply());
        command.Subcommands.Add(Withdraw());
        return command;
    }

    private static Command Status()
    {
        var account = new Option<string?>("--account") { Description = "whose position to show (default: the key's account, if a key is given)" };
        return ActorOptions.Command("status", "The market's totals, rates and utilization, and an account's supply and borrow.", [account], async (parse, context) =>
        {
            var market = context.Reader.Contract("LendingMarket", context.Deployment.LendingMarket);
            var supplied = await market.GetFunction("totalSupply").CallAsync<BigInteger>().ConfigureAwait(false);
            var borrowed = await market.GetFunction("totalBorrow").CallAsync<BigInteger>().ConfigureAwait(false);
            var rates = await market.GetFunction("rates").CallDeserializingToObjectAsync<RatesOutput>().ConfigureAwait(false);
            string? who = parse.GetValue(account) is { Length: > 0 } || context.HasKey ? context.AccountOr(parse.GetValue(account)) : null;
            BigInteger? supply = null, borrow = null;
            if (who is not null)
            {
                supply = await market.GetFunction("supplyBalanceOf").CallAsync<BigInteger>(who).ConfigureAwait(false);
                borrow = await market.GetFunction("borrowBalanceOf").CallAsync<BigInteger>(who).ConfigureAwait(false);
            }

            var lines = new System.Collections.Generic.List<string>
            {
                "lending market " + context.Deployment.LendingMarket + " (base tUSD)",
                "  supplied   " + ChainContext.FormatAmount(supplied, Decimals) + " tUSD",
                "  borrowed   " + ChainContext.FormatAmount(borrowed, Decimals) + " tUSD",
                "  utilization " + Percent(rates.Utilization),
                "  supply APR " + Percent(rates.SupplyRate * SecondsPerYear) + ", borrow APR " + Percent(rates.BorrowRate * SecondsPerYear),
            };
            if (who is not null)
            {
                lines.Add("account " + who + ": supplied " + ChainContext.FormatAmount(supply!.Value, Decimals) + " tUSD, borrowed "
                    + ChainContext.FormatAmount(borrow!.Value, Decimals) + " tUSD");
            }

            context.Print(
                new
                {
                    market = context.Deployment.LendingMarket,
                    totalSupply = supplied.ToString(),
                    totalBorrow = borrowed.ToString(),
                    utilizationWad = rates.Utilization.ToString(),
                    supplyRatePerSecondWad = rates.SupplyRate.ToString(),
                    borrowRatePerSecondWad = rates.BorrowRate.ToString(),
                    account = who,
                    supplyBalance = supply?.ToString(),
                    borrowBalance = borrow?.ToString(),
                },
                [.. lines]);
            return 0;
        });
    }

    private static Command Supply()
    {
        var amount = new Argument<string>("amount") { Description = "tUSD to supply, e.g. 250 or 12.5" };
        return ActorOptions.Command("supply", "Supply tUSD to the market (approves the market for exactly that amount first when needed).", [amount], async (parse, context) =>
        {
            var value = ChainContext.ParseAmount(parse.GetValue(amount)!, Decimals);
            var market = context.Deployment.LendingMarket;
            var approval = await context.PrepareSpendAsync(context.Deployment.Stablecoin, market, value).ConfigureAwait(false);

            var tx = await context.SendAsync("LendingMarket", market, "supply", value).ConfigureAwait(false);
            var balance = await context.Actor.Contract("LendingMarket", market).GetFunction("supplyBalanceOf").CallAsync<BigInteger>(context.Actor.From).ConfigureAwait(false);
            context.Print(
                new { account = context.Actor.From, supplied = value.ToString(), approvalTx = approval, tx, supplyBalance = balance.ToString() },
                "supplied " + ChainContext.FormatAmount(value, Decimals) + " tUSD; " + context.Actor.From + " now has "
                    + ChainContext.FormatAmount(balance, Decimals) + " tUSD in the market");
            return 0;
        });
    }

    private static Command Withdraw()
    {
        var amount = new Argument<string>("amount") { Description = "tUSD to withdraw, or 'all' for the whole balance with interest" };
        return ActorOptions.Command("withdraw", "Withdraw supplied tUSD with its interest.", [amount], async (parse, context) =>
        {
            var text = parse.GetValue(amount)!;
            var value = string.Equals(text, "all", StringComparison.OrdinalIgnoreCase) ? ChainContext.MaxUint256 : ChainContext.ParseAmount(text, Decimals);
            var token = context.Actor.Contract("TestStablecoin", context.Deployment.Stablecoin);
            var before = await token.GetFunction("balanceOf").CallAsync<BigInteger>(context.Actor.From).ConfigureAwait(false);
            var tx = await context.SendAsync("LendingMarket", context.Deployment.LendingMarket, "withdraw", value).ConfigureAwait(false);
            var received = await token.GetFunction("balanceOf").CallAsync<BigInteger>(context.Actor.From).ConfigureAwait(false) - before;
            context.Print(
                new { account = context.Actor.From, withdrawn = received.ToString(), tx },
                "withdrew " + ChainContext.FormatAmount(received, Decimals) + " tUSD to " + context.Actor.From);
            return 0;
        });
    }

    private static string Percent(BigInteger wad) =>
        ((double)(wad * 1_000_000 / Wad) / 10_000).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " %";

    [Nethereum.ABI.FunctionEncoding.Attributes.FunctionOutput]
    private sealed class RatesOutput : Nethereum.ABI.FunctionEncoding.Attributes.IFunctionOutputDTO
    {
        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint256", "borrowRate", 1)]
        public BigInteger BorrowRate { get; set; }

        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint256", "supplyRate", 2)]
        public BigInteger SupplyRate { get; set; }

        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint256", "utilization", 3)]
        public BigInteger Utilization { get; set; }
    }
}
