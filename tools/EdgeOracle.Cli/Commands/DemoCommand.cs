using System;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Monitoring;

namespace EdgeOracle.Cli.Commands;

/// <summary>
/// <c>demo</c>: the whole system on this machine. A local chain, the contracts, the gateway, a region of three emulated
/// rain-gauge stations (one of them lying) living through a week with a storm under a QuorumInsurance storm cover, and
/// an emulated point-of-sale terminal making a few sales through PaymentHub, one of them paid cross-border by a
/// tourist's tEUR wallet through the FX pair; everything it reports is read back from the chain.
/// </summary>
internal static class DemoCommand
{
    private const int Week = 7;
    private const long TriggerMicrometres = 50_000;
    private const long ExitMicrometres = 100_000;
    private static readonly BigInteger SumInsured = 500_000_000;
    private static readonly BigInteger Capital = 1_000_000_000;

    // Two honest stations see a storm on the fourth day; the third lies with a storm every day.
    private static readonly (string Name, double[] Rain)[] Stations =
    [
        ("north", [1.2, 0.0, 3.4, 84.0, 22.0, 0.4, 0.0]),
        ("south", [1.0, 0.2, 2.8, 78.0, 19.5, 0.6, 0.0]),
        ("liar", [95.0, 95.0, 95.0, 95.0, 95.0, 95.0, 95.0]),
    ];

    private static readonly (string Receipt, ulong Amount)[] Sales = [("R-1001", 4_500_000), ("R-1002", 12_000_000), ("R-1003", 7_250_000)];

    // A tourist pays a tUSD price from a tEUR wallet, giving at most 0.95 tEUR per tUSD (the pair is seeded at 1.10 USD/EUR).
    private static readonly (string Receipt, ulong Amount) TouristSale = ("R-1004", 22_000_000);
    private static readonly BigInteger TouristEuros = 50_000_000;
    private const decimal TouristMaxEurPerUsd = 0.95m;

    public static Command Create()
    {
        var keep = new Option<bool>("--keep-running") { Description = "leave the system running after the demo until Ctrl+C" };
        var command = new Command("demo", "Run the end-to-end demo: a storm payout decided by a quorum of stations, and tap-to-pay sales, on a local chain.") { keep };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(keep), ct));
        return command;
    }

    private static async Task<int> RunAsync(bool keepRunning, CancellationToken ct)
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

        Step(2, "provisioning devices and accounts");
        var stations = new DeviceKey[Stations.Length];
        for (var i = 0; i < stations.Length; i++)
        {
            stations[i] = await system.ProvisionSensorAsync().ConfigureAwait(false);
            Detail("rain station " + Stations[i].Name.PadRight(8) + stations[i].Address + " registered by the insurer (role sensor)");
        }

        var terminalKey = await system.ProvisionTerminalAsync().ConfigureAwait(false);
        Detail("POS terminal   " + terminalKey.Address + " registered by the merchant (role terminal)");
        var customers = new DeviceKey[Sales.Length];
        for (var i = 0; i < customers.Length; i++)
        {
            customers[i] = await system.FundCustomerAsync(50_000_000).ConfigureAwait(false);
            Detail("customer wallet " + customers[i].Address + " funded with " + Money.Usd(50_000_000));
        }

        var euro = system.Deployment.File.Require("TestEuro").ToString();
        var tourist = DeviceKey.Create();
        await system.Deployer.SendAsync("TestEuro", euro, "mint", tourist.Address, TouristEuros).ConfigureAwait(false);
        Detail("tourist wallet  " + tourist.Address + " funded with " + Money.Eur(TouristEuros) + " (no tUSD)");

        Step(3, "a storm cover: region, product, risk capital and a policy");
        var regionId = await system.Deployer.CreateRegionAsync(stations.Select(s => s.Address)).ConfigureAwait(false);
        Detail("region #" + regionId + ": the " + stations.Length + " stations; a window's value is the median of their readings");
        var productId = await system.Deployer.CreateProductAsync(StormCover(regionId)).ConfigureAwait(false);
        Detail("product #" + productId + ": pays when a day's median rainfall exceeds " + Mm(TriggerMicrometres) + " mm, all of it at " +
               Mm(ExitMicrometres) + " mm (linear in between), quorum 2 of 3, premium 5 %");
        await system.Deployer.MintAsync(system.Insurer.From, Capital).ConfigureAwait(false);
        await system.Insurer.DepositToRiskPoolAsync(Capital).ConfigureAwait(false);
        Detail("the insurer deposited " + Money.Usd(Capital) + " into the risk pool (ERC-4626 shares)");
        var premium = SumInsured * 500 / 10_000;
        await system.Deployer.MintAsync(system.Farmer.From, premium).ConfigureAwait(false);
        var end = start.AddDays(Week);
        var policyId = await system.Farmer.BuyPolicyAsync(
            productId, system.Farmer.From, (ulong)start.ToUnixTimeSeconds(), (ulong)end.ToUnixTimeSeconds(), SumInsured, premium).ConfigureAwait(false);
        Detail("policy #" + policyId + ": the farmer " + Money.Short(system.Farmer.From) + " paid " + Money.Usd(premium) + " to insure " +
               Money.Usd(SumInsured) + " for " + start.ToString("yyyy-MM-dd") + " … " + end.AddDays(-1).ToString("yyyy-MM-dd"));
        var farmerBefore = await system.Farmer.BalanceOfAsync(system.Farmer.From).ConfigureAwait(false);

        Step(4, "the stations live through the week (virtual clock; each rain gauge pulses a virtual GPIO pin)");
        var running = new EmulatedSensorStation[stations.Length];
        try
        {
            for (var i = 0; i < stations.Length; i++)
            {
                running[i] = await EmulatedSensorStation.StartAsync(system.StationOptions(stations[i], start), ct).ConfigureAwait(false);
            }

            for (var day = 0; day < Week; day++)
            {
                var windowEnd = start.AddDays(day + 1);
                await system.Anvil.SetChainTimeAsync(windowEnd.AddMinutes(1)).ConfigureAwait(false);
                var readings = new string[stations.Length];
                for (var i = 0; i < stations.Length; i++)
                {
                    var result = await running[i].RunDayAsync(Stations[i].Rain[day], ct).ConfigureAwait(false);
                    readings[i] = Stations[i].Name + " " + Mm(result.RainfallMicrometres) + " mm (" + result.ReasonName + ")";
                }

                var decided = await WaitForWindowAsync(system, regionId, (ulong)windowEnd.ToUnixTimeSeconds(), ct).ConfigureAwait(false);
                Detail(windowEnd.AddDays(-1).ToString("yyyy-MM-dd") + "  " + string.Join(", ", readings) + "  → " +
                       (decided is null ? "not decided on chain within 90 s" : "median " + Mm(decided.Event.Median) + " mm over " + decided.Event.Count + " readings"));
                if (decided is null)
                {
                    return Fail("the window of " + windowEnd.AddDays(-1).ToString("yyyy-MM-dd") + " was not decided on chain");
                }
            }
        }
        finally
        {
            foreach (var station in running.Where(r => r is not null))
            {
                await station.DisposeAsync().ConfigureAwait(false);
            }
        }

        var payouts = await ChainEvents.PolicyPaymentsAsync(system.Deployer.Web3, system.Deployment).ConfigureAwait(false);
        var paid = payouts.Where(p => p.Event.PolicyId == policyId).ToList();
        var farmerAfter = await system.Farmer.BalanceOfAsync(system.Farmer.From).ConfigureAwait(false);
        if (paid.Count == 0)
        {
            return Fail("no PolicyPaid event for policy #" + policyId + " (farmer balance " + Money.Usd(farmerAfter) + ")");
        }

        foreach (var payout in paid)
        {
            Detail("PAYOUT: policy #" + policyId + " paid " + Money.Usd(payout.Event.Amount) + " to " + Money.Short(payout.Event.Beneficiary) +
                   " (median " + Mm(payout.Event.Value) + " mm; " + Money.Usd(payout.Event.Paid) + " of " + Money.Usd(SumInsured) + " paid in all) in tx " +
                   payout.TransactionHash + ", block " + payout.BlockNumber);
        }

        Detail("the lying station's storm every day moved no median: one liar of three cannot cause a payout");
        Detail("farmer balance " + Money.Usd(farmerBefore) + " → " + Money.Usd(farmerAfter));

        // The sales sign intents by the wall clock: the chain's clock catches up with it first.
        var now = DateTimeOffset.UtcNow;
        if (await system.Anvil.ChainTimeAsync().ConfigureAwait(false) < now)
        {
            await system.Anvil.SetChainTimeAsync(now).ConfigureAwait(false);
        }

        Step(5, "tap-to-pay sales at the POS terminal");
        await using (var terminal = await EmulatedTerminal.StartAsync(system.TerminalOptions(terminalKey), ct).ConfigureAwait(false))
        {
            for (var i = 0; i < Sales.Length; i++)
            {
                var wallet = system.Wallet(customers[i]);
                var sale = await terminal.SellAsync(Sales[i].Amount, EmulatedTerminal.OrderRefFor(Sales[i].Receipt), wallet, ct).ConfigureAwait(false);
                Detail("sale " + Sales[i].Receipt + ": " + Money.Usd(Sales[i].Amount) + " from " + Money.Short(wallet.Address) +
                       "  intent #" + sale.Sequence + " signed by terminal, authorization by customer → gateway: " + sale.ReasonName);
                if (!sale.Approved)
                {
                    return Fail("sale " + Sales[i].Receipt + " was not approved: " + sale.ReasonName);
                }
            }

            var euroWallet = new Emulator.Wallet.CustomerWallet(tourist.PrivateKey, system.WalletOptions() with
            {
                PaysWith = new Emulator.Wallet.CrossBorderPayment(euro, system.Deployment.File.RequireToken(EdgeOracle.Protocol.Address.Parse(euro)).Name, TouristMaxEurPerUsd),
            });
            var crossBorder = await terminal.SellAsync(TouristSale.Amount, EmulatedTerminal.OrderRefFor(TouristSale.Receipt), euroWallet, ct).ConfigureAwait(false);
            Detail("sale " + TouristSale.Receipt + ": " + Money.Usd(TouristSale.Amount) + " from " + Money.Short(euroWallet.Address) + " paying in tEUR (at most " +
                   Money.Eur(new BigInteger(decimal.Ceiling(TouristSale.Amount * TouristMaxEurPerUsd))) + ", signed on the tEUR domain)  intent #" + crossBorder.Sequence +
                   " → gateway: " + crossBorder.ReasonName);
            if (!crossBorder.Approved)
            {
                return Fail("sale " + TouristSale.Receipt + " was not approved: " + crossBorder.ReasonName);
            }
        }

        Detail("waiting for the payments to settle on chain…");
        var settlements = await WaitForSettlementsAsync(system, Sales.Length + 1, ct).ConfigureAwait(false);
        foreach (var s in settlements)
        {
            var how = string.Equals(s.Event.Payer, tourist.Address, StringComparison.OrdinalIgnoreCase) ? " cross-border via the FX pair" : string.Empty;
            Detail("SETTLED by PaymentHub" + how + ": " + Money.Usd(s.Event.Amount) + " from " + Money.Short(s.Event.Payer) + " to merchant " +
                   Money.Short(s.Event.Merchant) + " (fee " + Money.Usd(s.Event.Fee) + ") in tx " + s.TransactionHash + ", block " + s.BlockNumber);
        }

        var touristLeft = await system.Deployer.Contract("TestEuro", euro).GetFunction("balanceOf").CallAsync<BigInteger>(tourist.Address).ConfigureAwait(false);
        Detail("the tourist paid " + Money.Eur(TouristEuros - touristLeft) + " for " + Money.Usd(TouristSale.Amount) + " (the swap's unused max-in came back; tEUR balance " +
               Money.Eur(TouristEuros) + " → " + Money.Eur(touristLeft) + ")");

        relayWatch.Cancel();
        await relayPrinter.ConfigureAwait(false);
        await PrintSummaryAsync(system, customers, clock.Elapsed).ConfigureAwait(false);

        if (keepRunning)
        {
            Console.WriteLine("system left running (gateway API " + system.Gateway.HttpAddress + ", chain " + system.Deployment.RpcUrl + "); Ctrl+C to stop");
            Console.WriteLine("act on it with the command line, e.g.: ./tools/edge cli lender status --rpc " + system.Deployment.RpcUrl);
            // Ctrl+C (SIGINT) or SIGTERM (kill, a service manager) stops the system and ends the process.
            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.TrySetResult(); });
            using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.TrySetResult(); });
            using var onCancel = ct.Register(() => stop.TrySetResult());
            await stop.Task.ConfigureAwait(false);
            Console.WriteLine("stopping the gateway, the price feed and the chain");
        }

        return 0;
    }

    private static async Task PrintSummaryAsync(LocalEdgeSystem system, DeviceKey[] customers, TimeSpan elapsed)
    {
        Step(6, "balances read from the chain");
        var rows = new (string Who, string Address)[]
        {
            ("farmer (policyholder)", system.Farmer.From),
            ("merchant", system.Merchant.From),
            ("insurer", system.Insurer.From),
            ("risk pool", system.Deployment.RiskPool),
        };
        foreach (var (who, address) in rows.Concat(customers.Select((c, i) => ("customer " + (i + 1), c.Address))))
        {
            var balance = await system.Deployer.BalanceOfAsync(address).ConfigureAwait(false);
            Console.WriteLine("  " + who.PadRight(22) + Money.Short(address).PadRight(16) + Money.Usd(balance).PadLeft(16));
        }

        var stats = system.Gateway.GetStats();
        Console.WriteLine("  gateway: " + string.Join(", ", stats.Messages.Where(m => m.Value > 0).Select(m => m.Key + " " + m.Value)) +
                          "; relayed " + stats.Relayed + ", relay failures " + stats.RelayFailed);
        Console.WriteLine("demo finished in " + elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s");
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

    /// <summary>The product the demo sells: excess rainfall per day, decided by the region's median.</summary>
    private static ProductTerms StormCover(uint regionId) => new()
    {
        Region = regionId,
        Metric = 1,
        Quorum = 2,
        Direction = 1,
        WindowLength = 86_400,
        Staleness = 86_400,
        PremiumBps = 500,
        Trigger = TriggerMicrometres,
        Exit = ExitMicrometres,
        WaitingPeriod = 0,
        MaxCoverage = 8 * 86_400,
        MinSumInsured = 1_000_000,
    };

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

    private static void Step(int n, string text) => Console.WriteLine("[" + n + "/6] " + text);

    private static void Detail(string text) => Console.WriteLine("      " + text);

    private static int Fail(string why)
    {
        Console.Error.WriteLine("demo failed: " + why);
        return 1;
    }
}
