using System;
using System.IO;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Anchoring;
using EdgeOracle.Gateway.Hosting;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Tests.TestSupport;
using EdgeOracle.Gateway.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Hosting;

/// <summary><c>Chain:DeploymentFile</c>: the addresses files of the forge deploy script and of <c>edge-cli deploy</c>.</summary>
public sealed class DeploymentFileTests : IDisposable
{
    // The shape contracts/script/Deploy.s.sol writes to deployments/<chainId>.json (keys in its order).
    private const string ForgeFile = """
        {
          "DeviceRegistry": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
          "TestStablecoin": "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
          "TestEuro": "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9",
          "ParametricInsurance": "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
          "PaymentRouter": "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
          "RiskPool": "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
          "QuorumInsurance": "0x0165878A594ca255338adfa4d48449f69242Eb8F",
          "chainId": 31337
        }
        """;

    private readonly TempDirectory _temp = new();

    [Fact]
    public void ForgeFile_FillsTheEmptyAddresses_AndConfigurationWins()
    {
        var file = DeploymentFile.Read(Write("forge.json", ForgeFile));
        var options = new ChainOptions { ChainId = 31337, PaymentRouterAddress = "0x1111111111111111111111111111111111111111" };

        file.ApplyTo(options);

        Assert.Equal("0x5FbDB2315678afecb367f032d93F642f64180aa3", options.DeviceRegistryAddress);
        Assert.Equal("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", options.InsuranceAddress);
        Assert.Equal("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", options.TokenAddress);
        Assert.Equal("0x1111111111111111111111111111111111111111", options.PaymentRouterAddress);
    }

    [Fact]
    public void DevnetFile_FillsTheAnchorToo()
    {
        var path = _temp.File("devnet.json");
        new Devnet.Deployment
        {
            ChainId = 31337,
            RpcUrl = "http://127.0.0.1:8545",
            DeployBlock = 1,
            DeviceRegistry = "0x5fbdb2315678afecb367f032d93f642f64180aa3",
            Stablecoin = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512",
            ParametricInsurance = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0",
            PaymentRouter = "0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9",
            MerkleAnchor = "0xdc64a140aa3e981100a9beca4e685f962f0cf6c9",
        }.Save(path);
        var chain = new ChainOptions { ChainId = 31337 };
        var anchoring = new AnchoringOptions();

        var file = DeploymentFile.Read(path);
        file.ApplyTo(chain);
        file.ApplyTo(anchoring);

        Assert.Equal("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", chain.TokenAddress);
        Assert.Equal("0xdc64a140aa3e981100a9beca4e685f962f0cf6c9", anchoring.ContractAddress);
    }

    [Fact]
    public void AFileOfAnotherChain_OrNoFile_IsRefusedWithItsName()
    {
        var path = Write("forge.json", ForgeFile);

        var otherChain = Assert.Throws<InvalidDataException>(() => DeploymentFile.Read(path).ApplyTo(new ChainOptions { ChainId = 1 }));
        var missing = Assert.Throws<InvalidDataException>(() => DeploymentFile.Read(_temp.File("nope.json")));
        var notJson = Assert.Throws<InvalidDataException>(() => DeploymentFile.Read(Write("bad.json", "[1, 2]")));

        Assert.Contains("chain 31337, but Chain:ChainId is 1", otherChain.Message, StringComparison.Ordinal);
        Assert.Contains("nope.json", missing.Message, StringComparison.Ordinal);
        Assert.Contains("not a JSON object", notJson.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGateway_ConfiguredWithOnlyTheFile_UsesItsAddresses()
    {
        var settings = TestChain.Settings(_temp.File("gateway.db"));
        settings.Chain.DeviceRegistryAddress = string.Empty;
        settings.Chain.InsuranceAddress = string.Empty;
        settings.Chain.PaymentRouterAddress = string.Empty;
        settings.Chain.TokenAddress = string.Empty;
        settings.Chain.DeploymentFile = Write("forge.json", ForgeFile);

        await using var gateway = await GatewayApp.StartAsync(settings);
        var chain = gateway.Services.GetRequiredService<IOptions<ChainOptions>>().Value;
        var deployment = gateway.Services.GetRequiredService<Deployment>();

        Assert.Equal("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", chain.InsuranceAddress);
        Assert.Equal(Address.Parse("0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9"), deployment.PaymentRouter);
        Assert.Equal(Address.Parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"), deployment.Token);
    }

    public void Dispose() => _temp.Dispose();

    private string Write(string name, string text)
    {
        var path = _temp.File(name);
        File.WriteAllText(path, text);
        return path;
    }
}
