using System;
using System.CommandLine;
using System.Linq;
using System.Numerics;
using System.Threading.Tasks;

namespace EdgeOracle.Cli.Commands;

/// <summary>
/// <c>trader</c>: the constant-product pairs of the deployment (<c>fx</c>: tEUR/tUSD, <c>asset</c>: the asset token
/// against tUSD): quote, swap with a slippage bound and a deadline, read the pool and its TWAP.
/// </summary>
internal static class TraderCommand
{
    public static Command Create()
    {
        var command = new Command("trader", "Quote, swap, provide liquidity to and read the exchange pairs (fx: tEUR/tUSD, asset: the asset token/tUSD).");
        command.Subcommands.Add(Pool());
        command.Subcommands.Add(Swap());
        command.Subcommands.Add(AddLiquidity());
        command.Subcommands.Add(RemoveLiquidity());
        return command;
    }

    private static Option<string> PairOption() => new("--pair")
    {
        Description = "fx (tEUR/tUSD) or asset (the asset token/tUSD)",
        DefaultValueFactory = _ => "fx",
    };

    private static Command Pool()
    {
        var pair = PairOption();
        var window = new Option<uint>("--window") { Description = "the TWAP's window, seconds", DefaultValueFactory = _ => 600 };
        return ActorOptions.Command("pool", "The pair's reserves, spot price and TWAP.", [pair, window], async (parse, context) =>
        {
            var (address, t0, t1) = await OpenAsync(context, parse.GetValue(pair)!).ConfigureAwait(false);
            var contract = context.Reader.Contract("ConstantProductPair", address);
            var reserves = await contract.GetFunction("getReserves").CallDeserializingToObjectAsync<ReservesOutput>().ConfigureAwait(false);
            string twapText;
            string? twapWad = null;
            try
            {
                var twap = await contract.GetFunction("twap").CallDeserializingToObjectAsync<TwapOutput>(t0.Address, parse.GetValue(window)).ConfigureAwait(false);
                twapWad = twap.Price.ToString();
                twapText = Price(twap.Price, t0, t1);
            }
            catch (Exception exception) when (Devnet.ContractErrors.Describe(exception) is { } error)
            {
                twapText = "none yet (" + error + ")";
            }

            var spot = reserves.Reserve0.IsZero ? BigInteger.Zero : reserves.Reserve1 * BigInteger.Pow(10, 18) / reserves.Reserve0;
            context.Print(
                new { pair = address, token0 = t0.Symbol, token1 = t1.Symbol, reserve0 = reserves.Reserve0.ToString(), reserve1 = reserves.Reserve1.ToString(), twapWad },
                "pair " + address + " (" + t0.Symbol + "/" + t1.Symbol + ")",
                "  reserves " + ChainContext.FormatAmount(reserves.Reserve0, t0.Decimals) + " " + t0.Symbol + " + "
                    + ChainContext.FormatAmount(reserves.Reserve1, t1.Decimals) + " " + t1.Symbol,
                "  spot     " + Price(spot, t0, t1),
                "  TWAP     " + twapText + " over at least " + parse.GetValue(window) + " s");
            return 0;
        });
    }

    private static Command Swap()
    {
        var pair = PairOption();
        var sell = new Option<string>("--sell") { Description = "the symbol of the token to sell (e.g. tEUR)", Required = true };
        var amount = new Argument<string>("amount") { Description = "how much to sell, e.g. 10 or 2.5" };
        var slippage = new Option<decimal>("--slippage") { Description = "the most the price may move against you, percent", DefaultValueFactory = _ => 0.5m };
        var deadline = new Option<uint>("--deadline") { Description = "seconds (on the chain's clock) before the swap may no longer happen", DefaultValueFactory = _ => 300 };
        var quoteOnly = new Option<bool>("--quote") { Description = "only say what the swap would give; send nothing" };
        return ActorOptions.Command("swap", "Sell an exact amount of one token of the pair for the other.", [amount, pair, sell, slippage, deadline, quoteOnly], async (parse, context) =>
        {
            var (address, t0, t1) = await OpenAsync(context, parse.GetValue(pair)!).ConfigureAwait(false);
            var symbol = parse.GetValue(sell)!;
            var (tokenIn, tokenOut) = string.Equals(symbol, t0.Symbol, StringComparison.OrdinalIgnoreCase) ? (t0, t1)
                : string.Equals(symbol, t1.Symbol, StringComparison.OrdinalIgnoreCase) ? (t1, t0)
                : throw new CliException("This pair trades " + t0.Symbol + " and " + t1.Symbol + ", not '" + symbol + "'.");
            var percent = parse.GetValue(slippage);
            if (percent is < 0 or >= 100)
            {
                throw new CliException("--slippage is a percentage from 0 to below 100.");
            }

            var amountIn = ChainContext.ParseAmount(parse.GetValue(amount)!, tokenIn.Decimals);
            var contract = context.Reader.Contract("ConstantProductPair", address);
            var quoted = await contract.GetFunction("quoteExactIn").CallAsync<BigInteger>(tokenIn.Address, amountIn).ConfigureAwait(false);
            var minOut = quoted * (BigInteger)((100m - percent) * 10_000m) / 1_000_000;
            var summary = ChainContext.FormatAmount(amountIn, tokenIn.Decimals) + " " + tokenIn.Symbol + " → "
                + ChainContext.FormatAmount(quoted, tokenOut.Decimals) + " " + tokenOut.Symbol;
            if (parse.GetValue(quoteOnly))
            {
                context.Print(new { pair = address, sell = tokenIn.Symbol, amountIn = amountIn.ToString(), buy = tokenOut.Symbol, quote = quoted.ToString() }, "quote: " + summary);
                return 0;
            }

            var approval = await context.PrepareSpendAsync(tokenIn.Address, address, amountIn).ConfigureAwait(false);
            var until = await context.ChainTimeAsync().ConfigureAwait(false) + parse.GetValue(deadline);
            var before = await context.BalanceAsync(tokenOut.Address, context.Actor.From).ConfigureAwait(false);
            var tx = await context.SendAsync("ConstantProductPair", address, "swapExactIn", tokenIn.Address, amountIn, minOut, context.Actor.From, until).ConfigureAwait(false);
            var received = await context.BalanceAsync(tokenOut.Address, context.Actor.From).ConfigureAwait(false) - before;
            context.Print(
                new { pair = address, sell = tokenIn.Symbol, amountIn = amountIn.ToString(), buy = tokenOut.Symbol, received = received.ToString(), minOut = minOut.ToString(), approvalTx = approval, tx },
                "swapped " + ChainContext.FormatAmount(amountIn, tokenIn.Decimals) + " " + tokenIn.Symbol + " for "
                    + ChainContext.FormatAmount(received, tokenOut.Decimals) + " " + tokenOut.Symbol
                    + " (at least " + ChainContext.FormatAmount(minOut, tokenOut.Decimals) + " was required)");
            return 0;
        });
    }

    private static Command AddLiquidity()
    {
        var pair = PairOption();
        var amount0 = new Argument<string>("amount0") { Description = "most of the pair's first token to add (the order `trader pool` shows)" };
        var amount1 = new Argument<string>("amount1") { Description = "most of its second token to add" };
        var minShares = new Option<string?>("--min-shares") { Description = "fewest pair shares acceptable (default: any)" };
        var deadline = new Option<uint>("--deadline") { Description = "seconds (on the chain's clock) before the deposit may no longer happen", DefaultValueFactory = _ => 300 };
        return ActorOptions.Command(
            "add-liquidity",
            "Add both tokens to a pair in its current ratio for pair shares (the pair takes at most the amounts; approves exactly them when needed).",
            [amount0, amount1, pair, minShares, deadline],
            async (parse, context) =>
        {
            var (address, t0, t1) = await OpenAsync(context, parse.GetValue(pair)!).ConfigureAwait(false);
            var a0 = ChainContext.ParseAmount(parse.GetValue(amount0)!, t0.Decimals);
            var a1 = ChainContext.ParseAmount(parse.GetValue(amount1)!, t1.Decimals);
            var least = parse.GetValue(minShares) is { } floor ? ChainContext.ParseAmount(floor, 18) : BigInteger.Zero;
            var approvals = new[] { await context.PrepareSpendAsync(t0.Address, address, a0).ConfigureAwait(false), await context.PrepareSpendAsync(t1.Address, address, a1).ConfigureAwait(false) };
            var until = await context.ChainTimeAsync().ConfigureAwait(false) + parse.GetValue(deadline);
            var (before0, before1, beforeShares) = (
                await context.BalanceAsync(t0.Address, context.Actor.From).ConfigureAwait(false),
                await context.BalanceAsync(t1.Address, context.Actor.From).ConfigureAwait(false),
                await context.BalanceAsync(address, context.Actor.From).ConfigureAwait(false));
            var tx = await context.SendAsync("ConstantProductPair", address, "addLiquidity", a0, a1, least, context.Actor.From, until).ConfigureAwait(false);
            var used0 = before0 - await context.BalanceAsync(t0.Address, context.Actor.From).ConfigureAwait(false);
            var used1 = before1 - await context.BalanceAsync(t1.Address, context.Actor.From).ConfigureAwait(false);
            var shares = await context.BalanceAsync(address, context.Actor.From).ConfigureAwait(false) - beforeShares;
            context.Print(
                new { pair = address, added0 = used0.ToString(), added1 = used1.ToString(), shares = shares.ToString(), approvalTxs = approvals.Where(a => a is not null), tx },
                "added " + ChainContext.FormatAmount(used0, t0.Decimals) + " " + t0.Symbol + " + " + ChainContext.FormatAmount(used1, t1.Decimals) + " " + t1.Symbol
                    + " for " + ChainContext.FormatAmount(shares, 18) + " pair shares");
            return 0;
        });
    }

    private static Command RemoveLiquidity()
    {
        var pair = PairOption();
        var amount = new Argument<string>("shares") { Description = "pair shares to burn, or 'all'" };
        var slippage = new Option<decimal>("--slippage") { Description = "the most the pay-out may fall below today's share of the reserves, percent", DefaultValueFactory = _ => 0.5m };
        var deadline = new Option<uint>("--deadline") { Description = "seconds (on the chain's clock) before the withdrawal may no longer happen", DefaultValueFactory = _ => 300 };
        return ActorOptions.Command("remove-liquidity", "Burn pair shares for their share of both reserves.", [amount, pair, slippage, deadline], async (parse, context) =>
        {
            var (address, t0, t1) = await OpenAsync(context, parse.GetValue(pair)!).ConfigureAwait(false);
            var percent = parse.GetValue(slippage);
            if (percent is < 0 or >= 100)
            {
                throw new CliException("--slippage is a percentage from 0 to below 100.");
            }

            var held = await context.BalanceAsync(address, context.Actor.From).ConfigureAwait(false);
            var text = parse.GetValue(amount)!;
            var shares = string.Equals(text, "all", StringComparison.OrdinalIgnoreCase) ? held : ChainContext.ParseAmount(text, 18);
            if (shares.IsZero || shares > held)
            {
                throw new CliException(context.Actor.From + " holds " + ChainContext.FormatAmount(held, 18) + " shares of this pair"
                    + (shares.IsZero ? ": nothing to remove." : ", fewer than the " + ChainContext.FormatAmount(shares, 18) + " asked for."));
            }

            var contract = context.Reader.Contract("ConstantProductPair", address);
            var reserves = await contract.GetFunction("getReserves").CallDeserializingToObjectAsync<ReservesOutput>().ConfigureAwait(false);
            var supply = await contract.GetFunction("totalSupply").CallAsync<BigInteger>().ConfigureAwait(false);
            var keep = (BigInteger)((100m - percent) * 10_000m);
            var min0 = reserves.Reserve0 * shares / supply * keep / 1_000_000;
            var min1 = reserves.Reserve1 * shares / supply * keep / 1_000_000;
            var until = await context.ChainTimeAsync().ConfigureAwait(false) + parse.GetValue(deadline);
            var (before0, before1) = (await context.BalanceAsync(t0.Address, context.Actor.From).ConfigureAwait(false), await context.BalanceAsync(t1.Address, context.Actor.From).ConfigureAwait(false));
            var tx = await context.SendAsync("ConstantProductPair", address, "removeLiquidity", shares, min0, min1, context.Actor.From, until).ConfigureAwait(false);
            var got0 = await context.BalanceAsync(t0.Address, context.Actor.From).ConfigureAwait(false) - before0;
            var got1 = await context.BalanceAsync(t1.Address, context.Actor.From).ConfigureAwait(false) - before1;
            context.Print(
                new { pair = address, burned = shares.ToString(), received0 = got0.ToString(), received1 = got1.ToString(), tx },
                "burned " + ChainContext.FormatAmount(shares, 18) + " pair shares for " + ChainContext.FormatAmount(got0, t0.Decimals) + " " + t0.Symbol + " + "
                    + ChainContext.FormatAmount(got1, t1.Decimals) + " " + t1.Symbol);
            return 0;
        });
    }

    private sealed record Token(string Address, string Symbol, int Decimals);

    private static async Task<(string Address, Token Token0, Token Token1)> OpenAsync(ChainContext context, string pair)
    {
        var name = pair.ToLowerInvariant() switch
        {
            "fx" => nameof(Protocol.Deployments.DeploymentContracts.FxPair),
            "asset" => nameof(Protocol.Deployments.DeploymentContracts.AssetPair),
            _ => throw new CliException("--pair is fx or asset, not '" + pair + "'."),
        };
        var address = context.Deployment.File.Require(name).ToString();
        var tokens = await context.Reader.Contract("ConstantProductPair", address).GetFunction("tokens").CallDeserializingToObjectAsync<TokensOutput>().ConfigureAwait(false);
        var (s0, d0) = await context.TokenAsync(tokens.Token0).ConfigureAwait(false);
        var (s1, d1) = await context.TokenAsync(tokens.Token1).ConfigureAwait(false);
        return (address, new Token(tokens.Token0, s0, d0), new Token(tokens.Token1, s1, d1));
    }

    /// <summary>A price (token1 base units per token0 base unit, ×1e18) as "1 tEUR = 1.1 tUSD".</summary>
    private static string Price(BigInteger wad, Token t0, Token t1)
    {
        var perWhole = wad * BigInteger.Pow(10, t0.Decimals) / BigInteger.Pow(10, 18);
        return "1 " + t0.Symbol + " = " + ChainContext.FormatAmount(perWhole, t1.Decimals) + " " + t1.Symbol;
    }

    [Nethereum.ABI.FunctionEncoding.Attributes.FunctionOutput]
    private sealed class TokensOutput : Nethereum.ABI.FunctionEncoding.Attributes.IFunctionOutputDTO
    {
        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("address", "token0", 1)]
        public string Token0 { get; set; } = string.Empty;

        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("address", "token1", 2)]
        public string Token1 { get; set; } = string.Empty;
    }

    [Nethereum.ABI.FunctionEncoding.Attributes.FunctionOutput]
    private sealed class ReservesOutput : Nethereum.ABI.FunctionEncoding.Attributes.IFunctionOutputDTO
    {
        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint112", "reserve0", 1)]
        public BigInteger Reserve0 { get; set; }

        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint112", "reserve1", 2)]
        public BigInteger Reserve1 { get; set; }

        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint32", "timestamp", 3)]
        public uint Timestamp { get; set; }
    }

    [Nethereum.ABI.FunctionEncoding.Attributes.FunctionOutput]
    private sealed class TwapOutput : Nethereum.ABI.FunctionEncoding.Attributes.IFunctionOutputDTO
    {
        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint256", "price", 1)]
        public BigInteger Price { get; set; }

        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint256", "updatedAt", 2)]
        public BigInteger UpdatedAt { get; set; }
    }
}
