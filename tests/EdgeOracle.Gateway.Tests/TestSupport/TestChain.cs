using EdgeOracle.Gateway.Hosting;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Verification;
using GatewayAddress = EdgeOracle.Protocol.Address;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>A made-up deployment on chain 31337 that the tests sign for.</summary>
public static class TestChain
{
    public const long ChainId = 31337;
    public const string Registry = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    public const string Insurance = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
    public const string Router = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";
    public const string Token = "0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9";
    public const string TokenName = "Test USD";
    public const string TokenVersion = "1";

    /// <summary>A throwaway relayer key (not a real account).</summary>
    public const string RelayerKey = "0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static Deployment Deployment() => new(
        (ulong)ChainId, GatewayAddress.Parse(Registry), GatewayAddress.Parse(Router), GatewayAddress.Parse(Token), TokenName, TokenVersion);

    public static ChainOptions Options(bool relayEnabled = false) => new()
    {
        RpcUrl = "http://127.0.0.1:9",
        ChainId = ChainId,
        RelayerPrivateKey = RelayerKey,
        DeviceRegistryAddress = Registry,
        InsuranceAddress = Insurance,
        PaymentRouterAddress = Router,
        TokenAddress = Token,
        TokenName = TokenName,
        TokenVersion = TokenVersion,
        RelayEnabled = relayEnabled,
    };

    public static GatewaySettings Settings(string databasePath, bool relayEnabled = false) => new()
    {
        Mqtt = new MqttOptions { Host = "127.0.0.1", Port = 0, DevicePort = 0 },
        Storage = new StorageOptions { Path = databasePath },
        Chain = Options(relayEnabled),
    };
}
