using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Eip712;

namespace EdgeOracle.Protocol.Tests.TestSupport;

/// <summary>A made-up deployment on chain 31337 that the tests sign for (the gateway tests' TestChain uses the same values).</summary>
public static class TestDomain
{
    public const long ChainId = 31337;
    public const string Registry = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    public const string Router = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";
    public const string Token = "0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9";
    public const string TokenName = "Test USD";
    public const string TokenVersion = "1";

    /// <summary>A second payment token (the euro side of cross-border sales); version 1 like the first.</summary>
    public const string EuroToken = "0xdc64a140aa3e981100a9beca4e685f962f0cf6c9";
    public const string EuroName = "Test EUR";

    /// <summary>The owner (and merchant) the tests' devices are registered under.</summary>
    public const string DefaultOwner = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    /// <summary>The device domain: EdgeOracle, version 1, this chain, verifying contract = the registry.</summary>
    public static Eip712Domain Devices { get; } = Eip712Domain.ForDevices(ChainId, Address.Parse(Registry));
}
