using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text.Json;
using System.Threading.Tasks;
using EdgeOracle.Devnet;

namespace EdgeOracle.Cli.Commands;

/// <summary>A mistake in what the user asked for, or something to do first: printed as is, exit code 2.</summary>
internal sealed class CliException(string message) : Exception(message);

/// <summary>
/// What every actor command shares: the deployment file, the node, the acting key (from a key file or the
/// <c>EDGE_KEY</c> environment variable, never printed), and human or <c>--json</c> output.
/// </summary>
internal sealed class ActorOptions
{
    public const string KeyVariable = "EDGE_KEY";

    public Option<string> Deployment { get; } = new("--deployment")
    {
        Description = "the deployment file (written by `deploy` or the demo)",
        DefaultValueFactory = _ => DefaultDeployment(),
    };

    public Option<string> Rpc { get; } = new("--rpc")
    {
        Description = "the node's JSON-RPC endpoint (default: $EDGE_RPC, else http://127.0.0.1:8545)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EDGE_RPC") is { Length: > 0 } rpc ? rpc : "http://127.0.0.1:8545",
    };

    public Option<string?> KeyFile { get; } = new("--key-file")
    {
        Description = "a file holding the acting account's private key (hex); default: $" + KeyVariable,
    };

    public Option<bool> Json { get; } = new("--json") { Description = "print one JSON object instead of text" };

    /// <summary>
    /// An actor command: <paramref name="symbols"/> and the shared options, its work run with the command's chain
    /// context and every failure turned into one line (<see cref="Cli.RunAsync"/>).
    /// </summary>
    public static Command Command(string name, string description, Symbol[] symbols, Func<ParseResult, ChainContext, Task<int>> run)
    {
        var shared = new ActorOptions();
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
        }

        shared.AddTo(command);
        command.SetAction((parse, _) => Cli.RunAsync(() => run(parse, shared.Open(parse))));
        return command;
    }

    private void AddTo(Command command)
    {
        command.Options.Add(Deployment);
        command.Options.Add(Rpc);
        command.Options.Add(KeyFile);
        command.Options.Add(Json);
    }

    /// <summary>The deployment the demo or <c>deploy</c> wrote last (the newer of the two files).</summary>
    private static string DefaultDeployment()
    {
        var deployed = Path.Combine(RepoPaths.LocalState, "deployment.json");
        var demo = Path.Combine(RepoPaths.LocalState, "demo", "deployment.json");
        return File.Exists(demo) && (!File.Exists(deployed) || File.GetLastWriteTimeUtc(demo) > File.GetLastWriteTimeUtc(deployed)) ? demo : deployed;
    }

    public ChainContext Open(ParseResult parse) => new(
        parse.GetValue(Deployment)!, parse.GetValue(Rpc)!, parse.GetValue(KeyFile), parse.GetValue(Json));
}

/// <summary>One command's view of the chain.</summary>
internal sealed class ChainContext
{
    private readonly string? _keyFile;
    private EdgeContracts? _actor;

    public ChainContext(string deploymentPath, string rpc, string? keyFile, bool json)
    {
        if (!File.Exists(deploymentPath))
        {
            throw new CliException("No deployment file at " + deploymentPath + ". Deploy first (./tools/edge cli deploy --rpc URL), "
                + "or run the demo with --keep-running, or pass --deployment FILE.");
        }

        Deployment = Devnet.Deployment.Load(deploymentPath, rpc);
        _keyFile = keyFile;
        Json = json;
    }

    public Deployment Deployment { get; }

    public bool Json { get; }

    /// <summary>The acting account (needs a key).</summary>
    public EdgeContracts Actor => _actor ??= new EdgeContracts(Deployment, ReadKey());

    /// <summary>Reads only: any account will do, so none needs a key.</summary>
    public EdgeContracts Reader => _actor ?? (HasKey ? Actor : new EdgeContracts(Deployment, DevAccounts.Deployer));

    /// <summary>Whether a key was given (a read about "my" account can then name none).</summary>
    public bool HasKey => _keyFile is not null || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ActorOptions.KeyVariable));

    /// <summary>An address the user typed, checked (0x and 40 hex digits).</summary>
    public static string ParseAddress(string text) =>
        Protocol.Address.TryParse(text, out var parsed) ? parsed.ToString() : throw new CliException("'" + text + "' is not an address (0x and 40 hex digits).");

    /// <summary>The account a read is about: the given one, else the key's.</summary>
    public string AccountOr(string? account)
    {
        if (!string.IsNullOrEmpty(account))
        {
            return ParseAddress(account);
        }

        return HasKey ? Actor.From : throw new CliException("Name the account (--account 0x…) or give a key (--key-file FILE or $" + ActorOptions.KeyVariable + ").");
    }

    /// <summary>Prints <paramref name="human"/> lines, or <paramref name="json"/> as one JSON object with --json.</summary>
    public void Print(object json, params string[] human)
    {
        if (Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(json, JsonOptions));
            return;
        }

        foreach (var line in human)
        {
            Console.WriteLine(line);
        }
    }

    /// <summary>Sends a transaction as the actor; a revert is shown as the contract's error by name.</summary>
    public Task<string> SendAsync(string contract, string address, string function, params object[] args) =>
        SendAsAsync(contract, contract, address, function, args);

    /// <summary>
    /// What <paramref name="function"/> of <paramref name="contract"/> would return if the actor sent it now (e.g. the id
    /// a create call hands out); a call the contract would refuse throws with its error by name.
    /// </summary>
    public async Task<T> PreviewAsync<T>(string contract, string address, string function, params object[] args)
    {
        try
        {
            return await Actor.Contract(contract, address).GetFunction(function).CallAsync<T>(Actor.From, null, null, args).ConfigureAwait(false);
        }
        catch (Exception exception) when (Devnet.ContractErrors.Describe(exception) is { } error)
        {
            throw new Devnet.ContractRevertedException(contract + "." + function + " would revert: " + error, exception);
        }
    }

    /// <summary>The latest block's time on the chain's clock, unix seconds.</summary>
    public async Task<ulong> ChainTimeAsync()
    {
        var block = await Reader.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest()).ConfigureAwait(false);
        return (ulong)block.Timestamp.Value;
    }

    /// <summary>Sends through <paramref name="abi"/>'s ABI and reports the transaction as <paramref name="label"/>.<paramref name="function"/>.</summary>
    private async Task<string> SendAsAsync(string label, string abi, string address, string function, params object[] args)
    {
        var receipt = await Actor.SendAsync(abi, address, function, args).ConfigureAwait(false);
        if (!Json)
        {
            Console.WriteLine("  " + label + "." + function + " in block " + receipt.BlockNumber.Value + ", tx " + receipt.TransactionHash);
        }

        return receipt.TransactionHash;
    }

    /// <summary>2^256 − 1: "all" to the contracts that take it (withdraw, repay).</summary>
    public static readonly BigInteger MaxUint256 = BigInteger.Pow(2, 256) - 1;

    /// <summary>
    /// The events <paramref name="eventSignature"/> of <paramref name="address"/> since the deployment's block, filtered by
    /// <paramref name="indexed"/> (topics 1…, null: any), oldest first.
    /// </summary>
    public async Task<Nethereum.RPC.Eth.DTOs.FilterLog[]> EventsAsync(string address, string eventSignature, params object?[] indexed) =>
        await Reader.Web3.Eth.Filters.GetLogs.SendRequestAsync(new Nethereum.RPC.Eth.DTOs.NewFilterInput
        {
            Address = [address],
            FromBlock = new Nethereum.RPC.Eth.DTOs.BlockParameter(Deployment.DeployBlock),
            ToBlock = Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest(),
            Topics = [Gateway.Keepers.KeeperAbi.Topic(eventSignature), .. indexed],
        }).ConfigureAwait(false);

    /// <summary>Word <paramref name="index"/> of ABI data as an address (its last 20 bytes), <c>0x</c> and lower case.</summary>
    public static string AddressWord(byte[] data, int index) => Gateway.Keepers.KeeperAbi.ToHex(data.AsSpan((32 * index) + 12, 20));

    /// <summary>A token's symbol and decimals, read from the token (any ERC-20).</summary>
    public async Task<(string Symbol, int Decimals)> TokenAsync(string token)
    {
        var contract = Reader.Contract("TestStablecoin", token);
        var symbol = await contract.GetFunction("symbol").CallAsync<string>().ConfigureAwait(false);
        var decimals = await contract.GetFunction("decimals").CallAsync<byte>().ConfigureAwait(false);
        return (symbol, decimals);
    }

    /// <summary>The balance of <paramref name="account"/> in <paramref name="token"/>.</summary>
    public Task<BigInteger> BalanceAsync(string token, string account) =>
        Reader.Contract("TestStablecoin", token).GetFunction("balanceOf").CallAsync<BigInteger>(account);

    /// <summary>
    /// Refuses, before any transaction, an amount above the actor's balance; then approves <paramref name="spender"/>
    /// for exactly <paramref name="amount"/> when its allowance is lower. Returns the approval's transaction, if one was sent.
    /// </summary>
    public async Task<string?> PrepareSpendAsync(string token, string spender, BigInteger amount)
    {
        var contract = Actor.Contract("TestStablecoin", token);
        var balance = await contract.GetFunction("balanceOf").CallAsync<BigInteger>(Actor.From).ConfigureAwait(false);
        if (balance < amount)
        {
            var (symbol, decimals) = await TokenAsync(token).ConfigureAwait(false);
            throw new CliException(Actor.From + " holds " + FormatAmount(balance, decimals) + " " + symbol + ", less than the "
                + FormatAmount(amount, decimals) + " " + symbol + " asked for.");
        }

        var allowance = await contract.GetFunction("allowance").CallAsync<BigInteger>(Actor.From, spender).ConfigureAwait(false);
        if (allowance >= amount)
        {
            return null;
        }

        // Any ERC-20 is approved through the test stablecoin's ABI; the line names the token by its symbol.
        return await SendAsAsync((await TokenAsync(token).ConfigureAwait(false)).Symbol, "TestStablecoin", token, "approve", spender, amount).ConfigureAwait(false);
    }

    private string ReadKey()
    {
        string key;
        if (_keyFile is not null)
        {
            if (!File.Exists(_keyFile))
            {
                throw new CliException("No key file at " + _keyFile + ".");
            }

            key = File.ReadAllText(_keyFile).Trim();
        }
        else
        {
            key = Environment.GetEnvironmentVariable(ActorOptions.KeyVariable)?.Trim() ?? string.Empty;
            if (key.Length == 0)
            {
                throw new CliException("This command signs a transaction: give the account's key with --key-file FILE or $" + ActorOptions.KeyVariable + ".");
            }
        }

        var hex = key.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? key[2..] : key;
        if (hex.Length != 64 || !System.Text.RegularExpressions.Regex.IsMatch(hex, "^[0-9a-fA-F]+$"))
        {
            // Never echo the key: say only what is wrong with it.
            throw new CliException("The key (" + (_keyFile is null ? "$" + ActorOptions.KeyVariable : _keyFile) + ") is not 32 bytes of hex.");
        }

        return "0x" + hex;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Parses a token amount with up to <paramref name="decimals"/> decimals ("12.5" → 12_500_000 at 6).</summary>
    public static BigInteger ParseAmount(string text, int decimals)
    {
        var parts = text.Trim().Split('.');
        if (parts.Length > 2 || parts[0].Length == 0 && (parts.Length == 1 || parts[1].Length == 0)
            || !BigInteger.TryParse(parts[0].Length == 0 ? "0" : parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var whole))
        {
            throw new CliException("'" + text + "' is not an amount (e.g. 25 or 12.5).");
        }

        var fraction = parts.Length == 2 ? parts[1] : string.Empty;
        if (fraction.Length > decimals || !fraction.All(char.IsAsciiDigit))
        {
            throw new CliException("'" + text + "' has more than " + decimals + " decimals.");
        }

        var amount = whole * BigInteger.Pow(10, decimals) + (fraction.Length == 0 ? 0 : BigInteger.Parse(fraction.PadRight(decimals, '0'), System.Globalization.CultureInfo.InvariantCulture));
        return amount > 0 ? amount : throw new CliException("The amount must be above zero.");
    }

    /// <summary>A token amount in whole units, e.g. 12.5 for 12_500_000 at 6 decimals.</summary>
    public static string FormatAmount(BigInteger amount, int decimals)
    {
        var scale = BigInteger.Pow(10, decimals);
        var whole = BigInteger.DivRem(BigInteger.Abs(amount), scale, out var rest);
        var text = whole.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!rest.IsZero)
        {
            text += "." + rest.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(decimals, '0').TrimEnd('0');
        }

        return amount.Sign < 0 ? "-" + text : text;
    }
}
