using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Gateway.Chain;
using Core = EdgeOracle.Firmware.Core;

namespace EdgeOracle.Cli.Commands;

// The demo's steps that are more than one command: accounts, the week of weather, the sales and the refund, the
// oracle's price and the solar meter.
internal static partial class DemoCommand
{
    /// <summary>tUSD minor units as the CLI reads an amount (e.g. "1000" or "12.5").</summary>
    private static string Whole(BigInteger minorUnits) => ChainContext.FormatAmount(minorUnits, 6);

    /// <summary>The QuorumInsurance region of <paramref name="sensor"/> (sensorState).</summary>
    private static async Task<uint> RegionOfAsync(LocalEdgeSystem system, string sensor)
    {
        var state = await system.Deployer.Contract("QuorumInsurance", system.Deployment.QuorumInsurance).GetFunction("sensorState")
            .CallDeserializingToObjectAsync<Gateway.Chain.SensorStateOutput>(sensor).ConfigureAwait(false);
        return state.RegionId != 0 ? state.RegionId : throw new DemoFailedException("station " + sensor + " is in no region after create-region");
    }

    /// <summary>Each station's day, the chain's clock moved past the window's end, and the window decided on chain.</summary>
    private static async Task RunWeekAsync(LocalEdgeSystem system, DeviceKey[] stations, uint regionId, DateTimeOffset start, CancellationToken ct)
    {
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
                    readings[i] = Stations[i].Name + " " + Mm(result.RainfallMicrometres) + (result.Accepted ? string.Empty : " (" + result.ReasonName + ")");
                }

                var decided = await WaitForWindowAsync(system, regionId, (ulong)windowEnd.ToUnixTimeSeconds(), ct).ConfigureAwait(false)
                    ?? throw new DemoFailedException("the window of " + windowEnd.AddDays(-1).ToString("yyyy-MM-dd") + " was not decided on chain within 90 s");
                var dry = decided.Event.Median < TriggerMicrometres ? "  DRY" : string.Empty;
                Detail(windowEnd.AddDays(-1).ToString("yyyy-MM-dd") + "  " + string.Join(", ", readings) + " mm  → median " + Mm(decided.Event.Median) +
                       " mm over " + decided.Event.Count + " readings" + dry);
            }
        }
        finally
        {
            foreach (var station in running.Where(r => r is not null))
            {
                await station.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The lending market's <c>InsurancePayout(policyId, borrower, amount, repaid)</c> events for the policy.</summary>
    private static async Task<List<(BigInteger Amount, BigInteger Repaid, string Transaction)>> MarketPayoutsAsync(LocalEdgeSystem system, BigInteger policyId)
    {
        var logs = await LogsAsync(system, system.Deployment.LendingMarket, "InsurancePayout(uint256,address,uint256,uint256)", policyId).ConfigureAwait(false);
        return [.. logs.Select(l =>
        {
            var data = Gateway.Keepers.KeeperAbi.FromHex(l.Data);
            return (Gateway.Keepers.KeeperAbi.Word(data, 0), Gateway.Keepers.KeeperAbi.Word(data, 1), l.TransactionHash);
        })];
    }

    /// <summary><paramref name="contract"/>'s <paramref name="eventSignature"/> events, those whose first indexed argument is <paramref name="first"/> when given.</summary>
    private static Task<Nethereum.RPC.Eth.DTOs.FilterLog[]> LogsAsync(LocalEdgeSystem system, string contract, string eventSignature, BigInteger? first = null) =>
        system.Deployer.Web3.Eth.Filters.GetLogs.SendRequestAsync(new Nethereum.RPC.Eth.DTOs.NewFilterInput
        {
            Address = [contract],
            FromBlock = Nethereum.RPC.Eth.DTOs.BlockParameter.CreateEarliest(),
            ToBlock = Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest(),
            Topics = first is { } id
                ? [Gateway.Keepers.KeeperAbi.Topic(eventSignature), "0x" + id.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)]
                : [Gateway.Keepers.KeeperAbi.Topic(eventSignature)],
        });

    /// <summary>The three tUSD sales and the tourist's tEUR one, each approved by the gateway.</summary>
    private static async Task<List<(string Receipt, SaleResult Sale)>> SellAsync(
        LocalEdgeSystem system, DeviceKey terminalKey, DeviceKey[] customers, DeviceKey tourist, string euro, CancellationToken ct)
    {
        var sold = new List<(string, SaleResult)>();
        await using var terminal = await EmulatedTerminal.StartAsync(system.TerminalOptions(terminalKey), ct).ConfigureAwait(false);
        for (var i = 0; i < Sales.Length; i++)
        {
            var wallet = system.Wallet(customers[i]);
            var sale = await terminal.SellAsync(Sales[i].Amount, EmulatedTerminal.OrderRefFor(Sales[i].Receipt), wallet, ct).ConfigureAwait(false);
            Detail("sale " + Sales[i].Receipt + ": " + Money.Usd(Sales[i].Amount) + " from " + Money.Short(wallet.Address) +
                   "  intent #" + sale.Sequence + " signed by terminal, authorization by customer → gateway: " + sale.ReasonName);
            if (!sale.Approved)
            {
                throw new DemoFailedException("sale " + Sales[i].Receipt + " was not approved: " + sale.ReasonName);
            }

            sold.Add((Sales[i].Receipt, sale));
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
            throw new DemoFailedException("sale " + TouristSale.Receipt + " was not approved: " + crossBorder.ReasonName);
        }

        sold.Add((TouristSale.Receipt, crossBorder));
        return sold;
    }

    /// <summary>The merchant refunds one sale in full with <c>merchant refund</c>; the customer's balance and the hub's record read back.</summary>
    private static async Task RefundAsync(LocalEdgeSystem system, DemoShell shell, string merchantKey, List<(string Receipt, SaleResult Sale)> sold, string payer)
    {
        var (receipt, sale) = sold[RefundedSale];
        var before = await system.Deployer.BalanceOfAsync(payer).ConfigureAwait(false);
        await shell.RunAsync("merchant", "refund", "0x" + Convert.ToHexStringLower(sale.IntentDigest), "--key-file", merchantKey).ConfigureAwait(false);
        var after = await system.Deployer.BalanceOfAsync(payer).ConfigureAwait(false);
        var refunded = await system.Deployer.Contract("PaymentHub", system.Deployment.PaymentHub).GetFunction("refunded").CallAsync<BigInteger>(sale.IntentDigest).ConfigureAwait(false);
        Detail("REFUND: sale " + receipt + " refunded in full (PaymentHub.refund, the payer proven by the payer log of the terminal's sales); customer " +
               Money.Short(payer) + " " + Money.Usd(before) + " → " + Money.Usd(after) + ", refunded(" + receipt + ") = " + Money.Usd(refunded));
    }

    /// <summary>The id (first indexed argument) of the last <paramref name="eventSignature"/> event of <paramref name="contract"/>.</summary>
    private static async Task<BigInteger> LastIdAsync(LocalEdgeSystem system, string contract, string eventSignature)
    {
        var logs = await LogsAsync(system, contract, eventSignature).ConfigureAwait(false);
        return logs.Length > 0
            ? Gateway.Keepers.KeeperAbi.TopicNumber(logs[^1].Topics[1].ToString()!)
            : throw new DemoFailedException("no " + eventSignature[..eventSignature.IndexOf('(', StringComparison.Ordinal)] + " event on " + contract);
    }

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The lending oracle's price of the asset token, tUSD per token, or why there is none.</summary>
    private static async Task<string> OraclePriceAsync(LocalEdgeSystem system, string asset)
    {
        try
        {
            var wad = await system.Deployer.Contract("PriceOracle", system.Deployment.File.Require("PriceOracle").ToString()).GetFunction("price").CallAsync<BigInteger>(asset).ConfigureAwait(false);
            return Money.Usd(wad);
        }
        catch (Exception exception) when (ContractErrors.Describe(exception) is { } error)
        {
            return "none (" + error + ")";
        }
    }

    /// <summary>The plant's meter signs a morning of hourly production readings and sends them to the gateway; waits until revenue accrues on chain.</summary>
    private static async Task PublishProductionAsync(LocalEdgeSystem system, DeviceKey meter, CancellationToken ct)
    {
        var claimable = system.Deployer.Contract("RevenueDistributor", system.Deployment.RevenueDistributor).GetFunction("claimable");
        var ownerBefore = await claimable.CallAsync<BigInteger>(system.Deployer.From).ConfigureAwait(false);

        // Yesterday, played by the emulated meter: the plant's S0 line pulses a virtual GPIO pin, the firmware core
        // counts, signs one reading an hour and the board publishes it. A utility meter of a plant this size gives
        // 10 impulses per kWh; its maximum power is the inverters' rating with margin.
        var pins = Emulator.Hardware.EnergyMeterPinMap.LoadEmbedded();
        var options = system.MeterOptions(meter, Emulator.Time.VirtualClock.UtcMidnightOf(DateTimeOffset.UtcNow).AddDays(-1)) with
        {
            PinMap = pins with { S0Input = pins.S0Input with { ImpulsesPerKwh = 10, MaxPowerWatts = 100_000 } },
        };
        await using var device = await Emulator.Devices.EmulatedMeter.StartAsync(options, ct).ConfigureAwait(false);
        var day = (await device.RunDaysAsync([new Emulator.Scenarios.ProductionDay(Emulator.Scenarios.Sky.Sunny, SolarPeakKw)], ct).ConfigureAwait(false))[0];
        if (!day.Accepted)
        {
            throw new DemoFailedException("the gateway refused a reading of the meter: " +
                                          string.Join(", ", day.Windows.Where(w => !w.Accepted).Select(w => w.WindowStart.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " " + w.Reason)));
        }

        var kWh = day.WattHours / 1000.0;
        Detail("solar meter (emulated board, S0 at 10 imp/kWh on GPIO " + pins.S0Input.Gpio + "): " + day.Windows.Count + " hourly readings of yesterday, " +
               day.Pulses + " pulses = " + kWh.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " kWh, signed and accepted by the gateway; at 0.08 tUSD/kWh that is " +
               Money.Usd(day.WattHours * 80_000 / 1000) + " of revenue");
        // Each reading of a meter waits for the one before to be confirmed (its sequence order), so they take a few blocks.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await system.Gateway.GetOutboxCountsAsync(ct).ConfigureAwait(false) is { Pending: > 0 } or { Submitted: > 0 })
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new DemoFailedException("the meter's readings were not all relayed within 60 s");
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }

        var ownerAfter = await claimable.CallAsync<BigInteger>(system.Deployer.From).ConfigureAwait(false);
        Detail("RevenueDistributor.submitProduction relayed; the plant's owner (most of the tokens) can claim " + Money.Usd(ownerAfter - ownerBefore) + " more, the investor its share:");
    }

    private static async Task PrintSummaryAsync(LocalEdgeSystem system, DeviceKey[] customers, string investor, TimeSpan elapsed)
    {
        Console.WriteLine("balances read from the chain (tUSD)");
        var rows = new (string Who, string Address)[]
        {
            ("farmer (policyholder)", system.Farmer.From),
            ("merchant", system.Merchant.From),
            ("investor", investor),
            ("risk pool", system.Deployment.RiskPool),
            ("lending market", system.Deployment.LendingMarket),
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
}
