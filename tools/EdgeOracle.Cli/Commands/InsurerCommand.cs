using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Keepers;
using Nethereum.RPC.Eth.DTOs;

namespace EdgeOracle.Cli.Commands;

/// <summary>
/// <c>insurer</c>: QuorumInsurance from the insurer's side: regions of stations (create, show) and the policies sold,
/// with their status and what they paid.
/// </summary>
internal static class InsurerCommand
{
    private static readonly string[] Statuses = ["none", "active", "closed"];

    public static Command Create()
    {
        var command = new Command("insurer", "Create and show QuorumInsurance regions of stations, open products on them; list the policies sold.");
        command.Subcommands.Add(CreateRegion());
        command.Subcommands.Add(CreateProduct());
        command.Subcommands.Add(ShowRegion());
        command.Subcommands.Add(Policies());
        return command;
    }

    private static Command CreateRegion()
    {
        var sensors = new Option<string[]>("--sensor") { Description = "a station's address (repeat: one per station, in index order)", Required = true, AllowMultipleArgumentsPerToken = true };
        return ActorOptions.Command("create-region", "Create a region of registered, active stations (the contract's owner only).", [sensors], async (parse, context) =>
        {
            var addresses = parse.GetValue(sensors)!.Select(ChainContext.ParseAddress).ToList();
            if (addresses.Distinct(StringComparer.OrdinalIgnoreCase).Count() != addresses.Count)
            {
                throw new CliException("A station appears twice in --sensor.");
            }

            object[] args = [addresses];
            // What the region's id will be, asked before the transaction (the call also refuses a bad region by name).
            var id = await context.PreviewAsync<uint>("QuorumInsurance", context.Deployment.QuorumInsurance, "createRegion", args).ConfigureAwait(false);
            var tx = await context.SendAsync("QuorumInsurance", context.Deployment.QuorumInsurance, "createRegion", args).ConfigureAwait(false);
            context.Print(new { region = id, sensors = addresses, tx }, "region " + id + " created with " + addresses.Count + " station(s)");
            return 0;
        });
    }

    private static Command CreateProduct()
    {
        var region = new Option<uint>("--region") { Description = "the region the product covers", Required = true };
        var metric = new Option<uint>("--metric") { Description = "the observations' metric (1: rainfall, micrometres per window)", DefaultValueFactory = _ => 1 };
        var direction = new Option<string>("--direction") { Description = "below (pays when the median is below the trigger: drought) or above (excess: storm)", DefaultValueFactory = _ => "below" };
        var trigger = new Option<long>("--trigger") { Description = "the median at which paying starts, in the metric's unit (rainfall: µm, 2000 = 2 mm)", Required = true };
        var exit = new Option<long>("--exit") { Description = "the median at which all of the sum insured is paid (linear from the trigger)", Required = true };
        var quorum = new Option<byte>("--quorum") { Description = "readings a window needs before it can be decided", Required = true };
        var window = new Option<uint>("--window") { Description = "window length, seconds", DefaultValueFactory = _ => 86_400 };
        var staleness = new Option<uint>("--staleness") { Description = "how long after a window's end its readings are still taken, seconds", DefaultValueFactory = _ => 86_400 };
        var premium = new Option<ushort>("--premium-bps") { Description = "premium, basis points of the sum insured", DefaultValueFactory = _ => 500 };
        var waiting = new Option<uint>("--waiting") { Description = "seconds between buying a policy and its earliest start", DefaultValueFactory = _ => 0 };
        var maxCoverage = new Option<uint>("--max-coverage") { Description = "longest a policy may run from now, seconds", DefaultValueFactory = _ => 31 * 86_400 };
        var minSum = new Option<string>("--min-sum") { Description = "smallest sum insured, tUSD", DefaultValueFactory = _ => "1" };
        return ActorOptions.Command(
            "create-product",
            "Open a product on a region: its metric, trigger and exit (the payout curve), quorum, windows and premium (the contract's owner only).",
            [region, metric, direction, trigger, exit, quorum, window, staleness, premium, waiting, maxCoverage, minSum],
            async (parse, context) =>
        {
            var below = parse.GetValue(direction)!.ToLowerInvariant() switch
            {
                "below" => true,
                "above" => false,
                var other => throw new CliException("--direction is below or above, not '" + other + "'."),
            };
            var terms = new Devnet.ProductTerms
            {
                Region = parse.GetValue(region),
                Metric = parse.GetValue(metric),
                Quorum = parse.GetValue(quorum),
                Direction = below ? (byte)0 : (byte)1,
                WindowLength = parse.GetValue(window),
                Staleness = parse.GetValue(staleness),
                PremiumBps = parse.GetValue(premium),
                Trigger = parse.GetValue(trigger),
                Exit = parse.GetValue(exit),
                WaitingPeriod = parse.GetValue(waiting),
                MaxCoverage = parse.GetValue(maxCoverage),
                MinSumInsured = ChainContext.ParseAmount(parse.GetValue(minSum)!, 6),
            };
            if (below ? terms.Exit > terms.Trigger : terms.Exit < terms.Trigger)
            {
                throw new CliException(below
                    ? "A product that pays below its trigger needs --exit at or below --trigger (it pays more the drier it is)."
                    : "A product that pays above its trigger needs --exit at or above --trigger (it pays more the wetter it is).");
            }

            var function = new Devnet.CreateProductFunction { Terms = terms, FromAddress = context.Actor.From };
            uint id;
            try
            {
                // What the product's id will be, asked before the transaction (the call also refuses bad terms by name).
                id = await context.Actor.Web3.Eth.GetContractQueryHandler<Devnet.CreateProductFunction>()
                    .QueryAsync<uint>(context.Deployment.QuorumInsurance, function).ConfigureAwait(false);
            }
            catch (Exception exception) when (Devnet.ContractErrors.Describe(exception) is { } error)
            {
                throw new Devnet.ContractRevertedException("QuorumInsurance.createProduct would revert: " + error
                    + (error.StartsWith("QuorumInsuranceBadProduct", StringComparison.Ordinal)
                        ? " (check: quorum 1…the region's stations, window > 0, premium 1…10000 bps, --max-coverage ≥ --waiting + --window, window + 2·staleness ≤ the pool's redemption delay)"
                        : string.Empty), exception);
            }

            var receipt = await context.Actor.SendFunctionAsync("QuorumInsurance", context.Deployment.QuorumInsurance, function).ConfigureAwait(false);
            context.Print(
                new { product = id, region = terms.Region, metric = terms.Metric, direction = below ? "below" : "above", trigger = terms.Trigger, exit = terms.Exit, quorum = terms.Quorum, tx = receipt.TransactionHash },
                "product " + id + " on region " + terms.Region + ": metric " + terms.Metric + ", pays when a window's median is " + (below ? "below " : "above ") + terms.Trigger
                    + ", all of the sum insured at " + terms.Exit + ", quorum " + terms.Quorum + ", windows of " + terms.WindowLength + " s, premium " + terms.PremiumBps + " bps; tx "
                    + receipt.TransactionHash);
            return 0;
        });
    }

    private static Command ShowRegion()
    {
        var region = new Argument<uint>("region") { Description = "the region's id" };
        return ActorOptions.Command("region", "A region's stations in index order.", [region], async (parse, context) =>
        {
            var id = parse.GetValue(region);
            var sensors = await context.Reader.Contract("QuorumInsurance", context.Deployment.QuorumInsurance).GetFunction("regionSensors")
                .CallAsync<List<string>>(id).ConfigureAwait(false);
            if (sensors.Count == 0)
            {
                throw new CliException("There is no region " + id + ".");
            }

            context.Print(new { region = id, sensors }, ["region " + id + ":", .. sensors.Select((s, i) => "  [" + i + "] " + s)]);
            return 0;
        });
    }

    private static Command Policies()
    {
        var product = new Option<uint?>("--product") { Description = "only this product's policies" };
        return ActorOptions.Command("policies", "The policies sold (PolicyBought events) with their status now and what they paid.", [product], async (parse, context) =>
        {
            var address = context.Deployment.QuorumInsurance;
            const string Bought = "PolicyBought(uint256,uint32,address,address,uint64,uint64,uint256,uint256)";
            var logs = parse.GetValue(product) is { } only
                ? await context.EventsAsync(address, Bought, null, "0x" + only.ToString("x64", CultureInfo.InvariantCulture)).ConfigureAwait(false)
                : await context.EventsAsync(address, Bought).ConfigureAwait(false);
            var rows = new List<PolicyRow>();
            foreach (var log in logs)
            {
                // data: buyer, start, end, sumInsured, premium; topics: policy id, product, beneficiary.
                var id = KeeperAbi.TopicNumber(log.Topics[1].ToString()!);
                var data = KeeperAbi.FromHex(log.Data);
                // policy(id): beneficiary, start, notify, status, productId, end, sumInsured, paid (a static tuple, one word each).
                var state = KeeperAbi.FromHex(await context.Reader.Web3.Eth.Transactions.Call.SendRequestAsync(new CallInput
                {
                    To = address,
                    Data = KeeperAbi.ToHex(KeeperAbi.Encode("policy(uint256)", id)),
                }).ConfigureAwait(false));
                rows.Add(new PolicyRow(
                    id, (uint)KeeperAbi.TopicNumber(log.Topics[2].ToString()!), ChainContext.AddressWord(state, 0),
                    DateTimeOffset.FromUnixTimeSeconds((long)KeeperAbi.Word(data, 1)), DateTimeOffset.FromUnixTimeSeconds((long)KeeperAbi.Word(data, 2)),
                    KeeperAbi.Word(data, 3), KeeperAbi.Word(data, 4), Statuses[(int)BigInteger.Min(KeeperAbi.Word(state, 3), Statuses.Length - 1)], KeeperAbi.Word(state, 7)));
            }

            context.Print(
                new
                {
                    policies = rows.Select(r => new
                    {
                        id = r.Id.ToString(), product = r.Product, beneficiary = r.Beneficiary, start = r.Start, end = r.End,
                        sumInsured = r.SumInsured.ToString(), premium = r.Premium.ToString(), status = r.Status, paid = r.Paid.ToString(),
                    }),
                },
                [
                    rows.Count + " polic" + (rows.Count == 1 ? "y" : "ies") + (rows.Count == 0 ? string.Empty : ":"),
                    .. rows.Select(r => "  #" + r.Id + " product " + r.Product + ", " + r.Start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
                        + " to " + r.End.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC, sum insured " + ChainContext.FormatAmount(r.SumInsured, 6)
                        + " tUSD (premium " + ChainContext.FormatAmount(r.Premium, 6) + "), " + r.Status + ", paid " + ChainContext.FormatAmount(r.Paid, 6)
                        + " tUSD, beneficiary " + r.Beneficiary),
                ]);
            return 0;
        });
    }

    private sealed record PolicyRow(
        BigInteger Id, uint Product, string Beneficiary, DateTimeOffset Start, DateTimeOffset End, BigInteger SumInsured, BigInteger Premium, string Status, BigInteger Paid);
}
