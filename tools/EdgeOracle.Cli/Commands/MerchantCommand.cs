using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Numerics;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Keepers;

namespace EdgeOracle.Cli.Commands;

/// <summary><c>merchant</c>: the sales PaymentHub settled for a merchant, and the merchant's balance in every token.</summary>
internal static class MerchantCommand
{
    public static Command Create()
    {
        var command = new Command("merchant", "List a merchant's settled sales, refund one, and see its balances per token.");
        command.Subcommands.Add(Sales());
        command.Subcommands.Add(Refund());
        command.Subcommands.Add(Balances());
        return command;
    }

    private static Command Sales()
    {
        var account = new Option<string?>("--account") { Description = "the merchant (default: the key's account)" };
        var last = new Option<int>("--last") { Description = "show at most this many, newest last", DefaultValueFactory = _ => 50 };
        return ActorOptions.Command("sales", "The sales PaymentHub settled for the merchant (PaymentSettled events), with refunds.", [account, last], async (parse, context) =>
        {
            var merchant = context.AccountOr(parse.GetValue(account));
            var logs = await context.EventsAsync(
                context.Deployment.PaymentHub, "PaymentSettled(bytes32,address,address,address,address,uint256,uint256,bytes32)",
                null, "0x" + merchant[2..].ToLowerInvariant().PadLeft(64, '0')).ConfigureAwait(false);
            var hub = context.Reader.Contract("PaymentHub", context.Deployment.PaymentHub);
            var tokens = new Dictionary<string, (string Symbol, int Decimals)>(StringComparer.OrdinalIgnoreCase);
            var sales = new List<Sale>();
            foreach (var log in logs.TakeLast(Math.Max(1, parse.GetValue(last))))
            {
                // data: token, payer, amount, fee, orderRef; topics: digest, merchant, terminal.
                var data = KeeperAbi.FromHex(log.Data);
                var token = ChainContext.AddressWord(data, 0);
                if (!tokens.TryGetValue(token, out var info))
                {
                    tokens[token] = info = await context.TokenAsync(token).ConfigureAwait(false);
                }

                var digest = log.Topics[1].ToString()!;
                var refunded = await hub.GetFunction("refunded").CallAsync<BigInteger>(KeeperAbi.FromHex(digest)).ConfigureAwait(false);
                sales.Add(new Sale(
                    (long)log.BlockNumber.Value, log.TransactionHash, digest, KeeperAbi.TopicAddress(log.Topics[3].ToString()!), ChainContext.AddressWord(data, 1),
                    info.Symbol, KeeperAbi.Word(data, 2), KeeperAbi.Word(data, 3), OrderRef(data.AsSpan(4 * 32, 32)), refunded, info.Decimals));
            }

            context.Print(
                new
                {
                    merchant,
                    sales = sales.Select(s => new
                    {
                        s.Block, s.Transaction, s.Digest, s.Terminal, s.Payer, token = s.Symbol, amount = s.Amount.ToString(), fee = s.Fee.ToString(),
                        s.OrderRef, refunded = s.Refunded.ToString(),
                    }),
                },
                [
                    sales.Count + " sale(s) settled for " + merchant + (sales.Count == 0 ? string.Empty : ":"),
                    .. sales.Select(s => "  sale " + s.Digest + "  block " + s.Block + "  " + ChainContext.FormatAmount(s.Amount, s.Decimals) + " " + s.Symbol
                        + " (fee " + ChainContext.FormatAmount(s.Fee, s.Decimals) + ")  order " + s.OrderRef + "  terminal " + s.Terminal
                        + "  payer " + s.Payer + (s.Refunded.IsZero ? string.Empty : "  refunded " + ChainContext.FormatAmount(s.Refunded, s.Decimals))),
                ]);
            return 0;
        });
    }

    private static Command Refund()
    {
        var sale = new Argument<string>("sale") { Description = "the sale: its intent digest (0x…, as `merchant sales` lists it)" };
        var amount = new Option<string?>("--amount") { Description = "how much to refund, e.g. 5 or 2.5 (default: all of it not refunded yet)" };
        return ActorOptions.Command(
            "refund",
            "Refund a sale to its payer from the merchant's balance, within the hub's refund window (approves the hub for that amount when needed).",
            [sale, amount],
            async (parse, context) =>
        {
            var text = parse.GetValue(sale)!;
            var digest = text.Length == 66 && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && text[2..].All(Uri.IsHexDigit)
                ? Convert.FromHexString(text[2..])
                : throw new CliException("'" + text + "' is not a sale's intent digest (0x and 64 hex digits, as `merchant sales` lists it).");
            var found = await Devnet.Refunds.FindAsync(context.Reader, digest).ConfigureAwait(false)
                ?? throw new CliException("PaymentHub " + context.Deployment.PaymentHub + " settled no sale " + text + ".");
            if (!string.Equals(found.Merchant, context.Actor.From, StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException("Sale " + text + " was paid to " + found.Merchant + ", not to " + context.Actor.From + ": only its merchant can refund it.");
            }

            var hub = context.Deployment.PaymentHub;
            var (symbol, decimals) = await context.TokenAsync(found.Intent.Token).ConfigureAwait(false);
            var done = await context.Reader.Contract("PaymentHub", hub).GetFunction("refunded").CallAsync<BigInteger>(digest).ConfigureAwait(false);
            var left = found.Intent.Amount - done;
            var value = parse.GetValue(amount) is { } asked ? ChainContext.ParseAmount(asked, decimals) : left;
            if (value <= 0 || value > left)
            {
                throw new CliException("Sale " + text + " can be refunded at most " + ChainContext.FormatAmount(left, decimals) + " " + symbol
                    + " more (" + ChainContext.FormatAmount(done, decimals) + " of " + ChainContext.FormatAmount(found.Intent.Amount, decimals) + " refunded already).");
            }

            var approval = await context.PrepareSpendAsync(found.Intent.Token, hub, value).ConfigureAwait(false);
            var receipt = await Devnet.Refunds.RefundAsync(context.Actor, found.Intent, digest, found.Payer, value, found.WordSales).ConfigureAwait(false);
            context.Print(
                new { sale = text, payer = found.Payer, token = symbol, amount = value.ToString(), refunded = (done + value).ToString(), approvalTx = approval, tx = receipt.TransactionHash },
                "refunded " + ChainContext.FormatAmount(value, decimals) + " " + symbol + " of sale " + text + " to " + found.Payer
                    + " (" + ChainContext.FormatAmount(done + value, decimals) + " of " + ChainContext.FormatAmount(found.Intent.Amount, decimals) + " refunded in all), tx " + receipt.TransactionHash);
            return 0;
        });
    }

    private static Command Balances()
    {
        var account = new Option<string?>("--account") { Description = "whose balances (default: the key's account)" };
        return ActorOptions.Command("balances", "The account's balance in every token of the deployment.", [account], async (parse, context) =>
        {
            var who = context.AccountOr(parse.GetValue(account));
            var rows = new List<(string Symbol, BigInteger Amount, int Decimals)>();
            foreach (var token in context.Deployment.File.Tokens)
            {
                rows.Add((token.Symbol, await context.BalanceAsync(token.Address.ToString(), who).ConfigureAwait(false), token.Decimals));
            }

            context.Print(
                new { account = who, balances = rows.ToDictionary(r => r.Symbol, r => r.Amount.ToString()) },
                ["account " + who, .. rows.Select(r => "  " + r.Symbol.PadRight(6) + " " + ChainContext.FormatAmount(r.Amount, r.Decimals))]);
            return 0;
        });
    }

    /// <summary>An order reference as text when it is printable ASCII padded with zeros, else as hex.</summary>
    private static string OrderRef(ReadOnlySpan<byte> word)
    {
        var text = System.Text.Encoding.ASCII.GetString(word).TrimEnd('\0');
        return text.Length > 0 && text.All(c => c is >= ' ' and <= '~') ? text : KeeperAbi.ToHex(word);
    }

    private sealed record Sale(
        long Block, string Transaction, string Digest, string Terminal, string Payer, string Symbol, BigInteger Amount, BigInteger Fee, string OrderRef, BigInteger Refunded, int Decimals);
}
