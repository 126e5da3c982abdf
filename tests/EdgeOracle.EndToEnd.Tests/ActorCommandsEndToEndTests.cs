using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text.Json;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using Nethereum.Hex.HexConvertors.Extensions;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

// The actor commands of the CLI as a user runs them (`./tools/edge cli …` runs this build), each checked on the chain.
[Collection(SystemCollection.Name)]
public sealed class ActorCommandsEndToEndTests(SystemFixture fixture) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("edgeoracle-cli-").FullName;

    [Fact]
    public async Task ALender_SuppliesAndWithdrawsWithInterest_AndAWithdrawalAboveTheBalance_IsRefusedByItsErrorName()
    {
        var (key, address) = await ActorAsync(1_000_000_000);

        var supplied = Json(await RunAsync(key, "lender", "supply", "250", "--json"));
        Assert.Equal("250000000", supplied.GetProperty("supplied").GetString());
        var onChain = await Market().GetFunction("supplyBalanceOf").CallAsync<BigInteger>(address);
        // The market keeps principal at its supply index, rounded down: the balance may read a unit below what was supplied.
        Assert.InRange(onChain, 249_999_990, 250_000_100);
        var status = Json(await RunAsync(null, "lender", "status", "--account", address, "--json"));
        Assert.Equal(onChain.ToString(), status.GetProperty("supplyBalance").GetString());

        var tooMuch = await RunAsync(key, "lender", "withdraw", "1000");
        Assert.Equal(1, tooMuch.Exit);
        Assert.Matches(@"LendingMarketInsufficientBalance\(wanted: 1000000000, available: 2(49999\d{3}|500\d{5})\)", tooMuch.Errors);

        var overBalance = await RunAsync(key, "lender", "supply", "900");
        Assert.Equal(2, overBalance.Exit);
        Assert.Contains("holds 750 tUSD, less than the 900 tUSD asked for", overBalance.Errors, StringComparison.Ordinal);
        Assert.Equal(BigInteger.Zero, await fixture.System.Deployer.Contract("TestStablecoin", fixture.System.Deployment.Stablecoin)
            .GetFunction("allowance").CallAsync<BigInteger>(address, fixture.System.Deployment.LendingMarket));

        var withdrawn = Json(await RunAsync(key, "lender", "withdraw", "all", "--json"));
        Assert.True(BigInteger.Parse(withdrawn.GetProperty("withdrawn").GetString()!) >= 249_999_990);
        Assert.Equal(BigInteger.Zero, await Market().GetFunction("supplyBalanceOf").CallAsync<BigInteger>(address));
    }

    [Fact]
    public async Task ATrader_SwapsAtTheQuote_AndAnInvestor_DepositsForPoolShares()
    {
        var system = fixture.System;
        var (key, address) = await ActorAsync(100_000_000);

        var quote = Json(await RunAsync(null, "trader", "swap", "5", "--sell", "tUSD", "--quote", "--json"));
        var swap = Json(await RunAsync(key, "trader", "swap", "5", "--sell", "tUSD", "--slippage", "1", "--json"));
        Assert.Equal(quote.GetProperty("quote").GetString(), swap.GetProperty("received").GetString());
        var euros = await system.Deployer.Contract("TestStablecoin", system.Deployment.File.Tokens.First(t => t.Symbol == "tEUR").Address.ToString())
            .GetFunction("balanceOf").CallAsync<BigInteger>(address);
        Assert.Equal(swap.GetProperty("received").GetString(), euros.ToString());
        var pool = await RunAsync(null, "trader", "pool");
        Assert.Matches(@"spot\s+1 tEUR = 1\.\d+ tUSD", pool.Output);

        var deposit = Json(await RunAsync(key, "investor", "deposit", "10", "--json"));
        var shares = await system.Deployer.Contract("RiskPool", system.Deployment.RiskPool).GetFunction("balanceOf").CallAsync<BigInteger>(address);
        Assert.True(shares > 0);
        Assert.Equal(shares.ToString(), deposit.GetProperty("shares").GetString());
        var nothing = await RunAsync(key, "investor", "claim");
        Assert.Equal((2, true), (nothing.Exit, nothing.Errors.Contains("has no revenue to claim", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AFarmer_BorrowsAgainstPoolShares_IsToldWhyABorrowAboveTheLimitFails_AndRepaysAll()
    {
        var system = fixture.System;
        var (lender, _) = await ActorAsync(2_000_000_000);
        Json(await RunAsync(lender, "lender", "supply", "1000", "--json"));
        var (farmerKey, farmer) = await ActorAsync(500_000_000);
        Json(await RunAsync(farmerKey, "investor", "deposit", "300", "--json"));
        var pool = system.Deployer.Contract("RiskPool", system.Deployment.RiskPool);
        var shares = await pool.GetFunction("balanceOf").CallAsync<BigInteger>(farmer);
        var decimals = await pool.GetFunction("decimals").CallAsync<byte>();
        var symbol = await pool.GetFunction("symbol").CallAsync<string>();
        var whole = (shares / BigInteger.Pow(10, decimals)).ToString();

        Json(await RunAsync(farmerKey, "farmer", "collateral", whole, "--asset", symbol, "--json"));
        Assert.Equal(BigInteger.Parse(whole) * BigInteger.Pow(10, decimals), await Market().GetFunction("collateralOf").CallAsync<BigInteger>(farmer, system.Deployment.RiskPool));
        var borrowed = Json(await RunAsync(farmerKey, "farmer", "borrow", "50", "--json"));
        Assert.Equal("50000000", borrowed.GetProperty("borrowed").GetString());
        var tooMuch = await RunAsync(farmerKey, "farmer", "borrow", "900");
        Assert.Equal(1, tooMuch.Exit);
        Assert.Contains("LendingMarketUndercollateralized(account: " + farmer, tooMuch.Errors, StringComparison.OrdinalIgnoreCase);
        var status = Json(await RunAsync(farmerKey, "farmer", "status", "--json"));
        Assert.True(status.GetProperty("collateralized").GetBoolean());
        Assert.False(status.GetProperty("liquidatable").GetBoolean());
        Assert.Equal(whole, status.GetProperty("collateral").GetProperty(symbol).GetString());

        var repaid = Json(await RunAsync(farmerKey, "farmer", "repay", "all", "--json"));
        Assert.InRange(BigInteger.Parse(repaid.GetProperty("repaid").GetString()!), 50_000_000, 50_010_000);
        Assert.Equal(BigInteger.Zero, await Market().GetFunction("borrowBalanceOf").CallAsync<BigInteger>(farmer));
    }

    [Fact]
    public async Task AMerchant_SeesATapToPaySale_WithItsPayerAndFee_AndBalancesPerToken()
    {
        var system = fixture.System;
        var terminalKey = await system.ProvisionTerminalAsync();
        var customer = await system.FundCustomerAsync(Scenario.HundredDollars);
        await using (var terminal = await Scenario.StartTerminalAsync(system, terminalKey))
        {
            (await terminal.SellAsync(3_330_000, Emulator.Devices.EmulatedTerminal.OrderRefFor("cli-sale-1"), Scenario.Wallet(system, customer))).EnsureApproved();
        }

        await Scenario.WaitForAsync(() => system.Merchant.BalanceOfAsync(customer.Address), Scenario.HundredDollars - 3_330_000, TimeSpan.FromSeconds(60));
        var sales = Json(await RunAsync(null, "merchant", "sales", "--account", system.Merchant.From, "--json"));
        var sale = Assert.Single(sales.GetProperty("sales").EnumerateArray(), s => s.GetProperty("payer").GetString() == customer.Address);
        Assert.Equal(("3330000", "16650", "tUSD", terminalKey.Address), (sale.GetProperty("amount").GetString(), sale.GetProperty("fee").GetString(), sale.GetProperty("token").GetString(), sale.GetProperty("terminal").GetString()));

        var balances = Json(await RunAsync(null, "merchant", "balances", "--account", customer.Address, "--json"));
        Assert.Equal((Scenario.HundredDollars - 3_330_000).ToString(), balances.GetProperty("balances").GetProperty("tUSD").GetString());
        Assert.Equal("0", balances.GetProperty("balances").GetProperty("tEUR").GetString());
    }

    [Fact]
    public async Task TheOwner_CreatesARegionOfStations_AndTheirOwner_RevokesOne_WhileNoOneElseCan()
    {
        var system = fixture.System;
        var first = await system.ProvisionSensorAsync();
        var second = await system.ProvisionSensorAsync();

        var refused = await RunAsync(DevAccounts.Insurer, "insurer", "create-region", "--sensor", first.Address, "--sensor", second.Address);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("OwnableUnauthorizedAccount(account: ", refused.Errors, StringComparison.Ordinal);
        var created = Json(await RunAsync(DevAccounts.Deployer, "insurer", "create-region", "--sensor", first.Address, "--sensor", second.Address, "--json"));
        var region = created.GetProperty("region").GetUInt32().ToString();
        var shown = Json(await RunAsync(null, "insurer", "region", region, "--json"));
        Assert.Equal([first.Address, second.Address], shown.GetProperty("sensors").EnumerateArray().Select(e => e.GetString()!.ToLowerInvariant()));

        var device = Json(await RunAsync(null, "operator", "device", first.Address, "--json"));
        Assert.Equal(("sensor", true), (device.GetProperty("role").GetString(), device.GetProperty("active").GetBoolean()));
        var notOwner = await RunAsync(DevAccounts.Deployer, "operator", "revoke", first.Address);
        Assert.Equal(2, notOwner.Exit);
        Assert.Contains("belongs to " + system.Insurer.From, notOwner.Errors, StringComparison.OrdinalIgnoreCase);
        Json(await RunAsync(DevAccounts.Insurer, "operator", "revoke", first.Address, "--json"));
        var info = await system.Deployer.Contract("DeviceRegistry", system.Deployment.DeviceRegistry).GetFunction("deviceInfo")
            .CallDecodingToDefaultAsync(first.Address);
        Assert.False((bool)info[2].Result);
        Assert.Contains("revoked", (await RunAsync(null, "operator", "device", first.Address)).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOwner_OpensAProduct_AndAFarmer_BuysAPolicyOnIt_WhileBadTermsAreRefusedByName()
    {
        var system = fixture.System;
        var first = await system.ProvisionSensorAsync();
        var second = await system.ProvisionSensorAsync();
        var region = Json(await RunAsync(DevAccounts.Deployer, "insurer", "create-region", "--sensor", first.Address, "--sensor", second.Address, "--json"))
            .GetProperty("region").GetUInt32().ToString();
        string[] terms = ["insurer", "create-product", "--region", region, "--direction", "below", "--trigger", "3000", "--exit", "1000", "--quorum", "2"];

        var upsideDown = await RunAsync(DevAccounts.Deployer, [.. terms[..7], "1000", "--exit", "3000", "--quorum", "2"]);
        Assert.Equal(2, upsideDown.Exit);
        Assert.Contains("needs --exit at or below --trigger", upsideDown.Errors, StringComparison.Ordinal);
        var notOwner = await RunAsync(DevAccounts.Insurer, terms);
        Assert.Equal(1, notOwner.Exit);
        Assert.Contains("OwnableUnauthorizedAccount(account: ", notOwner.Errors, StringComparison.Ordinal);
        var tooBig = await RunAsync(DevAccounts.Deployer, [.. terms[..^1], "3"]);
        Assert.Equal(1, tooBig.Exit);
        Assert.Contains("QuorumInsuranceBadProduct", tooBig.Errors, StringComparison.Ordinal);
        var product = Json(await RunAsync(DevAccounts.Deployer, [.. terms, "--json"])).GetProperty("product").GetUInt32();
        var onChain = await system.Deployer.Contract("QuorumInsurance", system.Deployment.QuorumInsurance).GetFunction("product").CallDecodingToDefaultAsync(product);
        var fields = (List<Nethereum.ABI.FunctionEncoding.ParameterOutput>)onChain[0].Result;
        Assert.Equal(
            [BigInteger.Parse(region), 2, 3000, 1000],
            new[] { fields[0], fields[2], fields[8], fields[9] }.Select(f => f.Result is BigInteger big ? big : new BigInteger(Convert.ToInt64(f.Result, System.Globalization.CultureInfo.InvariantCulture))));

        // The policy locks its sum insured in the risk pool: capital first (the refusal without it names the pool's shortfall).
        await system.Deployer.MintAsync(system.Deployer.From, 100_000_000);
        await system.Deployer.DepositToRiskPoolAsync(100_000_000);
        var (key, address) = await ActorAsync(100_000_000);
        var now = (ulong)(await system.Anvil.ChainTimeAsync()).ToUnixTimeSeconds();
        string[] policy = ["farmer", "buy-policy", "--product", product.ToString(), "--start", (now + 3_600).ToString(), "--end", (now + 3_600 + 86_400).ToString()];
        var belowMinimum = await RunAsync(key, [.. policy, "--sum", "0.5"]);
        Assert.Equal(1, belowMinimum.Exit);
        Assert.Contains("QuorumInsuranceBadPolicy", belowMinimum.Errors, StringComparison.Ordinal);
        var bought = Json(await RunAsync(key, [.. policy, "--sum", "50", "--json"]));
        Assert.Equal(("50000000", "2500000", address), (bought.GetProperty("sumInsured").GetString(), bought.GetProperty("premium").GetString(), bought.GetProperty("beneficiary").GetString()!.ToLowerInvariant()));
        Assert.Equal(new BigInteger(97_500_000), await system.Deployer.BalanceOfAsync(address));
        var listed = Json(await RunAsync(null, "insurer", "policies", "--product", product.ToString(), "--json"));
        Assert.Contains(bought.GetProperty("policy").GetString()!, listed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMerchant_RefundsASale_InPartThenTheRest_NoMoreThanItWas_AndOnlyItsOwnSales()
    {
        var system = fixture.System;
        var terminalKey = await system.ProvisionTerminalAsync();
        var customer = await system.FundCustomerAsync(Scenario.HundredDollars);
        await using (var terminal = await Scenario.StartTerminalAsync(system, terminalKey))
        {
            // Two sales of the terminal: the refund's proof of the first names the second as a later sale of its word.
            (await terminal.SellAsync(3_330_000, Emulator.Devices.EmulatedTerminal.OrderRefFor("refund-1"), Scenario.Wallet(system, customer))).EnsureApproved();
            (await terminal.SellAsync(1_000_000, Emulator.Devices.EmulatedTerminal.OrderRefFor("refund-2"), Scenario.Wallet(system, customer))).EnsureApproved();
        }

        var paid = Scenario.HundredDollars - 4_330_000;
        Assert.Equal(paid, await Scenario.WaitForAsync(() => system.Merchant.BalanceOfAsync(customer.Address), paid, TimeSpan.FromSeconds(60)));
        var sales = Json(await RunAsync(null, "merchant", "sales", "--account", system.Merchant.From, "--json")).GetProperty("sales").EnumerateArray()
            .Where(s => s.GetProperty("terminal").GetString() == terminalKey.Address).ToArray();
        Assert.Equal(2, sales.Length);
        var digest = sales.Single(s => s.GetProperty("amount").GetString() == "3330000").GetProperty("digest").GetString()!;

        var stranger = await RunAsync(DevAccounts.Farmer, "merchant", "refund", digest);
        Assert.Equal(2, stranger.Exit);
        Assert.Contains("only its merchant can refund it", stranger.Errors, StringComparison.Ordinal);
        var part = Json(await RunAsync(DevAccounts.Merchant, "merchant", "refund", digest, "--amount", "1", "--json"));
        Assert.Equal(("1000000", "1000000"), (part.GetProperty("amount").GetString(), part.GetProperty("refunded").GetString()));
        Assert.Equal(paid + 1_000_000, await system.Deployer.BalanceOfAsync(customer.Address));
        var rest = Json(await RunAsync(DevAccounts.Merchant, "merchant", "refund", digest, "--json"));
        Assert.Equal(("2330000", "3330000"), (rest.GetProperty("amount").GetString(), rest.GetProperty("refunded").GetString()));
        Assert.Equal(paid + 3_330_000, await system.Deployer.BalanceOfAsync(customer.Address));
        var again = await RunAsync(DevAccounts.Merchant, "merchant", "refund", digest, "--amount", "0.01");
        Assert.Equal(2, again.Exit);
        Assert.Contains("can be refunded at most 0 tUSD more (3.33 of 3.33 refunded already)", again.Errors, StringComparison.Ordinal);
        var unknown = await RunAsync(DevAccounts.Merchant, "merchant", "refund", "0x" + new string('7', 64));
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("settled no sale", unknown.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOperator_VerifiesAStoredReadingsProof_AgainstTheAnchorOnChain_AndIsToldWhenThereIsNone()
    {
        var system = fixture.System;
        var sensor = await system.ProvisionSensorAsync();
        await using var station = await Scenario.StartStationAsync(system, sensor, Scenario.DaysAgo(2));
        var day = await station.RunDayAsync(1.5);
        Assert.True(day.Accepted);
        var gateway = system.Gateway.HttpAddress.ToString();
        string[] verify = ["operator", "verify", sensor.Address, day.Sequence.ToString(), "--gateway", gateway, "--json"];

        // The anchorer cuts a batch within a few seconds; until then the gateway says the reading is in no batch yet.
        JsonElement verified = default;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(500))
        {
            var run = await RunAsync(null, verify);
            if (run.Exit == 0)
            {
                verified = JsonDocument.Parse(run.Output).RootElement;
                break;
            }

            Assert.Equal(2, run.Exit);
            Assert.Contains("not stored or not in an anchor batch yet", run.Errors, StringComparison.Ordinal);
        }

        Assert.Equal(JsonValueKind.Object, verified.ValueKind);
        Assert.True(verified.GetProperty("verified").GetBoolean());
        Assert.Equal("0x" + Convert.ToHexStringLower(day.Digest), verified.GetProperty("leaf").GetString());
        Assert.True(verified.GetProperty("anchoredBlock").GetUInt64() > 0);

        var never = await RunAsync(null, "operator", "verify", sensor.Address, "999999", "--gateway", gateway);
        Assert.Equal(2, never.Exit);
        Assert.Contains("The gateway has no proof of " + sensor.Address + " #999999", never.Errors, StringComparison.Ordinal);
        var noGateway = await RunCliAsync(null, "operator", "verify", sensor.Address, "1", "--gateway", "", "--deployment", DeploymentFile(), "--rpc", system.Deployment.RpcUrl);
        Assert.Equal(2, noGateway.Exit);
        Assert.Contains("Give the gateway's HTTP API with --gateway", noGateway.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALiquidityProvider_AddsToThePairInItsRatio_AndTakesItAllBack()
    {
        var system = fixture.System;
        var (key, address) = await ActorAsync(200_000_000);
        var euro = system.Deployment.File.Tokens.First(t => t.Symbol == "tEUR").Address.ToString();
        await system.Deployer.SendAsync("TestEuro", euro, "mint", address, new BigInteger(200_000_000));
        var pool = Json(await RunAsync(null, "trader", "pool", "--pair", "fx", "--json"));
        var first = pool.GetProperty("token0").GetString();

        // 110 of each offered: the pair takes the other token only in its ratio (about 1.10 USD per EUR).
        var added = Json(await RunAsync(key, "trader", "add-liquidity", "110", "110", "--pair", "fx", "--json"));
        var (added0, added1) = (BigInteger.Parse(added.GetProperty("added0").GetString()!), BigInteger.Parse(added.GetProperty("added1").GetString()!));
        var (usd, eur) = first == "tUSD" ? (added0, added1) : (added1, added0);
        Assert.Equal(new BigInteger(110_000_000), BigInteger.Max(usd, eur));
        Assert.InRange((double)usd / (double)eur, 1.05, 1.15);
        var shares = BigInteger.Parse(added.GetProperty("shares").GetString()!);
        Assert.True(shares > 0);

        var tooMany = await RunAsync(key, "trader", "remove-liquidity", Eighteen(shares * 2), "--pair", "fx");
        Assert.Equal(2, tooMany.Exit);
        Assert.Contains("shares of this pair, fewer than the", tooMany.Errors, StringComparison.Ordinal);
        var removed = Json(await RunAsync(key, "trader", "remove-liquidity", "all", "--pair", "fx", "--json"));
        Assert.Equal(shares.ToString(), removed.GetProperty("burned").GetString());
        // Burning the shares pays back what they were minted for, less rounding of a unit or so.
        Assert.InRange(BigInteger.Parse(removed.GetProperty("received0").GetString()!), added0 - 2, added0);
        Assert.InRange(BigInteger.Parse(removed.GetProperty("received1").GetString()!), added1 - 2, added1);
    }

    [Fact]
    public async Task AnUnderwriter_AsksToRedeem_IsToldWhenItUnlocks_AndRedeemsAfterTheDelay()
    {
        // A chain of its own: the redemption delay is days long and the shared chain's clock must stay near the wall clock.
        await using var anvil = await AnvilNode.StartAsync();
        var deployment = await EdgeContracts.DeployAsync(anvil.RpcUrl, anvil.ChainId, DevAccounts.Deployer);
        var file = Path.Combine(_work, "own-deployment.json");
        deployment.Save(file);
        var actor = DeviceKey.Create();
        await anvil.RpcAsync("anvil_setBalance", actor.Address, "0x56bc75e2d63100000");
        await new EdgeContracts(deployment, DevAccounts.Deployer).MintAsync(actor.Address, 300_000_000);
        var key = actor.PrivateKey.ToHex(true);
        Task<(int Exit, string Output, string Errors)> Cli(params string[] args) => RunCliAsync(key, [.. args, "--deployment", file, "--rpc", anvil.RpcUrl]);

        Json(await Cli("investor", "deposit", "300", "--json"));
        var none = await Cli("investor", "redeem");
        Assert.Equal(2, none.Exit);
        Assert.Contains("has no redemption request", none.Errors, StringComparison.Ordinal);
        var requested = Json(await Cli("investor", "request-redeem", "100", "--json"));
        // Shares carry 12 decimals (6 of the asset and a virtual offset of 6): 100 shares, worth 100 tUSD.
        Assert.Equal(("100000000000000", "100000000"), (requested.GetProperty("pendingShares").GetString(), requested.GetProperty("pendingAssets").GetString()));
        var early = await Cli("investor", "redeem");
        Assert.Equal(2, early.Exit);
        Assert.Contains("The request unlocks at ", early.Errors, StringComparison.Ordinal);

        await anvil.RpcAsync("evm_increaseTime", (long)(requested.GetProperty("unlocksAt").GetUInt64() - (ulong)(await anvil.ChainTimeAsync()).ToUnixTimeSeconds() + 1));
        await anvil.MineAsync();
        var redeemed = Json(await Cli("investor", "redeem", "--json"));
        Assert.Equal(("100000000000000", "100000000"), (redeemed.GetProperty("redeemedShares").GetString(), redeemed.GetProperty("received").GetString()));
        Assert.Equal(new BigInteger(100_000_000), await new EdgeContracts(deployment, DevAccounts.Deployer).BalanceOfAsync(actor.Address));
    }

    [Fact]
    public async Task Cast_ReadsTheChain_WithTheDeploymentsAddressesByName()
    {
        var (_, address) = await ActorAsync(12_345_678);
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(RepoPaths.Root, "tools", "edge"), "cast", "call", "@tUSD", "balanceOf(address)(uint256)", address })
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["EDGE_DEPLOYMENT"] = DeploymentFile();
        psi.Environment["EDGE_RPC"] = fixture.System.Deployment.RpcUrl;
        psi.Environment.Remove("ETH_RPC_URL");
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, await errors);
        Assert.StartsWith("12345678 ", (await output).Trim() + " ", StringComparison.Ordinal); // cast adds "[1.234e7]"
    }

    [Fact]
    public async Task BadInput_GetsOneClearLine_AndTheKeyIsNeverPrinted()
    {
        var (key, _) = await ActorAsync(1_000_000);

        var noKey = await RunAsync(null, "lender", "supply", "1");
        Assert.Equal(2, noKey.Exit);
        Assert.Contains("give the account's key with --key-file FILE or $EDGE_KEY", noKey.Errors, StringComparison.Ordinal);

        var keyFile = Path.Combine(_work, "key");
        await File.WriteAllTextAsync(keyFile, "not-a-key-" + key[2..20]);
        var badKey = await RunAsync(null, "lender", "supply", "1", "--key-file", keyFile);
        Assert.Equal(2, badKey.Exit);
        Assert.Contains("is not 32 bytes of hex", badKey.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain(key[2..20], badKey.Output + badKey.Errors, StringComparison.OrdinalIgnoreCase);

        await File.WriteAllTextAsync(keyFile, key);
        var fine = await RunAsync(null, "lender", "supply", "1", "--key-file", keyFile);
        Assert.Equal(0, fine.Exit);
        Assert.DoesNotContain(key[2..], fine.Output + fine.Errors, StringComparison.OrdinalIgnoreCase);

        Assert.Contains("'1.1234567' has more than 6 decimals", (await RunAsync(key, "lender", "supply", "1.1234567")).Errors, StringComparison.Ordinal);
        Assert.Contains("--pair is fx or asset", (await RunAsync(null, "trader", "pool", "--pair", "btc")).Errors, StringComparison.Ordinal);
        var missing = await RunCliAsync(null, "lender", "status", "--deployment", Path.Combine(_work, "none.json"), "--rpc", fixture.System.Deployment.RpcUrl);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("No deployment file at", missing.Errors, StringComparison.Ordinal);
        var down = await RunCliAsync(null, "lender", "status", "--deployment", DeploymentFile(), "--rpc", "http://127.0.0.1:9");
        Assert.Equal(1, down.Exit);
        Assert.Contains("The node could not be reached", down.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", down.Errors, StringComparison.Ordinal);
    }

    /// <summary>An 18-decimal amount as the CLI reads it ("1.5").</summary>
    private static string Eighteen(BigInteger value)
    {
        var digits = value.ToString().PadLeft(19, '0');
        return digits[..^18] + "." + digits[^18..];
    }

    private Nethereum.Contracts.Contract Market() => fixture.System.Deployer.Contract("LendingMarket", fixture.System.Deployment.LendingMarket);

    /// <summary>A fresh account with gas money and <paramref name="dollars"/> minor units of tUSD.</summary>
    private async Task<(string Key, string Address)> ActorAsync(BigInteger dollars)
    {
        var actor = await fixture.System.FundActorAsync(dollars);
        return (actor.PrivateKey.ToHex(true), actor.Address);
    }

    private string DeploymentFile()
    {
        var path = Path.Combine(_work, "deployment.json");
        if (!File.Exists(path))
        {
            fixture.System.Deployment.Save(path);
        }

        return path;
    }

    private static JsonElement Json((int Exit, string Output, string Errors) run)
    {
        Assert.True(run.Exit == 0, "exit " + run.Exit + ": " + run.Errors + run.Output);
        return JsonDocument.Parse(run.Output).RootElement;
    }

    private Task<(int Exit, string Output, string Errors)> RunAsync(string? key, params string[] args) =>
        RunCliAsync(key, [.. args, "--deployment", DeploymentFile(), "--rpc", fixture.System.Deployment.RpcUrl]);

    private static async Task<(int Exit, string Output, string Errors)> RunCliAsync(string? key, params string[] args)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var cli = Path.Combine(RepoPaths.Root, "tools", "EdgeOracle.Cli", "bin", configuration, "net10.0", "edge-cli.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment.Remove("EDGE_KEY");
        if (key is not null)
        {
            psi.Environment["EDGE_KEY"] = key;
        }

        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await output, await errors);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
