using System.CommandLine;
using System.Threading.Tasks;

namespace EdgeOracle.Cli.Commands;

/// <summary><c>operator</c>: a device's entry in the DeviceRegistry, and revoking one of the account's devices.</summary>
internal static class OperatorCommand
{
    private static readonly string[] Roles = ["none", "sensor", "terminal", "meter"];

    public static Command Create()
    {
        var command = new Command("operator", "Look up a device in the registry; revoke one of your devices.");
        command.Subcommands.Add(Device());
        command.Subcommands.Add(Revoke());
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

    private static string RoleName(byte role) => role < Roles.Length ? Roles[role] : "role " + role;

    private static async Task<(string Owner, byte Role, bool Active)> InfoAsync(ChainContext context, string device)
    {
        var info = await context.Reader.Contract("DeviceRegistry", context.Deployment.DeviceRegistry).GetFunction("deviceInfo")
            .CallDeserializingToObjectAsync<DeviceInfoOutput>(device).ConfigureAwait(false);
        return (info.Owner, info.Role, info.Active);
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
