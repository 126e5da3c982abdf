using System;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Monitoring;

namespace EdgeOracle.Cli.Commands;

/// <summary>
/// <c>demo</c>: the five finance models in one story on a local chain, every actor acting through this CLI's own
/// commands (printed as typed) and every figure read back from the chain. Investors fund the risk pool; the insurer
/// opens a region of five emulated rain stations (one of them lying) and a drought cover; the farmer insures the week,
/// borrows from the lending market against risk-pool shares and pledges the policy; the dry days pay out through the
/// market, which takes its loan back first; a POS terminal sells in tUSD and to a tourist paying tEUR across the FX
/// pair, and one sale is refunded; an investor buys solar-plant tokens on the asset pair (the swap moves the TWAP the
/// lending oracle reads) and claims the revenue the plant's meter readings earn.
/// </summary>
internal static partial class DemoCommand
{
    private const int Week = 7;
    private const int Steps = 8;
    private const long TriggerMicrometres = 2_000;
    private const long ExitMicrometres = 500;
    private static readonly BigInteger SumInsured = 500_000_000;
    private static readonly BigInteger PoolCapital = 1_000_000_000;
    private static readonly BigInteger FarmerShares = 200_000_000;
    private static readonly BigInteger Loan = 100_000_000;
    private static readonly BigInteger LenderSupply = 2_000_000_000;
    private static readonly BigInteger PlantPurchase = 5_000_000_000;

    // Four honest stations see a dry spell on days 3, 4 and 6; the fifth lies with a wet day every day.
    private static readonly (string Name, double[] Rain)[] Stations =
    [
        ("north", [6.2, 4.0, 1.2, 0.2, 3.5, 0.8, 7.0]),
        ("south", [5.8, 3.6, 1.4, 0.0, 3.1, 1.0, 6.4]),
        ("east", [6.6, 4.4, 1.0, 0.4, 2.9, 0.6, 7.4]),
        ("west", [5.2, 3.2, 1.6, 0.2, 3.3, 1.2, 6.8]),
        ("liar", [25.0, 25.0, 25.0, 25.0, 25.0, 25.0, 25.0]),
    ];

    private static readonly (string Receipt, ulong Amount)[] Sales = [("R-1001", 4_500_000), ("R-1002", 12_000_000), ("R-1003", 7_250_000)];

    // The sale refunded in full, the customer changing their mind.
    private const int RefundedSale = 1;

    // A tourist pays a tUSD price from a tEUR wallet, giving at most 0.95 tEUR per tUSD (the pair is seeded at 1.10 USD/EUR).
    private static readonly (string Receipt, ulong Amount) TouristSale = ("R-1004", 22_000_000);
    private static readonly BigInteger TouristEuros = 50_000_000;
    private const decimal TouristMaxEurPerUsd = 0.95m;

    // The solar plant's meter over a sunny morning: watt-hours per hour.
    /// <summary>The solar plant's peak power on the demo's sunny day, kW (about 420 kWh over the day).</summary>
    private const double SolarPeakKw = 55;

    public static Command Create()
    {
        var keep = new Option<bool>("--keep-running") { Description = "leave the system running after the demo until Ctrl+C or SIGTERM (then exit 0)" };
        var command = new Command("demo", "Run the end-to-end demo of the five models on a local chain: insurance, lending, payments, tokenized revenue and trading.") { keep };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(keep), ct));
        return command;
    }

    private static async Task<int> RunAsync(bool keepRunning, CancellationToken ct)
    {
        // Ctrl+C (SIGINT) or SIGTERM (kill, a service manager) stops the demo wherever it is: the story stops at its next
        // step, and the gateway, the price feed and the chain are stopped as they are after a whole run.
        using var signals = new StopSignals(ct);
        try
        {
            return await RunStoryAsync(keepRunning, signals.Token).ConfigureAwait(false);
        }
        catch (Exception) when (signals.Signalled)
        {
            // Cancelled, or cut off by the stop (the in-process gateway also stops on the signal): not a failure of the story.
            Console.Error.WriteLine("demo stopped by " + signals.Name + " before it finished");
            return signals.ExitCode;
        }
        catch (DemoFailedException failed)
        {
            return Fail(failed.Message);
        }
        catch (ContractRevertedException reverted)
        {
            return Fail(reverted.Message);
        }
    }

    private static async Task<int> RunStoryAsync(bool keepRunning, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var work = Path.Combine(RepoPaths.LocalState, "demo");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        // The week of weather lies in the past: the local chain starts just before it and its clock is moved on
        // day by day as the stations close their windows, so that each round lands while its window is open.
        var start = VirtualClock.UtcMidnightOf(DateTimeOffset.UtcNow).AddDays(-Week);
        Step(1, "local chain, contracts and gateway");
        await using var system = await LocalEdgeSystem.StartAsync(work, new Progress<string>(Detail), cancellationToken: ct, chainStart: start.AddHours(-1), pokePairs: true)
            .ConfigureAwait(false);
        using var relayWatch = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var relayPrinter = PrintRelaysAsync(system, relayWatch.Token);
        var shell = new DemoShell(system, work, ct);

        Step(2, "devices and accounts");
        // These chain calls take no token: a stop ends the wait for each (the call itself dies with the chain).
        var stations = new DeviceKey[Stations.Length];
        for (var i = 0; i < stations.Length; i++)
        {
            stations[i] = await system.ProvisionSensorAsync().WaitAsync(ct).ConfigureAwait(false);
            Detail("rain station " + Stations[i].Name.PadRight(6) + stations[i].Address + " registered by the insurer (role sensor)");
        }

        var terminalKey = await system.ProvisionTerminalAsync().WaitAsync(ct).ConfigureAwait(false);
        Detail("POS terminal      " + terminalKey.Address + " registered by the merchant (role terminal)");
        var meterKey = await system.ProvisionMeterAsync().WaitAsync(ct).ConfigureAwait(false);
        Detail("solar meter       " + meterKey.Address + " registered by the plant's operator (role meter), metering the plant for RevenueDistributor");
        var customers = new DeviceKey[Sales.Length];
        for (var i = 0; i < customers.Length; i++)
        {
            customers[i] = await system.FundCustomerAsync(50_000_000).WaitAsync(ct).ConfigureAwait(false);
            Detail("customer wallet   " + customers[i].Address + " funded with " + Money.Usd(50_000_000));
        }

        var euro = system.Deployment.File.Require("TestEuro").ToString();
        var tourist = DeviceKey.Create();
        await system.Deployer.SendAsync("TestEuro", euro, "mint", tourist.Address, TouristEuros).WaitAsync(ct).ConfigureAwait(false);
        Detail("tourist wallet    " + tourist.Address + " funded with " + Money.Eur(TouristEuros) + " (no tUSD)");
        var investor = await system.FundActorAsync(PoolCapital + PlantPurchase).WaitAsync(ct).ConfigureAwait(false);
        var lender = await system.FundActorAsync(LenderSupply).WaitAsync(ct).ConfigureAwait(false);
        await system.Deployer.MintAsync(system.Farmer.From, FarmerShares + (SumInsured * 500 / 10_000)).WaitAsync(ct).ConfigureAwait(false);
        var keys = new
        {
            Deployer = shell.Key("deployer", DevAccounts.Deployer),
            Farmer = shell.Key("farmer", DevAccounts.Farmer),
            Merchant = shell.Key("merchant", DevAccounts.Merchant),
            Investor = shell.Key("investor", "0x" + Convert.ToHexStringLower(investor.PrivateKey)),
            Lender = shell.Key("lender", "0x" + Convert.ToHexStringLower(lender.PrivateKey)),
        };
        Detail("investor " + investor.Address + " (" + Money.Usd(PoolCapital + PlantPurchase) + "), lender " + lender.Address + " (" + Money.Usd(LenderSupply) +
               "), farmer " + system.Farmer.From + "; their keys are in " + Path.GetDirectoryName(keys.Farmer) + "/ (the commands below take them)");
        Detail("every command below also gets --rpc " + system.Deployment.RpcUrl + " --deployment " + Path.GetRelativePath(RepoPaths.Root, shell.DeploymentFile));

        Step(3, "investors fund the risk pool (ERC-4626 shares)");
        await shell.RunAsync("investor", "deposit", Whole(PoolCapital), "--key-file", keys.Investor).ConfigureAwait(false);

        Step(4, "the insurer opens a region of five stations and a drought cover on it");
        await shell.RunAsync(["insurer", "create-region", .. stations.SelectMany(s => new[] { "--sensor", s.Address }), "--key-file", keys.Deployer]).ConfigureAwait(false);
        var regionId = await RegionOfAsync(system, stations[0].Address).ConfigureAwait(false);
        // A drought cover: a day whose median rainfall is below 2 mm pays, all of the sum insured at 0.5 mm (linear in between).
        await shell.RunAsync(
            "insurer", "create-product", "--region", Text(regionId), "--direction", "below", "--trigger", Text(TriggerMicrometres), "--exit", Text(ExitMicrometres),
            "--quorum", "3", "--window", "86400", "--staleness", "86400", "--premium-bps", "500", "--max-coverage", Text(8 * 86_400), "--key-file", keys.Deployer).ConfigureAwait(false);
        var productId = (uint)await LastIdAsync(system, system.Deployment.QuorumInsurance, "ProductCreated(uint32,(uint32,uint32,uint8,uint8,uint32,uint32,uint16,bool,int64,int64,uint32,uint32,uint128))").ConfigureAwait(false);

        Step(5, "the farmer insures the week, borrows from the lending market and pledges the policy");
        var end = start.AddDays(Week);
        await shell.RunAsync(
            "farmer", "buy-policy", "--product", Text(productId), "--start", start.ToString("yyyy-MM-dd"), "--end", end.ToString("yyyy-MM-dd"), "--sum", Whole(SumInsured),
            "--key-file", keys.Farmer).ConfigureAwait(false);
        var policyId = await LastIdAsync(system, system.Deployment.QuorumInsurance, "PolicyBought(uint256,uint32,address,address,uint64,uint64,uint256,uint256)").ConfigureAwait(false);
        await shell.RunAsync("lender", "supply", Whole(LenderSupply), "--key-file", keys.Lender).ConfigureAwait(false);
        await shell.RunAsync("investor", "deposit", Whole(FarmerShares), "--key-file", keys.Farmer).ConfigureAwait(false);
        var pool = system.Deployer.Contract("RiskPool", system.Deployment.RiskPool);
        var shares = await pool.GetFunction("balanceOf").CallAsync<BigInteger>(system.Farmer.From).ConfigureAwait(false);
        var shareDecimals = await pool.GetFunction("decimals").CallAsync<byte>().ConfigureAwait(false);
        await shell.RunAsync("farmer", "collateral", ChainContext.FormatAmount(shares, shareDecimals), "--asset", "eRISK", "--key-file", keys.Farmer).ConfigureAwait(false);
        await shell.RunAsync("farmer", "borrow", Whole(Loan), "--key-file", keys.Farmer).ConfigureAwait(false);
        await shell.RunAsync("farmer", "pledge", policyId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--key-file", keys.Farmer).ConfigureAwait(false);
        var farmerBefore = await system.Farmer.BalanceOfAsync(system.Farmer.From).ConfigureAwait(false);

        Step(6, "the stations live through the week (virtual clock; each rain gauge pulses a virtual GPIO pin)");
        await RunWeekAsync(system, stations, regionId, start, ct).ConfigureAwait(false);
        var paid = (await ChainEvents.PolicyPaymentsAsync(system.Deployer.Web3, system.Deployment).ConfigureAwait(false)).Where(p => p.Event.PolicyId == policyId).ToList();
        if (paid.Count == 0)
        {
            return Fail("no PolicyPaid event for policy #" + policyId);
        }

        foreach (var payout in paid)
        {
            Detail("PAYOUT: policy #" + policyId + " paid " + Money.Usd(payout.Event.Amount) + " to " + Money.Short(payout.Event.Beneficiary) + " (the lending market)" +
                   " on a median of " + Mm(payout.Event.Value) + " mm; " + Money.Usd(payout.Event.Paid) + " of " + Money.Usd(SumInsured) + " paid in all; tx " +
                   payout.TransactionHash + ", block " + payout.BlockNumber);
        }

        foreach (var (amount, repaid, tx) in await MarketPayoutsAsync(system, policyId).ConfigureAwait(false))
        {
            Detail("LENDING MARKET: of " + Money.Usd(amount) + " it kept " + Money.Usd(repaid) + " to repay the farmer's loan and paid him " + Money.Usd(amount - repaid) + " (tx " + tx + ")");
        }

        var farmerAfter = await system.Farmer.BalanceOfAsync(system.Farmer.From).ConfigureAwait(false);
        Detail("the lying station's wet days moved no median: one liar of five cannot stop a payout; farmer balance " +
               Money.Usd(farmerBefore) + " → " + Money.Usd(farmerAfter));
        await shell.RunAsync("farmer", "status", "--account", system.Farmer.From).ConfigureAwait(false);

        // The sales sign intents by the wall clock: the chain's clock catches up with it first.
        var now = DateTimeOffset.UtcNow;
        if (await system.Anvil.ChainTimeAsync().ConfigureAwait(false) < now)
        {
            await system.Anvil.SetChainTimeAsync(now).ConfigureAwait(false);
        }

        Step(7, "tap-to-pay sales at the POS terminal, one across the FX pair, one refunded");
        var sold = await SellAsync(system, terminalKey, customers, tourist, euro, ct).ConfigureAwait(false);
        Detail("waiting for the payments to settle on chain…");
        var settlements = await WaitForSettlementsAsync(system, Sales.Length + 1, ct).ConfigureAwait(false);
        if (settlements.Count < Sales.Length + 1)
        {
            return Fail("only " + settlements.Count + " of " + (Sales.Length + 1) + " sales settled within 90 s");
        }

        foreach (var s in settlements)
        {
            var how = string.Equals(s.Event.Payer, tourist.Address, StringComparison.OrdinalIgnoreCase) ? " cross-border via the FX pair" : string.Empty;
            Detail("SETTLED by PaymentHub" + how + ": " + Money.Usd(s.Event.Amount) + " from " + Money.Short(s.Event.Payer) + " to merchant " +
                   Money.Short(s.Event.Merchant) + " (fee " + Money.Usd(s.Event.Fee) + ") in tx " + s.TransactionHash + ", block " + s.BlockNumber);
        }

        var touristLeft = await system.Deployer.Contract("TestEuro", euro).GetFunction("balanceOf").CallAsync<BigInteger>(tourist.Address).ConfigureAwait(false);
        Detail("the tourist paid " + Money.Eur(TouristEuros - touristLeft) + " for " + Money.Usd(TouristSale.Amount) + " (the swap's unused max-in came back; tEUR balance " +
               Money.Eur(TouristEuros) + " → " + Money.Eur(touristLeft) + ")");
        await RefundAsync(system, shell, keys.Merchant, sold, customers[RefundedSale].Address).ConfigureAwait(false);
        await shell.RunAsync("merchant", "sales", "--account", system.Merchant.From).ConfigureAwait(false);

        Step(8, "an investor buys solar-plant tokens on the asset pair, the meter's production earns them revenue");
        await system.Deployer.SendAsync("IdentityRegistry", system.Deployment.File.Require("IdentityRegistry").ToString(), "registerIdentity", investor.Address, (ushort)276)
            .ConfigureAwait(false);
        Detail("the investor's identity registered (IdentityRegistry.registerIdentity: the plant token is permissioned)");
        var asset = system.Deployment.File.Require("AssetToken").ToString();
        var oracleBefore = await OraclePriceAsync(system, asset).ConfigureAwait(false);
        await shell.RunAsync("trader", "swap", Whole(PlantPurchase), "--pair", "asset", "--sell", "tUSD", "--slippage", "1", "--key-file", keys.Investor).ConfigureAwait(false);
        await system.Anvil.SetChainTimeAsync((await system.Anvil.ChainTimeAsync().ConfigureAwait(false)).AddMinutes(31)).ConfigureAwait(false);
        await system.Deployer.SendAsync("ConstantProductPair", system.Deployment.File.Require("AssetPair").ToString(), "poke").ConfigureAwait(false);
        var oracleAfter = await OraclePriceAsync(system, asset).ConfigureAwait(false);
        Detail("31 minutes later on the chain's clock: the lending oracle's SOL1 price (the pair's 30-minute TWAP) " + oracleBefore + " → " + oracleAfter);
        await shell.RunAsync("trader", "pool", "--pair", "asset", "--window", "1800").ConfigureAwait(false);
        await PublishProductionAsync(system, meterKey, ct).ConfigureAwait(false);
        await shell.RunAsync("investor", "status", "--account", investor.Address).ConfigureAwait(false);
        await shell.RunAsync("investor", "claim", "--key-file", keys.Investor).ConfigureAwait(false);

        relayWatch.Cancel();
        await relayPrinter.ConfigureAwait(false);
        await PrintSummaryAsync(system, customers, investor.Address, clock.Elapsed).ConfigureAwait(false);

        if (keepRunning)
        {
            Console.WriteLine("system left running (gateway API " + system.Gateway.HttpAddress + ", chain " + system.Deployment.RpcUrl + "); Ctrl+C to stop");
            Console.WriteLine("act on it with the command line, e.g.: ./tools/edge cli farmer status --key-file " + keys.Farmer + " --rpc " + system.Deployment.RpcUrl);
            // Until Ctrl+C or SIGTERM: the way this run ends, so a success (0). Leaving stops the system (await using).
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Console.WriteLine("stopping the gateway, the price feed and the chain");
        }

        return 0;
    }

    private static async Task PrintRelaysAsync(LocalEdgeSystem system, CancellationToken ct)
    {
        try
        {
            await foreach (var e in system.Gateway.Events.SubscribeAsync(ct).ConfigureAwait(false))
            {
                if (e is RelayAttempted { Outcome: var o })
                {
                    Detail("relayer: " + o.Kind + " #" + o.Sequence + " of " + Money.Short(o.Device.ToString()) + " " +
                           o.Status.ToString().ToLowerInvariant() + (o.TransactionHash is null ? string.Empty : " tx " + Money.Short(o.TransactionHash)) +
                           (o.Status == RelayStatus.Relayed ? string.Empty : " " + o.Error));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The demo is done with relay progress.
        }
    }

    /// <summary>The region's window ending at <paramref name="windowEnd"/> as decided on chain, or null after 90 s.</summary>
    private static async Task<ChainEvent<WindowDecidedEvent>?> WaitForWindowAsync(LocalEdgeSystem system, uint regionId, ulong windowEnd, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var decided = (await ChainEvents.WindowsDecidedAsync(system.Deployer.Web3, system.Deployment).ConfigureAwait(false))
                .FirstOrDefault(w => w.Event.RegionId == regionId && w.Event.WindowEnd == windowEnd);
            if (decided is not null || DateTime.UtcNow > deadline)
            {
                return decided;
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    private static string Mm(long micrometres) => (micrometres / 1000.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<System.Collections.Generic.IReadOnlyList<ChainEvent<PaymentSettledEvent>>> WaitForSettlementsAsync(
        LocalEdgeSystem system, int count, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var settled = await ChainEvents.SettlementsAsync(system.Deployer.Web3, system.Deployment).ConfigureAwait(false);
            if (settled.Count >= count || DateTime.UtcNow > deadline)
            {
                return settled;
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    private static void Step(int n, string text) => Console.WriteLine("[" + n + "/" + Steps + "] " + text);

    private static void Detail(string text) => Console.WriteLine("      " + text);

    private static int Fail(string why)
    {
        Console.Error.WriteLine("demo failed: " + why);
        return 1;
    }
}
