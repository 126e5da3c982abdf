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
/// <c>demo</c>: the whole system on this machine. A local chain, the contracts, the gateway, an emulated rain-gauge
/// station living through a week of drought and an emulated point-of-sale terminal making a few sales; everything it
/// reports at the end is read back from the chain.
/// </summary>
internal static class DemoCommand
{
    private static readonly double[] DroughtWeek = [0.0, 1.2, 0.0, 0.4, 0.0, 0.0, 0.6];
    private static readonly (string Receipt, ulong Amount)[] Sales = [("R-1001", 4_500_000), ("R-1002", 12_000_000), ("R-1003", 7_250_000)];
    private static readonly BigInteger Payout = 500_000_000;
    private const long ThresholdMicrometres = 10_000;

    public static Command Create()
    {
        var keep = new Option<bool>("--keep-running") { Description = "leave the system running after the demo until Ctrl+C" };
        var command = new Command("demo", "Run the end-to-end demo: a drought payout and tap-to-pay sales on a local chain.") { keep };
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

        Step(1, "local chain, contracts and gateway");
        await using var system = await LocalEdgeSystem.StartAsync(work, new Progress<string>(Detail), cancellationToken: ct).ConfigureAwait(false);
        using var relayWatch = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var relayPrinter = PrintRelaysAsync(system, relayWatch.Token);

        Step(2, "provisioning devices and accounts");
        var sensor = await system.ProvisionSensorAsync().ConfigureAwait(false);
        Detail("sensor station " + sensor.Address + " registered by the insurer (role sensor)");
        var terminalKey = await system.ProvisionTerminalAsync().ConfigureAwait(false);
        Detail("POS terminal   " + terminalKey.Address + " registered by the merchant (role terminal)");
        await system.Deployer.MintAsync(system.Insurer.From, Payout).ConfigureAwait(false);
        var customers = new DeviceKey[Sales.Length];
        for (var i = 0; i < customers.Length; i++)
        {
            customers[i] = await system.FundCustomerAsync(50_000_000).ConfigureAwait(false);
            Detail("customer wallet " + customers[i].Address + " funded with " + Money.Usd(50_000_000));
        }

        Step(3, "writing a drought policy");
        var start = VirtualClock.UtcMidnightOf(DateTimeOffset.UtcNow).AddDays(-DroughtWeek.Length);
        var end = start.AddDays(DroughtWeek.Length);
        var policyId = await system.Insurer.CreatePolicyAsync(
            system.Farmer.From, sensor.Address, (ulong)start.ToUnixTimeSeconds(), (ulong)end.ToUnixTimeSeconds(), ThresholdMicrometres, Payout)
            .ConfigureAwait(false);
        Detail("policy #" + policyId + ": pays " + Money.Usd(Payout) + " to the farmer " + Money.Short(system.Farmer.From) +
               " if rainfall " + start.ToString("yyyy-MM-dd") + " … " + end.AddDays(-1).ToString("yyyy-MM-dd") + " stays below " +
               ThresholdMicrometres / 1000.0 + " mm");
        var farmerBefore = await system.Farmer.BalanceOfAsync(system.Farmer.From).ConfigureAwait(false);

        Step(4, "the sensor station lives through the week (virtual clock; rain gauge pulses a virtual GPIO pin)");
        await using (var station = await EmulatedSensorStation.StartAsync(system.StationOptions(sensor, start), ct).ConfigureAwait(false))
        {
            foreach (var rain in DroughtWeek)
            {
                var day = await station.RunDayAsync(rain, ct).ConfigureAwait(false);
                Detail(day.WindowStart.ToString("yyyy-MM-dd") + "  rain " +
                       (day.RainfallMicrometres / 1000.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " mm (" +
                       day.Tips + " tips)  signed obs #" + day.Sequence + " → gateway: " + day.ReasonName);
            }
        }

        Detail("waiting for the relayer to land the observations and for the contract to pay…");
        var farmerAfter = await WaitForChangeAsync(() => system.Farmer.BalanceOfAsync(system.Farmer.From), farmerBefore, ct).ConfigureAwait(false);
        var payouts = await ChainEvents.PayoutsAsync(system.Deployer.Web3, system.Deployment).ConfigureAwait(false);
        var payout = payouts.LastOrDefault(p => p.Event.PolicyId == policyId);
        if (payout is null)
        {
            return Fail("no PolicyPaidOut event for policy #" + policyId + " (farmer balance " + Money.Usd(farmerAfter) + ")");
        }

        Detail("PAYOUT: policy #" + policyId + " paid " + Money.Usd(payout.Event.Amount) + " to " + Money.Short(payout.Event.Beneficiary) +
               " (rainfall " + ((double)payout.Event.TotalRainfall / 1000).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) +
               " mm) in tx " + payout.TransactionHash + ", block " + payout.BlockNumber);

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
        }

        Detail("waiting for the payments to settle on chain…");
        var settlements = await WaitForSettlementsAsync(system, Sales.Length, ct).ConfigureAwait(false);
        foreach (var s in settlements)
        {
            Detail("SETTLED by PaymentHub: " + Money.Usd(s.Event.Amount) + " from " + Money.Short(s.Event.Payer) + " to merchant " +
                   Money.Short(s.Event.Merchant) + " (fee " + Money.Usd(s.Event.Fee) + ") in tx " + s.TransactionHash + ", block " + s.BlockNumber);
        }

        relayWatch.Cancel();
        await relayPrinter.ConfigureAwait(false);
        await PrintSummaryAsync(system, customers, clock.Elapsed).ConfigureAwait(false);

        if (keepRunning)
        {
            Console.WriteLine("system left running (gateway API " + system.Gateway.HttpAddress + "); Ctrl+C to stop");
            await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
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
            ("insurance contract", system.Deployment.ParametricInsurance),
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

    private static async Task<BigInteger> WaitForChangeAsync(Func<Task<BigInteger>> read, BigInteger before, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var value = await read().ConfigureAwait(false);
        while (value == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, ct).ConfigureAwait(false);
            value = await read().ConfigureAwait(false);
        }

        return value;
    }

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
