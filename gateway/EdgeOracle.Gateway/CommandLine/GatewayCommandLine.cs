using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Registry;
using Microsoft.Extensions.Configuration;

namespace EdgeOracle.Gateway.CommandLine;

/// <summary>
/// The gateway's command line: <c>run</c> (the default: host the gateway; any other arguments are configuration such
/// as <c>--Chain:RpcUrl=…</c>), <c>devices list</c> / <c>devices show</c>,
/// and <c>--help</c>. Contracts are deployed by the one deployer, <c>contracts/script/Deploy.s.sol</c>
/// (<c>./tools/edge cli deploy</c> runs it), whose deployment file <c>Chain:DeploymentFile</c> names. Settings come from appsettings.json beside the binary and <c>EO_</c>-less environment variables
/// (<c>Chain__RpcUrl</c>), as for <c>run</c>; options given on the command line win.
/// </summary>
public static class GatewayCommandLine
{
    private static readonly string[] Commands = ["devices", "--help", "-h", "-?", "help", "--version"];

    /// <summary>True when the arguments name a command other than <c>run</c> (which the host parses itself).</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0], StringComparer.Ordinal);

    /// <summary>The arguments <c>run</c> passes to the host (without the word <c>run</c>).</summary>
    public static string[] RunArguments(string[] args) => args.Length > 0 && args[0] == "run" ? args[1..] : args;

    /// <summary>Parses and runs a command; returns the exit code.</summary>
    public static Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("EdgeOracle gateway: signed device messages over MQTT, stored, acknowledged and relayed on chain.")
        {
            RunCommand(),
            DevicesCommand(),
        };
        return root.Parse(args.Length > 0 && args[0] == "help" ? ["--help"] : args).InvokeAsync();
    }

    private static Command RunCommand()
    {
        var command = new Command("run", "Host the gateway (the default when no command is given). Further arguments are configuration, e.g. --Mqtt:Port=1884.");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(_ =>
        {
            // Reached only through --help listings: Program.cs hosts the gateway for "run" itself.
            System.Console.Error.WriteLine("run is handled by the host; start the gateway as: EdgeOracle.Gateway run [--Section:Key=value ...]");
            return 2;
        });
        return command;
    }

    private static Command DevicesCommand()
    {
        var database = new Option<string?>("--db") { Description = "SQLite file (default: Storage:Path, or the PostgreSQL store when Storage:PostgresConnectionString is set)" };
        var list = new Command("list", "Devices the registry follower has seen (address, role, active) and its cursor.") { database };
        list.SetAction(async (parse, ct) =>
        {
            var storage = Settings<StorageOptions>(StorageOptions.SectionName);
            var file = parse.GetValue(database);
            storage.Path = file ?? storage.Path;
            RegistryStore store = file is null && storage.UsesPostgres()
                ? new PostgresRegistryStore(storage.PostgresConnectionString)
                : new SqliteRegistryStore(Microsoft.Extensions.Options.Options.Create(storage));
            var devices = await store.LoadDevicesAsync(0, ct).ConfigureAwait(false);
            foreach (var (device, info) in devices.OrderBy(d => d.Key.ToString(), StringComparer.Ordinal))
            {
                System.Console.WriteLine($"{device}  {info.Role,-8}  {(info.Active ? "active" : "revoked")}  owner {info.Owner}");
            }

            System.Console.WriteLine($"{devices.Count} devices; next block {(await store.GetCursorAsync(ct).ConfigureAwait(false))?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(not followed yet)"}");
            return 0;
        });

        var address = new Argument<string>("address") { Description = "the device's 0x address" };
        var rpc = new Option<string?>("--rpc") { Description = "JSON-RPC endpoint (default: Chain:RpcUrl)" };
        var registry = new Option<string?>("--registry") { Description = "DeviceRegistry address (default: Chain:DeviceRegistryAddress)" };
        var show = new Command("show", "The registry's record of one device, read from chain (deviceInfo).") { address, rpc, registry };
        show.SetAction(async (parse, ct) =>
        {
            if (!Address.TryParse(parse.GetValue(address), out var device))
            {
                System.Console.Error.WriteLine("address must be 0x and 40 hex digits");
                return 2;
            }

            var chain = Settings<ChainOptions>(ChainOptions.SectionName);
            chain.RpcUrl = parse.GetValue(rpc) ?? chain.RpcUrl;
            chain.DeviceRegistryAddress = parse.GetValue(registry) ?? chain.DeviceRegistryAddress;
            if (string.IsNullOrEmpty(chain.RelayerPrivateKey))
            {
                // Reads only: any key will do for the client.
                chain.RelayerPrivateKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
            }

            var options = Microsoft.Extensions.Options.Options.Create(chain);
            DeviceInfo info;
            try
            {
                info = await new ChainDeviceRegistry(new ChainConnection(options), options).GetAsync(device, ct).ConfigureAwait(false);
            }
            catch (RegistryUnavailableException exception)
            {
                System.Console.Error.WriteLine(exception.Message);
                return 1;
            }

            System.Console.WriteLine(info.Owner.IsZero
                ? $"{device}  not registered"
                : $"{device}  {info.Role}  {(info.Active ? "active" : "revoked")}  owner {info.Owner}");
            return 0;
        });

        return new Command("devices", "Registered devices: as followed into the store, or as the chain has them.") { list, show };
    }

    private static T Settings<T>(string section)
        where T : new()
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var value = new T();
        configuration.GetSection(section).Bind(value);
        return value;
    }
}
