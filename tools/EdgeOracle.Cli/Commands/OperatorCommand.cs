using System.CommandLine;
using System.Linq;
using System.Threading.Tasks;

namespace EdgeOracle.Cli.Commands;

/// <summary><c>operator</c>: a device's entry in the DeviceRegistry, and revoking one of the account's devices.</summary>
internal static class OperatorCommand
{
    private static readonly string[] Roles = ["none", "sensor", "terminal", "meter"];

    public static Command Create()
    {
        var command = new Command("operator", "Look up a device in the registry; revoke one of your devices; verify a stored reading's Merkle proof on chain.");
        command.Subcommands.Add(Device());
        command.Subcommands.Add(Revoke());
        command.Subcommands.Add(Verify());
        return command;
    }

    private static Command Device()
    {
        var device = new Argument<string>("device") { Description = "the device's address" };
        return ActorOptions.Command("device", "The device's owner, role and whether it is active, from the DeviceRegistry.", [device], async (parse, context) =>
        {
            var address = ChainContext.ParseAddress(parse.GetValue(device)!);
            var (owner, role, active) = await InfoAsync(context, address).ConfigureAwait(false);
            var known = owner != "0x0000000000000000000000000000000000000000";
            context.Print(
                new { device = address, registered = known, owner = known ? owner : null, role = RoleName(role), active },
                known
                    ? "device " + address + ": " + RoleName(role) + " of " + owner + ", " + (active ? "active" : "revoked")
                    : "device " + address + " is not registered");
            return 0;
        });
    }

    private static Command Revoke()
    {
        var device = new Argument<string>("device") { Description = "the device's address (one of the key's account's devices)" };
        return ActorOptions.Command("revoke", "Revoke a device: the gateway refuses its messages and the contracts its signatures from then on.", [device], async (parse, context) =>
        {
            var address = ChainContext.ParseAddress(parse.GetValue(device)!);
            var (owner, _, active) = await InfoAsync(context, address).ConfigureAwait(false);
            if (!active)
            {
                throw new CliException("Device " + address + " is not an active device (nothing to revoke).");
            }

            if (!string.Equals(owner, context.Actor.From, System.StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException("Device " + address + " belongs to " + owner + ", not to " + context.Actor.From + ".");
            }

            var tx = await context.SendAsync("DeviceRegistry", context.Deployment.DeviceRegistry, "revokeDevice", address).ConfigureAwait(false);
            context.Print(new { device = address, revoked = true, tx }, "device " + address + " revoked");
            return 0;
        });
    }

    private static Command Verify()
    {
        var device = new Argument<string>("device") { Description = "the device's address" };
        var sequence = new Argument<ulong>("sequence") { Description = "the message's sequence" };
        var gateway = new Option<string>("--gateway")
        {
            Description = "the gateway's HTTP API (default: $EDGE_GATEWAY; demo --keep-running prints it)",
            DefaultValueFactory = _ => System.Environment.GetEnvironmentVariable("EDGE_GATEWAY") ?? string.Empty,
        };
        return ActorOptions.Command(
            "verify",
            "Fetch a stored message's Merkle proof from the gateway and check it against the root anchored on chain (MerkleAnchor.verify).",
            [device, sequence, gateway],
            async (parse, context) =>
        {
            var address = ChainContext.ParseAddress(parse.GetValue(device)!);
            var seq = parse.GetValue(sequence);
            var api = parse.GetValue(gateway)!;
            if (!System.Uri.TryCreate(api, System.UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            {
                throw new CliException("Give the gateway's HTTP API with --gateway http://HOST:PORT (or $EDGE_GATEWAY); '" + api + "' is not one.");
            }

            using var http = new System.Net.Http.HttpClient { BaseAddress = baseUri, Timeout = System.TimeSpan.FromSeconds(10) };
            using var response = await http.GetAsync("/api/proofs/" + address + "/" + seq).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new CliException("The gateway has no proof of " + address + " #" + seq + ": " + body.Trim('"'));
            }

            using var proof = System.Text.Json.JsonDocument.Parse(body);
            var root = proof.RootElement;
            var leaf = root.GetProperty("leaf").GetString()!;
            var siblings = root.GetProperty("proof").EnumerateArray().Select(p => Gateway.Keepers.KeeperAbi.FromHex(p.GetString()!)).ToList();
            var claimedRoot = root.GetProperty("root").GetString()!;
            var anchor = context.Deployment.File.Require("MerkleAnchor").ToString();
            var contract = context.Reader.Contract("MerkleAnchor", anchor);
            var verified = await contract.GetFunction("verify").CallAsync<bool>(Gateway.Keepers.KeeperAbi.FromHex(leaf), siblings).ConfigureAwait(false);
            var anchored = await contract.GetFunction("anchorOf").CallDeserializingToObjectAsync<AnchorOutput>(Gateway.Keepers.KeeperAbi.FromHex(claimedRoot)).ConfigureAwait(false);
            context.Print(
                new { device = address, sequence = seq, leaf, root = claimedRoot, siblings = siblings.Count, verified, anchoredCount = anchored.Anchor.Count, anchoredBlock = anchored.Anchor.BlockNumber, submitter = anchored.Anchor.Submitter },
                verified
                    ? address + " #" + seq + " (digest " + leaf + ") is in the tree of root " + claimedRoot + ", anchored on chain in block " + anchored.Anchor.BlockNumber
                        + " by " + anchored.Anchor.Submitter + " over " + anchored.Anchor.Count + " messages (" + siblings.Count + " siblings checked by MerkleAnchor.verify)"
                    : "NOT VERIFIED: the gateway's proof of " + address + " #" + seq + " leads to no root anchored at " + anchor);
            return verified ? 0 : 1;
        });
    }

    private static string RoleName(byte role) => role < Roles.Length ? Roles[role] : "role " + role;

    private static async Task<(string Owner, byte Role, bool Active)> InfoAsync(ChainContext context, string device)
    {
        var info = await context.Reader.Contract("DeviceRegistry", context.Deployment.DeviceRegistry).GetFunction("deviceInfo")
            .CallDeserializingToObjectAsync<DeviceInfoOutput>(device).ConfigureAwait(false);
        return (info.Owner, info.Role, info.Active);
    }

    [Nethereum.ABI.FunctionEncoding.Attributes.FunctionOutput]
    private sealed class AnchorOutput : Nethereum.ABI.FunctionEncoding.Attributes.IFunctionOutputDTO
    {
        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("tuple", "", 1)]
        public AnchorStruct Anchor { get; set; } = new();
    }

    private sealed class AnchorStruct
    {
        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("address", "submitter", 1)]
        public string Submitter { get; set; } = string.Empty;

        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint64", "count", 2)]
        public ulong Count { get; set; }

        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint64", "blockNumber", 3)]
        public ulong BlockNumber { get; set; }
    }

    [Nethereum.ABI.FunctionEncoding.Attributes.FunctionOutput]
    private sealed class DeviceInfoOutput : Nethereum.ABI.FunctionEncoding.Attributes.IFunctionOutputDTO
    {
        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("address", "owner", 1)]
        public string Owner { get; set; } = string.Empty;

        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("uint8", "role", 2)]
        public byte Role { get; set; }

        [Nethereum.ABI.FunctionEncoding.Attributes.Parameter("bool", "active", 3)]
        public bool Active { get; set; }
    }
}
