using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Anchoring;
using EdgeOracle.Gateway.Hosting;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Deployments;
using DeploymentRecord = EdgeOracle.Protocol.Deployments.Deployment;
using EdgeOracle.Gateway.Tests.TestSupport;
using EdgeOracle.Gateway.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Hosting;

/// <summary><c>Chain:DeploymentFile</c>: the one deployment file shape, as the forge deploy script and <c>edge-cli deploy</c> write it.</summary>
public sealed class DeploymentFileTests : IDisposable
{
    // The one shape of deployments/<chainId>.json (contracts/script/Deploy.s.sol writes every contract; a subset here).
    private const string ForgeFile = """
        {
          "chainId": 31337,
          "deploymentBlock": 1,
          "deployer": "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
          "contracts": {
            "DeviceRegistry": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
            "TestStablecoin": "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
            "TestEuro": "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9",
            "PaymentHub": "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
            "RevenueDistributor": "0xa513E6E4b8f2a923D98304ec87F64353C4D5C853",
            "RiskPool": "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
            "QuorumInsurance": "0x0165878A594ca255338adfa4d48449f69242Eb8F"
          },
          "tokens": [
            { "address": "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", "symbol": "tUSD", "name": "Test USD", "version": "1", "decimals": 6 },
            { "address": "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9", "symbol": "tEUR", "name": "Test EUR", "version": "1", "decimals": 6 }
          ]
        }
        """;

    // The flat shape the deploy script wrote before (contract names at the top level).
    private const string OldFlatFile = """
        {
          "DeviceRegistry": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
          "TestStablecoin": "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
          "chainId": 31337
        }
        """;

    private readonly TempDirectory _temp = new();

    [Fact]
    public void ForgeFile_FillsTheEmptyAddresses_AndConfigurationWins()
    {
        var file = DeploymentFile.Read(Write("forge.json", ForgeFile));
        var options = new ChainOptions { ChainId = 31337, PaymentHubAddress = "0x1111111111111111111111111111111111111111" };

        file.ApplyTo(options);

        Assert.Equal("0x5FbDB2315678afecb367f032d93F642f64180aa3", options.DeviceRegistryAddress, ignoreCase: true);
        Assert.Equal("0x0165878A594ca255338adfa4d48449f69242Eb8F", options.QuorumInsuranceAddress, ignoreCase: true);
        Assert.Equal(["tUSD", "tEUR"], options.Tokens.ConvertAll(t => t.Symbol));
        Assert.Equal("0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9", options.Tokens[1].Address, ignoreCase: true);
        Assert.Equal(("Test EUR", "1"), (options.Tokens[1].Name, options.Tokens[1].Version));
        Assert.Equal("0x1111111111111111111111111111111111111111", options.PaymentHubAddress);
    }

    [Fact]
    public void ConfiguredTokens_Win_AndAFileWithoutTokens_IsRefusedWhenNoneAreConfigured()
    {
        var configured = new ChainOptions { ChainId = 31337, Tokens = [new TokenOptions { Address = "0x2222222222222222222222222222222222222222", Name = "Mine", Version = "2" }] };
        DeploymentFile.Read(Write("forge.json", ForgeFile)).ApplyTo(configured);
        var withoutTokens = DeploymentFile.Read(Write("old-tokens.json", ForgeFile[..ForgeFile.IndexOf(",\n  \"tokens\"", StringComparison.Ordinal)] + "\n}"));

        var refused = Assert.Throws<InvalidDataException>(() => withoutTokens.ApplyTo(new ChainOptions { ChainId = 31337 }));

        Assert.Equal("Mine", Assert.Single(configured.Tokens).Name);
        Assert.Contains("old-tokens.json", refused.Message, StringComparison.Ordinal);
        Assert.Contains("lists no tokens", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChainOptions_WithoutTokens_OrWithABadOne_FailValidation_NamingTheKey()
    {
        static string[] Errors(ChainOptions options) =>
            [.. options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(r => r.ErrorMessage!)];

        var none = Errors(new ChainOptions());
        var bad = Errors(new ChainOptions { Tokens = [new TokenOptions { Address = "0x12", Name = "X", Version = "1" }] });
        var nameless = Errors(new ChainOptions { Tokens = [new TokenOptions { Address = "0x2222222222222222222222222222222222222222" }] });
        var twice = Errors(new ChainOptions
        {
            Tokens =
            [
                new TokenOptions { Address = "0x2222222222222222222222222222222222222222", Name = "X", Version = "1" },
                new TokenOptions { Address = "0x2222222222222222222222222222222222222222", Name = "Y", Version = "1" },
            ],
        });

        Assert.Contains("Chain:Tokens is empty", Assert.Single(none), StringComparison.Ordinal);
        Assert.Contains("Chain:Tokens:0:Address '0x12'", Assert.Single(bad), StringComparison.Ordinal);
        Assert.Contains("EIP-712 domain Name and Version", Assert.Single(nameless), StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Single(twice), StringComparison.Ordinal);
    }

    [Fact]
    public void DevnetFile_FillsTheAnchorToo()
    {
        var path = _temp.File("devnet.json");
        new Devnet.Deployment
        {
            RpcUrl = "http://127.0.0.1:8545",
            File = new DeploymentRecord
            {
                ChainId = 31337,
                DeploymentBlock = 1,
                Deployer = Address.Parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"),
                Contracts = new DeploymentContracts
                {
                    DeviceRegistry = Address.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3"),
                    TestStablecoin = Address.Parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512"),
                    PaymentHub = Address.Parse("0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9"),
                    MerkleAnchor = Address.Parse("0xdc64a140aa3e981100a9beca4e685f962f0cf6c9"),
                },
                Tokens = new DeploymentTokens([new DeploymentToken(Address.Parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512"), "tUSD", "Test USD", "1", 6)]),
            },
        }.Save(path);
        var chain = new ChainOptions { ChainId = 31337 };
        var anchoring = new AnchoringOptions();

        var file = DeploymentFile.Read(path);
        file.ApplyTo(chain);
        file.ApplyTo(anchoring);

        Assert.Equal("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", Assert.Single(chain.Tokens).Address);
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
    public void AnOldShapeFile_IsRefused_SayingWhichShapeIsExpected()
    {
        var path = Write("old.json", OldFlatFile);

        var refused = Assert.Throws<InvalidDataException>(() => DeploymentFile.Read(path));

        Assert.Contains("old.json", refused.Message, StringComparison.Ordinal);
        Assert.Contains("old flat shape", refused.Message, StringComparison.Ordinal);
        Assert.Contains("\"contracts\": { \"DeviceRegistry\"", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AContractTheGatewayNeeds_AbsentFromTheFileAndConfiguration_IsRefusedWithItsNameAndTheFile()
    {
        var path = Write("partial.json", ForgeFile.Replace("\"PaymentHub\"", "\"SomethingElse\"", StringComparison.Ordinal));
        var file = DeploymentFile.Read(path);

        var refused = Assert.Throws<InvalidDataException>(() => file.ApplyTo(new ChainOptions { ChainId = 31337 }));
        var configured = new ChainOptions { ChainId = 31337, PaymentHubAddress = "0x1111111111111111111111111111111111111111" };
        file.ApplyTo(configured);
        var anchoring = new AnchoringOptions();
        file.ApplyTo(anchoring);

        Assert.Contains("partial.json", refused.Message, StringComparison.Ordinal);
        Assert.Contains("has no PaymentHub address", refused.Message, StringComparison.Ordinal);
        Assert.Equal("0x1111111111111111111111111111111111111111", configured.PaymentHubAddress);
        Assert.False(anchoring.Enabled, "no MerkleAnchor in the file: anchoring stays off rather than failing");
    }

    [Fact]
    public async Task AGateway_ConfiguredWithOnlyTheFile_UsesItsAddresses()
    {
        var settings = TestChain.Settings(_temp.File("gateway.db"));
        settings.Chain.DeviceRegistryAddress = string.Empty;
        settings.Chain.QuorumInsuranceAddress = string.Empty;
        settings.Chain.PaymentHubAddress = string.Empty;
        settings.Chain.RevenueDistributorAddress = string.Empty;
        settings.Chain.Tokens.Clear();
        settings.Chain.DeploymentFile = Write("forge.json", ForgeFile);

        await using var gateway = await GatewayApp.StartAsync(settings);
        var chain = gateway.Services.GetRequiredService<IOptions<ChainOptions>>().Value;
        var deployment = gateway.Services.GetRequiredService<Gateway.Verification.Deployment>();

        Assert.Equal("0x0165878A594ca255338adfa4d48449f69242Eb8F", chain.QuorumInsuranceAddress, ignoreCase: true);
        Assert.Equal(Address.Parse("0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9"), deployment.PaymentHub);
        Assert.Equal("0xa513E6E4b8f2a923D98304ec87F64353C4D5C853", chain.RevenueDistributorAddress, ignoreCase: true);
        Assert.True(deployment.TryGetToken(Address.Parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"), out var usd));
        Assert.True(deployment.TryGetToken(Address.Parse("0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9"), out var eur));
        Assert.Equal("tUSD", usd.Symbol);
        Assert.Equal("Test EUR", eur.Domain.Name);
    }

    public void Dispose() => _temp.Dispose();

    private string Write(string name, string text)
    {
        var path = _temp.File(name);
        File.WriteAllText(path, text);
        return path;
    }
}
