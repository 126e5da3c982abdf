using EdgeOracle.Gateway.Hosting;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Verification;
using EdgeOracle.Protocol.Tests.TestSupport;
using GatewayAddress = EdgeOracle.Protocol.Address;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>A made-up deployment on chain 31337 that the tests sign for.</summary>
public static class TestChain
{
    public const long ChainId = TestDomain.ChainId;
    public const string Registry = TestDomain.Registry;
    /// <summary>QuorumInsurance: <see cref="FakeChainClient"/> puts every sensor alone in a region of its own unless told otherwise.</summary>
    public const string Quorum = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
    public const string Router = TestDomain.Router;
    public const string Distributor = "0x5fc8d32690cc91d4c39d9d3abcbd16989f875707";
    public const string Token = TestDomain.Token;
    public const string TokenName = TestDomain.TokenName;
    public const string TokenVersion = TestDomain.TokenVersion;

    /// <summary>A throwaway relayer key (not a real account).</summary>
    public const string RelayerKey = "0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public const string EuroToken = TestDomain.EuroToken;
    public const string EuroName = TestDomain.EuroName;

    /// <summary>The deployment of the made-up chain: both tokens (tUSD, tEUR).</summary>
    public static Deployment Deployment() => new(
        (ulong)ChainId, GatewayAddress.Parse(Registry), GatewayAddress.Parse(Router),
        [
            PaymentToken.Of((ulong)ChainId, GatewayAddress.Parse(Token), TokenName, TokenVersion, "tUSD"),
            PaymentToken.Of((ulong)ChainId, GatewayAddress.Parse(EuroToken), EuroName, TokenVersion, "tEUR"),
        ]);

    public static ChainOptions Options(bool relayEnabled = false) => new()
    {
        RpcUrl = "http://127.0.0.1:9",
        ChainId = ChainId,
        RelayerPrivateKey = RelayerKey,
        DeviceRegistryAddress = Registry,
        QuorumInsuranceAddress = Quorum,
        PaymentHubAddress = Router,
        RevenueDistributorAddress = Distributor,

        // Tests send what is there at once; the batching tests set a wait of their own.
        BatchMaxWait = System.TimeSpan.Zero,
        Tokens =
        [
            new TokenOptions { Address = Token, Name = TokenName, Version = TokenVersion, Symbol = "tUSD" },
            new TokenOptions { Address = EuroToken, Name = EuroName, Version = TokenVersion, Symbol = "tEUR" },
        ],
        RelayEnabled = relayEnabled,
    };

    public static GatewaySettings Settings(string databasePath, bool relayEnabled = false) => new()
    {
        Mqtt = new MqttOptions { Host = "127.0.0.1", Port = 0, DevicePort = 0 },
        Storage = new StorageOptions { Path = databasePath },
        Chain = Options(relayEnabled),
    };
}
