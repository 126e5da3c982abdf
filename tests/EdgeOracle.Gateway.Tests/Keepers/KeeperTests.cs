using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Net.Http;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Keepers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Keepers;

public sealed class KeeperTests
{
    private const string Market = "0x00000000000000000000000000000000000000aa";
    private const string Insurance = "0x00000000000000000000000000000000000000bb";
    private const string Alice = "0x1111111111111111111111111111111111111111";
    private const string Bob = "0x2222222222222222222222222222222222222222";

    private readonly FakeKeeperChain _chain = new();
    private readonly KeeperMetrics _metrics = new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    private static IOptions<KeeperOptions> Options => Microsoft.Extensions.Options.Options.Create(new KeeperOptions
    {
        LiquidationEnabled = true,
        PolicyExpiryEnabled = true,
        WindowsEnabled = true,
        LendingMarketAddress = Market,
        QuorumInsuranceAddress = Insurance,
        StartBlock = 1,
        MaxBlockRange = 10,
    });

    [Fact]
    public async Task Liquidation_AbsorbsOnlyTheBorrowerThatIsLiquidatable_AndForgetsIt()
    {
        _chain.AddLog(Market, "Borrowed(address,uint256)", block: 3, [Topic(Alice)], Words(100));
        _chain.AddLog(Market, "Borrowed(address,uint256)", block: 25, [Topic(Bob)], Words(100));
        _chain.Head = 30;
        var liquidatable = new HashSet<string> { Bob };
        _chain.OnCall = (_, data) => Selector(data) switch
        {
            "isLiquidatable(address)" => Words(liquidatable.Contains(Argument(data)) ? 1 : 0),
            "borrowBalanceOf(address)" => Words(100),
            var other => throw new InvalidOperationException(other),
        };
        var keeper = Liquidation();

        await keeper.RunRoundAsync(CancellationToken.None);

        var sent = Assert.Single(_chain.Sent);
        Assert.Equal(("absorb(address)", Bob), (sent.Function, sent.Argument));
        Assert.Equal(1, _metrics.Total(LiquidationKeeper.KeeperName, "done"));
        Assert.Equal(1, keeper.Watched); // Bob's debt is gone; Alice is still watched
        // The logs were read in ranges of at most MaxBlockRange blocks, from the start block to the head, once.
        Assert.Equal([(1L, 10L), (11L, 20L), (21L, 30L)], _chain.LogRanges);

        await keeper.RunRoundAsync(CancellationToken.None);
        Assert.Single(_chain.Sent);
        Assert.Equal([(1L, 10L), (11L, 20L), (21L, 30L)], _chain.LogRanges);
    }

    [Fact]
    public async Task Liquidation_ForgetsARepaidBorrower_AndSkipsOneWhoseCheckReverts()
    {
        _chain.AddLog(Market, "Borrowed(address,uint256)", block: 2, [Topic(Alice)], Words(100));
        _chain.AddLog(Market, "Borrowed(address,uint256)", block: 2, [Topic(Bob)], Words(100));
        _chain.Head = 5;
        _chain.OnCall = (_, data) => (Selector(data), Argument(data)) switch
        {
            ("isLiquidatable(address)", Bob) => throw new KeeperCallRevertedException("execution reverted: PriceOracleStale"),
            ("isLiquidatable(address)", _) => Words(0),
            ("borrowBalanceOf(address)", _) => Words(0),
            var other => throw new InvalidOperationException(other.ToString()),
        };
        var keeper = Liquidation();

        await keeper.RunRoundAsync(CancellationToken.None);

        Assert.Empty(_chain.Sent);
        Assert.Equal(1, keeper.Watched); // Alice repaid and is forgotten; Bob's check failed and is kept
        Assert.Equal(1, _metrics.Total(LiquidationKeeper.KeeperName, "skipped"));
    }

    [Fact]
    public async Task PolicyExpiry_ExpiresAPolicyOnlyAfterItsEndAndTwiceItsStaleness()
    {
        // Policy 7 of product 3 ends at 1,000; the product's staleness is 100: due after 1,200.
        _chain.AddLog(Insurance, "PolicyBought(uint256,uint32,address,address,uint64,uint64,uint256,uint256)", block: 2,
            [Number(7), Number(3), Topic(Alice)], Words(0, 900, 1_000, 5_000, 250));
        _chain.Head = 2;
        _chain.OnCall = (_, data) => Selector(data) == "product(uint32)" ? Words(1, 1, 2, 0, 60, 100, 500, 1, 0, 0, 0, 0, 0) : throw new InvalidOperationException();
        var keeper = Expiry();

        _chain.Time = 1_200;
        await keeper.RunRoundAsync(CancellationToken.None);
        Assert.Empty(_chain.Sent);

        _chain.Time = 1_201;
        await keeper.RunRoundAsync(CancellationToken.None);
        var sent = Assert.Single(_chain.Sent);
        Assert.Equal(("expirePolicy(uint256)", new BigInteger(7)), (sent.Function, KeeperAbi.Word(sent.Data.AsSpan(4), 0)));
        Assert.Equal(0, keeper.Watched);
    }

    [Fact]
    public async Task PolicyExpiry_ForgetsAPolicyThatCannotBeExpired()
    {
        _chain.AddLog(Insurance, "PolicyBought(uint256,uint32,address,address,uint64,uint64,uint256,uint256)", block: 2,
            [Number(8), Number(3), Topic(Alice)], Words(0, 900, 1_000, 5_000, 250));
        _chain.Head = 2;
        _chain.Time = 5_000;
        _chain.OnCall = (_, _) => Words(1, 1, 2, 0, 60, 100, 500, 1, 0, 0, 0, 0, 0);
        _chain.OnSend = (_, _) => new KeeperSendResult(KeeperSendStatus.Reverted, null, "0x" + KeeperAbi.Selector("QuorumInsuranceNotExpirable(uint256)"), "execution reverted");
        var keeper = Expiry();

        await keeper.RunRoundAsync(CancellationToken.None);

        Assert.Equal(0, keeper.Watched);
        Assert.Equal(1, _metrics.Total(PolicyExpiryKeeper.KeeperName, "skipped"));
    }

    [Fact]
    public async Task Windows_WaitsForTheDeadlineTheContractNames_ThenDecides()
    {
        _chain.AddLog(Insurance, "WindowCollected(uint32,uint32,uint64,uint64,uint256)", block: 4, [Number(5), Number(1)], Words(100, 110, 2));
        _chain.Head = 4;
        _chain.Time = 120;
        var deadline = 710UL;
        _chain.OnSend = (_, _) => _chain.Time <= deadline
            ? new KeeperSendResult(KeeperSendStatus.Reverted, null, KeeperAbi.ToHex(KeeperAbi.Encode("QuorumInsuranceWindowOpen(uint64)", deadline)), "execution reverted")
            : new KeeperSendResult(KeeperSendStatus.Mined, "0xabc", string.Empty, string.Empty);
        var keeper = Windows();

        await keeper.RunRoundAsync(CancellationToken.None);
        Assert.Single(_chain.Sent); // tried once, learnt the deadline
        Assert.Equal(1, keeper.Watched);

        _chain.Time = 700;
        await keeper.RunRoundAsync(CancellationToken.None);
        Assert.Single(_chain.Sent); // not tried again before the deadline

        _chain.Time = 711;
        await keeper.RunRoundAsync(CancellationToken.None);
        Assert.Equal(2, _chain.Sent.Count);
        var decide = _chain.Sent[1].Data.AsSpan(4).ToArray();
        Assert.Equal([5, 1, 100, 110], Enumerable.Range(0, 4).Select(i => (int)KeeperAbi.Word(decide, i)));
        Assert.Equal(0, keeper.Watched);
        Assert.Equal(1, _metrics.Total(WindowKeeper.KeeperName, "done"));
    }

    [Fact]
    public async Task Windows_ForgetsAWindowDecidedMeanwhile()
    {
        _chain.AddLog(Insurance, "WindowCollected(uint32,uint32,uint64,uint64,uint256)", block: 4, [Number(5), Number(1)], Words(100, 110, 2));
        _chain.Head = 4;
        _chain.Time = 1_000;
        _chain.OnSend = (_, _) => new KeeperSendResult(KeeperSendStatus.Reverted, null, "0x" + KeeperAbi.Selector("QuorumInsuranceWindowAlreadyDecided()"), "execution reverted");
        var keeper = Windows();

        await keeper.RunRoundAsync(CancellationToken.None);

        Assert.Equal(0, keeper.Watched);
        Assert.Equal(1, _metrics.Total(WindowKeeper.KeeperName, "skipped"));
    }

    [Fact]
    public async Task AKeeperThatIsOff_DoesNothing()
    {
        _chain.AddLog(Market, "Borrowed(address,uint256)", block: 3, [Topic(Alice)], Words(100));
        var off = Microsoft.Extensions.Options.Options.Create(new KeeperOptions { LendingMarketAddress = Market, Interval = TimeSpan.FromMilliseconds(50) });
        using var keeper = new LiquidationKeeper(_chain, _metrics, off, new SoleSubmitter(), TimeProvider.System, NullLogger<LiquidationKeeper>.Instance);

        await keeper.StartAsync(CancellationToken.None);
        await Task.Delay(200);
        await keeper.StopAsync(CancellationToken.None);

        Assert.Equal(0, keeper.Rounds);
        Assert.Empty(_chain.LogRanges);
    }

    [Fact]
    public void Options_RefuseAKeeperThatIsOnWithoutItsContract()
    {
        var services = new ServiceCollection()
            .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Keepers:LiquidationEnabled"] = "true" }).Build());
        services.AddGatewayKeepers();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KeeperOptions>>().Value);
        Assert.Contains("Keepers:LendingMarketAddress", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oracle_PushesEachNewerPriceOnce_AndPokesOnlyAStalePair()
    {
        const string Oracle = "0x00000000000000000000000000000000000000cc";
        const string FreshPair = "0x00000000000000000000000000000000000000d1";
        const string StalePair = "0x00000000000000000000000000000000000000d2";
        var signature = Enumerable.Range(1, 65).Select(i => (byte)i).ToArray();
        var feed = new FakePriceFeed { Prices = [new SignedPrice(Alice, 1_100, 500, signature)] };
        var options = Microsoft.Extensions.Options.Options.Create(new KeeperOptions
        {
            OracleEnabled = true,
            PriceOracleAddress = Oracle,
            PairAddresses = FreshPair + ", " + StalePair,
            PokeAfter = TimeSpan.FromMinutes(10),
        });
        _chain.Time = 10_000;
        _chain.OnCall = (pair, _) => Words(1, 1, pair == FreshPair ? 10_000 - 600 : 10_000 - 601);
        var keeper = new OracleKeeper(_chain, feed, _metrics, options, new SoleSubmitter(), TimeProvider.System, NullLogger<OracleKeeper>.Instance);

        await keeper.RunRoundAsync(CancellationToken.None);

        Assert.Equal(2, _chain.Sent.Count);
        var push = _chain.Sent[0].Data;
        Assert.Equal(KeeperAbi.Encode("pushPrice(address,uint256,uint64,bytes)", Alice, new BigInteger(1_100), 500UL, signature), push);
        // Head: asset, price, timestamp, offset 0x80; tail: length 65 and the signature in three words.
        Assert.Equal(4 + (32 * 4) + 32 + 96, push.Length);
        Assert.Equal(new BigInteger(0x80), KeeperAbi.Word(push.AsSpan(4), 3));
        Assert.Equal(new BigInteger(65), KeeperAbi.Word(push.AsSpan(4), 4));
        Assert.Equal(signature, push.AsSpan(4 + 160, 65).ToArray());
        Assert.Equal(StalePair, _chain.Sent[1].Contract);

        // The same price is not pushed again; a newer one is.
        await keeper.RunRoundAsync(CancellationToken.None);
        Assert.Equal(3, _chain.Sent.Count); // the stale pair again (the fake's reserves do not change)
        feed.Prices = [new SignedPrice(Alice, 900, 501, signature)];
        await keeper.RunRoundAsync(CancellationToken.None);
        Assert.Contains(_chain.Sent.Skip(3), c => c.Contract == Oracle);
    }

    [Fact]
    public async Task Oracle_AFeedThatCannotBeRead_IsCountedAndThePairsAreStillPoked()
    {
        const string Pair = "0x00000000000000000000000000000000000000d2";
        var feed = new FakePriceFeed { Failure = new HttpRequestException("connection refused") };
        var options = Microsoft.Extensions.Options.Options.Create(new KeeperOptions { OracleEnabled = true, PairAddresses = Pair, PokeAfter = TimeSpan.FromSeconds(1) });
        _chain.Time = 100;
        _chain.OnCall = (_, _) => Words(1, 1, 0);
        var keeper = new OracleKeeper(_chain, feed, _metrics, options, new SoleSubmitter(), TimeProvider.System, NullLogger<OracleKeeper>.Instance);

        await keeper.RunRoundAsync(CancellationToken.None);

        Assert.Equal(1, _metrics.Total(OracleKeeper.KeeperName, "skipped"));
        Assert.Equal(Pair, Assert.Single(_chain.Sent).Contract);
    }

    [Theory]
    [InlineData("{}", "no \"prices\" array")]
    [InlineData("{\"prices\":[{\"asset\":\"0x12\",\"price\":\"1\",\"timestamp\":1,\"signature\":\"0x00\"}]}", "is not an address")]
    [InlineData("{\"prices\":[{\"asset\":\"0x1111111111111111111111111111111111111111\",\"price\":\"1\",\"timestamp\":1,\"signature\":\"0x00\"}]}", "1 bytes, not 65")]
    [InlineData("not json", "cannot read")]
    public void PriceFeed_RefusesADocumentItCannotRead_NamingTheFeedAndTheFault(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => HttpPriceFeed.Parse(json, "http://feed.example/prices"));
        Assert.Contains("http://feed.example/prices", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PriceFeed_ReadsPrices()
    {
        var signature = "0x" + new string('a', 130);
        var price = Assert.Single(HttpPriceFeed.Parse(
            "{\"prices\":[{\"asset\":\"" + Alice + "\",\"price\":\"1100000000000000000\",\"timestamp\":1765000000,\"signature\":\"" + signature + "\"}]}", "feed"));
        Assert.Equal((Alice, BigInteger.Parse("1100000000000000000", System.Globalization.CultureInfo.InvariantCulture), 1_765_000_000UL), (price.Asset, price.Price, price.Timestamp));
        Assert.Equal(65, price.Signature.Length);
    }

    private LiquidationKeeper Liquidation() =>
        new(_chain, _metrics, Options, new SoleSubmitter(), TimeProvider.System, NullLogger<LiquidationKeeper>.Instance);

    private PolicyExpiryKeeper Expiry() =>
        new(_chain, _metrics, Options, new SoleSubmitter(), TimeProvider.System, NullLogger<PolicyExpiryKeeper>.Instance);

    private WindowKeeper Windows() =>
        new(_chain, _metrics, Options, new SoleSubmitter(), TimeProvider.System, NullLogger<WindowKeeper>.Instance);

    private static string Topic(string address) => "0x" + address[2..].PadLeft(64, '0');

    private static string Number(long value) => "0x" + value.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Words(params long[] values) => KeeperAbi.Encode("x()", values.Select(v => (object)new BigInteger(v)).ToArray())[4..];

    private static readonly string[] Functions =
        ["isLiquidatable(address)", "borrowBalanceOf(address)", "absorb(address)", "product(uint32)", "expirePolicy(uint256)", "decideWindow(uint32,uint32,uint64,uint64)",
            "pushPrice(address,uint256,uint64,bytes)", "getReserves()", "poke()"];

    private static string Selector(byte[] data) =>
        Functions.Single(f => KeeperAbi.Selector(f) == Convert.ToHexStringLower(data.AsSpan(0, 4)));

    private static string Argument(byte[] data) => KeeperAbi.TopicAddress(KeeperAbi.ToHex(data.AsSpan(4, 32)));

    private sealed class FakePriceFeed : IPriceFeed
    {
        public IReadOnlyList<SignedPrice> Prices { get; set; } = [];

        public Exception? Failure { get; set; }

        public Task<IReadOnlyList<SignedPrice>> ReadAsync(CancellationToken cancellationToken) =>
            Failure is null ? Task.FromResult(Prices) : Task.FromException<IReadOnlyList<SignedPrice>>(Failure);
    }

    private sealed class FakeKeeperChain : IKeeperChain
    {
        private readonly List<(string Contract, string Topic, KeeperLog Log)> _logs = [];

        public long Head { get; set; }

        public ulong Time { get; set; }

        public Func<string, byte[], byte[]> OnCall { get; set; } = (_, _) => throw new InvalidOperationException("no call expected");

        public Func<string, byte[], KeeperSendResult> OnSend { get; set; } = (_, _) => new KeeperSendResult(KeeperSendStatus.Mined, "0x01", string.Empty, string.Empty);

        public List<(long From, long To)> LogRanges { get; } = [];

        public List<(string Function, string Argument, byte[] Data, string Contract)> Sent { get; } = [];

        public void AddLog(string contract, string eventSignature, long block, string[] topics, byte[] data) =>
            _logs.Add((contract, KeeperAbi.Topic(eventSignature), new KeeperLog([KeeperAbi.Topic(eventSignature), .. topics], data, block)));

        public Task<long> GetBlockNumberAsync(CancellationToken cancellationToken) => Task.FromResult(Head);

        public Task<ulong> GetBlockTimestampAsync(CancellationToken cancellationToken) => Task.FromResult(Time);

        public Task<IReadOnlyList<KeeperLog>> GetLogsAsync(string contract, string topic0, long fromBlock, long toBlock, CancellationToken cancellationToken)
        {
            LogRanges.Add((fromBlock, toBlock));
            return Task.FromResult<IReadOnlyList<KeeperLog>>(_logs
                .Where(l => l.Contract == contract && l.Topic == topic0 && l.Log.BlockNumber >= fromBlock && l.Log.BlockNumber <= toBlock)
                .Select(l => l.Log).ToArray());
        }

        public Task<byte[]> CallAsync(string contract, byte[] data, CancellationToken cancellationToken) => Task.FromResult(OnCall(contract, data));

        public Task<KeeperSendResult> SendAsync(string contract, byte[] data, CancellationToken cancellationToken)
        {
            Sent.Add((Selector(data), data.Length >= 36 ? Argument(data) : string.Empty, data, contract));
            return Task.FromResult(OnSend(contract, data));
        }
    }
}
