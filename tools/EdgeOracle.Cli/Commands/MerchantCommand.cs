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
        var command = new Command("merchant", "List a merchant's settled sales and see its balances per token.");
        command.Subcommands.Add(Sales());
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
                    .. sales.Select(s => "  block " + s.Block + "  " + ChainContext.FormatAmount(s.Amount, s.Decimals) + " " + s.Symbol
                        + " (fee " + ChainContext.FormatAmount(s.Fee, s.Decimals) + ")  order " + s.OrderRef + "  terminal " + s.Terminal
                        + "  payer " + s.Payer + (s.Refunded.IsZero ? string.Empty : "  refunded " + ChainContext.FormatAmount(s.Refunded, s.Decimals))),
                ]);
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
