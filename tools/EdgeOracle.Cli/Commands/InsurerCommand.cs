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
        var command = new Command("insurer", "Create and show QuorumInsurance regions of stations; list the policies sold.");
        command.Subcommands.Add(CreateRegion());
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

            var insurance = context.Actor.Contract("QuorumInsurance", context.Deployment.QuorumInsurance).GetFunction("createRegion");
            object[] args = [addresses];
            // What the region's id will be, asked before the transaction (the estimate also refuses a bad region by name).
            uint id;
            try
            {
                id = await insurance.CallAsync<uint>(context.Actor.From, null, null, args).ConfigureAwait(false);
            }
            catch (Exception exception) when (Devnet.ContractErrors.Describe(exception) is { } error)
            {
                throw new Devnet.ContractRevertedException("QuorumInsurance.createRegion would revert: " + error, exception);
            }

            var tx = await context.SendAsync("QuorumInsurance", context.Deployment.QuorumInsurance, "createRegion", args).ConfigureAwait(false);
            context.Print(new { region = id, sensors = addresses, tx }, "region " + id + " created with " + addresses.Count + " station(s)");
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
