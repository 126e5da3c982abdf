using System;
using System.Numerics;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Gateway.Keepers;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class LendingEndToEndTests(SystemFixture fixture)
{
    private static readonly BigInteger Wad = BigInteger.Pow(10, 18);

    [Fact]
    public async Task APriceFallOnTheSignedFeed_IsPushedByTheOracleKeeper_AndTheLoanItSinksIsAbsorbedByTheLiquidationKeeper()
    {
        var system = fixture.System;
        var deployer = system.Deployer; // owner of the tokens, the oracle and the market, and the oracle's feed signer
        var market = system.Deployment.LendingMarket;
        var oracle = system.Deployment.PriceOracle;
        var euro = system.Deployment.File.Require("TestEuro").ToString();

        // tEUR becomes collateral priced by the signed feed (80 % borrowable, liquidated under 85 %).
        await SendRawAsync(deployer, oracle, KeeperAbi.Encode("setFeed(address,(uint8,address,uint32,uint32))", euro, 2u, "0x0000000000000000000000000000000000000000", 0u, 3_600u));
        await SendRawAsync(deployer, market, KeeperAbi.Encode(
            "setCollateral(address,(uint64,uint64,uint64,uint128))", euro, (ulong)(Wad * 8 / 10), (ulong)(Wad * 85 / 100), (ulong)(Wad * 5 / 100), BigInteger.Pow(10, 15)));

        // The feed says 1 tEUR = 1.10 tUSD; the gateway's oracle keeper pushes it to the oracle.
        await system.PriceFeed.PublishAsync(euro, Wad * 11 / 10);
        await WaitUntilAsync(async () => await PriceAsync(deployer, oracle, euro) == Wad * 11 / 10, "the oracle keeper to push 1.10");

        // Lenders' liquidity: 10,000 tUSD.
        await deployer.MintAsync(deployer.From, 10_000_000_000);
        await deployer.ApproveAsync(market, 10_000_000_000);
        await deployer.SendAsync("LendingMarket", market, "supply", new BigInteger(10_000_000_000));

        // A fresh borrower pledges 1,000 tEUR (worth 1,100 tUSD) and borrows 850 tUSD (limit 880).
        var borrowerKey = EthECKey.GenerateKey();
        var borrower = new EdgeContracts(system.Deployment, borrowerKey.GetPrivateKey());
        await system.Anvil.RpcAsync("anvil_setBalance", borrower.From, "0x" + (Wad * 10).ToString("x"));
        await deployer.SendAsync("TestEuro", euro, "mint", borrower.From, new BigInteger(1_000_000_000));
        await borrower.SendAsync("TestEuro", euro, "approve", market, new BigInteger(1_000_000_000));
        await borrower.SendAsync("LendingMarket", market, "supplyCollateral", euro, new BigInteger(1_000_000_000));
        await borrower.SendAsync("LendingMarket", market, "borrow", new BigInteger(850_000_000));

        // The keeper looks (every second here) and leaves a healthy loan alone.
        var keeper = system.Gateway.Services.GetRequiredService<LiquidationKeeper>();
        var metrics = system.Gateway.Services.GetRequiredService<KeeperMetrics>();
        var absorbedBefore = metrics.Total(LiquidationKeeper.KeeperName, "done");
        await WaitUntilAsync(() => Task.FromResult(keeper.Watched > 0), "the keeper to see the borrower");
        var rounds = keeper.Rounds;
        await WaitUntilAsync(() => Task.FromResult(keeper.Rounds > rounds + 1), "two more keeper rounds");
        Assert.True(await BorrowBalanceAsync(borrower, market) >= 850_000_000, "a healthy loan was absorbed");

        // The feed's euro falls to 0.90 tUSD: the collateral's 900 × 85 % = 765 no longer covers the 850 owed.
        await system.PriceFeed.PublishAsync(euro, Wad * 9 / 10);
        await WaitUntilAsync(async () => await BorrowBalanceAsync(borrower, market) == 0, "the keeper to absorb the loan");

        // The keeper counts its call once it has seen the receipt, a poll after the state changed.
        await WaitUntilAsync(() => Task.FromResult(metrics.Total(LiquidationKeeper.KeeperName, "done") > absorbedBefore), "the keeper to count the absorb");
        Assert.Equal(BigInteger.Zero, await CallWordAsync(borrower, market, KeeperAbi.Encode("collateralOf(address,address)", borrower.From, euro)));

        // The Absorbed event names the gateway's relayer account as the absorber.
        var absorbed = await deployer.Web3.Eth.Filters.GetLogs.SendRequestAsync(new NewFilterInput
        {
            Address = [market],
            FromBlock = BlockParameter.CreateEarliest(),
            ToBlock = BlockParameter.CreateLatest(),
            Topics = [KeeperAbi.Topic("Absorbed(address,address,uint256,uint256)"), null, "0x" + borrower.From[2..].ToLowerInvariant().PadLeft(64, '0')],
        });
        var log = Assert.Single(absorbed);
        var relayer = new Nethereum.Web3.Accounts.Account(DevAccounts.Relayer).Address;
        Assert.Equal(relayer.ToLowerInvariant(), KeeperAbi.TopicAddress(log.Topics[1].ToString()!));
        await WaitUntilAsync(() => Task.FromResult(metrics.Total(OracleKeeper.KeeperName, "done") >= 2), "the oracle keeper to count both pushes");
        fixture.AssertGatewayLoggedNoErrors();
    }

    // price(asset) reverts while the feed has no price yet: read as zero.
    private static async Task<BigInteger> PriceAsync(EdgeContracts account, string oracle, string asset)
    {
        try
        {
            return await CallWordAsync(account, oracle, KeeperAbi.Encode("price(address)", asset));
        }
        catch (Nethereum.JsonRpc.Client.RpcResponseException)
        {
            return BigInteger.Zero;
        }
    }

    private static Task<BigInteger> BorrowBalanceAsync(EdgeContracts account, string market) =>
        CallWordAsync(account, market, KeeperAbi.Encode("borrowBalanceOf(address)", account.From));

    private static async Task<BigInteger> CallWordAsync(EdgeContracts account, string contract, byte[] data)
    {
        var result = await account.Web3.Eth.Transactions.Call.SendRequestAsync(new CallInput(data.ToHex(true), contract), BlockParameter.CreateLatest());
        return KeeperAbi.Word(result.HexToByteArray(), 0);
    }

    private static async Task SendRawAsync(EdgeContracts account, string contract, byte[] data)
    {
        var input = new TransactionInput { Data = data.ToHex(true), To = contract, From = account.From, Gas = new HexBigInteger(500_000) };
        var receipt = await account.Web3.Eth.TransactionManager.SendTransactionAndWaitForReceiptAsync(input);
        Assert.True(receipt.Status?.Value == 1, $"transaction to {contract} reverted ({receipt.TransactionHash})");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (await condition())
            {
                return;
            }
        }

        Assert.Fail("Timed out waiting for " + what);
    }
}
