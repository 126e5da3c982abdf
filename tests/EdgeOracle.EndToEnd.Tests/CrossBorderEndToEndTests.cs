using System;
using System.Numerics;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Emulator.Wallet;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Protocol.Wire;
using Xunit;
using ProtocolAddress = EdgeOracle.Protocol.Address;

namespace EdgeOracle.EndToEnd.Tests;

/// <summary>
/// A sale priced in tUSD at an emulated terminal, paid by an emulated wallet that holds only tEUR: the wallet signs its
/// max-in on the euro's own domain and hands it over NFC, the terminal publishes the 396-byte cross-border submission,
/// the gateway checks it, the relayer sends it to <c>PaymentHub.settleCrossBorder</c>, and the hub swaps on the USD/EUR
/// pair (seeded at 1 EUR = 1.10 USD). One whose max-in the swap would exceed is refused with the reason in its row, and
/// the customer keeps every euro.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class CrossBorderEndToEndTests(SystemFixture fixture)
{
    private const ulong Price = 11_000_000; // 11 tUSD

    [Fact]
    public async Task AEuroWallet_PaysATusdSale_ThroughTheFxPair_AndOneAboveItsMaxIn_IsRefusedKeepingItsEuros()
    {
        var system = fixture.System;
        var euro = system.Deployment.File.Require("TestEuro").ToString();
        // The hub guards the swap with the pair's TWAP over a 15-minute window by default; the chain here is minutes
        // old, so the owner shortens the window to a second (the guard itself stays on, 2 % tolerance).
        await system.Deployer.SendAsync("PaymentHub", system.Deployment.PaymentHub, "setFxGuard", 1u, (ushort)200);
        // A pair records a TWAP observation on its first update in a later block than its liquidity (a swap or a
        // poke; in production the oracle keeper pokes the pairs of Keepers:PairAddresses); the test pokes it here.
        await system.Deployer.SendAsync("ConstantProductPair", system.Deployment.File.Require("FxPair").ToString(), "poke");
        var terminalKey = await system.ProvisionTerminalAsync();
        var customer = DeviceKey.Create();
        await system.Deployer.SendAsync("TestEuro", euro, "mint", customer.Address, new BigInteger(50_000_000));
        var euroName = system.Deployment.File.RequireToken(ProtocolAddress.Parse(euro)).Name;
        var merchantBefore = await system.Merchant.BalanceOfAsync(system.Merchant.From);
        using var relays = RelayWatch.Start(system.Gateway.Events, terminalKey.Address);
        await using var terminal = await Scenario.StartTerminalAsync(system, terminalKey);

        // 1. The wallet gives up to 0.955 tEUR per tUSD: 10.505 tEUR for 11 tUSD; the pair needs about 10.03 (10 at its
        // price, plus its 0.3 % fee).
        var generous = new CustomerWallet(customer.PrivateKey, system.WalletOptions() with { PaysWith = new CrossBorderPayment(euro, euroName, 0.955m) });
        var paid = (await terminal.SellAsync(Price, EmulatedTerminal.OrderRefFor("receipt-fx-1"), generous)).EnsureApproved();
        Assert.Equal(WireFormat.CrossBorderSubmissionSize, paid.Submission!.Length);
        var settled = await relays.ForAsync(paid.Sequence);
        Assert.True(settled.Status == RelayStatus.Relayed, $"sale 1: {settled.Status} {settled.Error}");
        var fee = Price * 50 / 10_000;
        var merchantAfter = await Scenario.WaitForAsync(
            () => system.Merchant.BalanceOfAsync(system.Merchant.From), merchantBefore + Price - fee, TimeSpan.FromSeconds(60));
        Assert.Equal(merchantBefore + Price - fee, merchantAfter);
        var euroLeft = await EuroBalanceAsync(system, euro, customer.Address);
        var spent = 50_000_000 - euroLeft;
        Assert.InRange(spent, new BigInteger(10_000_000), new BigInteger(10_505_000 - 1)); // what the swap did not use came back

        // 2. A stingier wallet gives at most 0.8 tEUR per tUSD (8.8 tEUR): the gateway cannot know the pair's price, so
        // it accepts and stores the sale; the swap would need more than the customer allowed, so the relayer refuses to
        // send it, naming why.
        var stingy = new CustomerWallet(customer.PrivateKey, system.WalletOptions() with { PaysWith = new CrossBorderPayment(euro, euroName, 0.8m) });
        var refusedSale = (await terminal.SellAsync(Price, EmulatedTerminal.OrderRefFor("receipt-fx-2"), stingy)).EnsureApproved();
        var refused = await relays.ForAsync(refusedSale.Sequence);
        Assert.Equal(RelayStatus.Failed, refused.Status);
        Assert.Contains("ConstantProductPairSlippageIn", refused.Error, StringComparison.Ordinal);
        Assert.Contains("more than the customer's max-in 8800000", refused.Error, StringComparison.Ordinal);
        Assert.Equal(euroLeft, await EuroBalanceAsync(system, euro, customer.Address));
        Assert.Equal(merchantAfter, await system.Merchant.BalanceOfAsync(system.Merchant.From));
        fixture.AssertGatewayLoggedNoErrors();
    }

    private static async Task<BigInteger> EuroBalanceAsync(LocalEdgeSystem system, string euro, string owner) =>
        await system.Deployer.Contract("TestEuro", euro).GetFunction("balanceOf").CallAsync<BigInteger>(owner);
}
