using System;
using System.CommandLine;
using System.IO;
using System.Threading.Tasks;
using EdgeOracle.Devnet;

namespace EdgeOracle.Cli.Commands;

/// <summary><c>deploy</c>: deploys the contracts to a JSON-RPC endpoint and writes the addresses file.</summary>
internal static class DeployCommand
{
    public static Command Create()
    {
        var rpc = new Option<string>("--rpc") { Description = "JSON-RPC endpoint", DefaultValueFactory = _ => "http://127.0.0.1:8545" };
        var chainId = new Option<ulong>("--chain-id") { Description = "chain id", DefaultValueFactory = _ => AnvilNode.DefaultChainId };
        var key = new Option<string>("--key")
        {
            Description = "deployer private key (default: anvil's first development account; never use it on a real network)",
            DefaultValueFactory = _ => DevAccounts.Deployer,
        };
        var output = new Option<string>("--out")
        {
            Description = "where to write the deployment JSON",
            DefaultValueFactory = _ => Path.Combine(RepoPaths.LocalState, "deployment.json"),
        };
        var command = new Command("deploy", "Deploy every contract with contracts/script/Deploy.s.sol (forge) and write the deployment file.")
        {
            rpc, chainId, key, output,
        };
        command.SetAction((parse, ct) => Cli.RunAsync(async () =>
        {
            var progress = new Progress<string>(line => Console.WriteLine("  " + line));
            var deployment = await EdgeContracts.DeployAsync(
                parse.GetValue(rpc)!, parse.GetValue(chainId), parse.GetValue(key)!, progress, ct).ConfigureAwait(false);
            var path = parse.GetValue(output)!;
            deployment.Save(path);
            Console.WriteLine("deployment written to " + path);
            return 0;
        }));
        return command;
    }
}
