using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Gateway.Hosting;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

// A gateway whose deployment is not the one on the node (here: a token address with no code, as after a chain reset)
// takes devices' messages and keeps them, but sends no transaction until the deployment is there.
[Collection(SystemCollection.Name)]
public sealed class StaleDeploymentEndToEndTests(SystemFixture fixture)
{
    [Fact]
    public async Task AGatewayWhoseDeploymentTheNodeLacks_StoresTheSale_SendsNothing_AndSaysWhy()
    {
        var system = fixture.System;
        var work = Path.Combine(Path.GetTempPath(), "edgeoracle-stale-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var settings = LocalEdgeSystem.GatewaySettingsFor(system.Deployment, work);
        var missing = "0x" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)).ToLowerInvariant();
        settings.Chain.Tokens = [.. settings.Chain.Tokens, new TokenOptions { Address = missing, Name = "Gone", Version = "1", Symbol = "tGONE" }];
        settings.Keepers.LiquidationEnabled = settings.Keepers.PolicyExpiryEnabled = false;
        settings.Keepers.WindowsEnabled = settings.Keepers.OracleEnabled = false;
        settings.Anchoring.ContractAddress = string.Empty;
        var warnings = new ConcurrentQueue<string>();
        await using var gateway = await GatewayApp.StartAsync(settings, s => s.AddLogging(b => b.AddProvider(new ErrorCollector(warnings, LogLevel.Warning))));
        var terminalKey = await system.ProvisionTerminalAsync();
        var customer = await system.FundCustomerAsync(Scenario.HundredDollars);
        await using var terminal = await EmulatedTerminal.StartAsync(system.TerminalOptions(terminalKey) with
        {
            Mqtt = new() { Host = gateway.MqttHost, Port = gateway.DevicePort },
        });

        (await terminal.SellAsync(3_000_000, EmulatedTerminal.OrderRefFor("stale-1"), Scenario.Wallet(system, customer))).EnsureApproved();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!warnings.Any(w => w.Contains("tGONE", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Contains(warnings, w => w.Contains("no contract code at token tGONE " + missing, StringComparison.Ordinal));
        Assert.Equal(new OutboxCounts(1, 0, 0, 0), await gateway.GetOutboxCountsAsync());
        Assert.Equal(Scenario.HundredDollars, await system.Merchant.BalanceOfAsync(customer.Address));
    }
}
