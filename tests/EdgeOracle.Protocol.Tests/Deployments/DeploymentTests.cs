using System;
using System.IO;
using EdgeOracle.Protocol.Deployments;
using Xunit;

namespace EdgeOracle.Protocol.Tests.Deployments;

public sealed class DeploymentTests : IDisposable
{
    private const string Registry = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    private readonly string _folder = Directory.CreateTempSubdirectory("eo-deployment-").FullName;

    [Fact]
    public void Read_TakesTheOneShape_TypedAddresses_AndIgnoresUnknownFields()
    {
        var path = Write("31337.json", $$"""
            { "chainId": 31337, "deploymentBlock": 123, "deployer": "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "note": "ignored",
              "contracts": { "DeviceRegistry": "{{Registry}}", "LendingMarket": "0x0000000000000000000000000000000000000016",
                             "PaymentHub": null, "NotAContract": "0x01" } }
            """);

        var deployment = Deployment.Read(path);

        Assert.Equal(31337, deployment.ChainId);
        Assert.Equal(123, deployment.DeploymentBlock);
        Assert.Equal(Address.Parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"), deployment.Deployer);
        Assert.Equal(Address.Parse(Registry), deployment.Contracts.DeviceRegistry);
        Assert.Equal(Address.Parse("0x0000000000000000000000000000000000000016"), deployment.Require("LendingMarket"));
        Assert.Null(deployment.Contracts.PaymentHub);
        Assert.Null(deployment.Contracts.MerkleAnchor);
        Assert.Equal(path, deployment.SourcePath);
    }

    [Fact]
    public void Write_ThenRead_GivesTheSameDeployment_LeavingAbsentContractsOut()
    {
        var written = new Deployment
        {
            ChainId = 8453,
            DeploymentBlock = 7,
            Deployer = Address.Parse("0x00000000000000000000000000000000000000aa"),
            Contracts = new DeploymentContracts { DeviceRegistry = Address.Parse(Registry), MerkleAnchor = Address.Parse("0x00000000000000000000000000000000000000bb") },
        };
        var path = Path.Combine(_folder, "nested", "8453.json");

        written.Write(path);
        var read = Deployment.Read(path);
        var text = File.ReadAllText(path);

        Assert.Equal(written with { SourcePath = path }, read);
        Assert.Contains("\"contracts\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PaymentHub", text, StringComparison.Ordinal);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Tokens_RoundTrip_AndAreFoundByAddress_AndAFileWithoutThemHasNone()
    {
        var usd = new DeploymentToken(Address.Parse("0x00000000000000000000000000000000000000c1"), "tUSD", "Test USD", "1", 6);
        var eur = new DeploymentToken(Address.Parse("0x00000000000000000000000000000000000000c2"), "tEUR", "Test EUR", "1", 6);
        var written = new Deployment
        {
            ChainId = 31337, DeploymentBlock = 0, Deployer = Address.Parse("0x00000000000000000000000000000000000000aa"),
            Tokens = new DeploymentTokens([usd, eur]),
        };
        var path = Path.Combine(_folder, "tokens.json");

        written.Write(path);
        var read = Deployment.Read(path);
        var without = Deployment.Read(Write("none.json", """{ "chainId": 1, "deploymentBlock": 0, "deployer": "0x00000000000000000000000000000000000000aa", "contracts": {} }"""));

        Assert.Equal(written with { SourcePath = path }, read);
        Assert.Equal(eur, read.RequireToken(eur.Address));
        Assert.Empty(without.Tokens);
        var missing = Assert.Throws<InvalidDataException>(() => read.RequireToken(Address.Parse("0x00000000000000000000000000000000000000c3")));
        Assert.Contains("lists no token at 0x00000000000000000000000000000000000000c3", missing.Message, StringComparison.Ordinal);
        Assert.Contains("tUSD 0x00000000000000000000000000000000000000c1", missing.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"tokens\": {}", "\"tokens\" is not an array")]
    [InlineData("\"tokens\": [ { \"symbol\": \"x\" } ]", "has no \"tokens[0].address\"")]
    [InlineData("\"tokens\": [ { \"address\": \"0x00000000000000000000000000000000000000c1\", \"symbol\": \"x\", \"name\": \"\", \"version\": \"1\", \"decimals\": 6 } ]", "\"tokens[0].name\" is \"\", not a non-empty string")]
    [InlineData("\"tokens\": [ { \"address\": \"0x00000000000000000000000000000000000000c1\", \"symbol\": \"x\", \"name\": \"X\", \"version\": \"1\", \"decimals\": -1 } ]", "\"tokens[0].decimals\" is -1")]
    public void ABadTokensArray_IsRefused_NamingTheField(string tokens, string expected)
    {
        var path = Write("bad-tokens.json", "{ \"chainId\": 1, \"deploymentBlock\": 0, \"deployer\": \"0x00000000000000000000000000000000000000aa\", \"contracts\": {}, " + tokens + " }");

        var refused = Assert.Throws<InvalidDataException>(() => Deployment.Read(path));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "cannot be read")]
    [InlineData("{ not json", "is not JSON")]
    [InlineData("[1, 2]", "is not a JSON object")]
    [InlineData("""{ "DeviceRegistry": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "chainId": 31337 }""", "old flat shape")]
    [InlineData("""{ "deploymentBlock": 1, "deployer": "0x00000000000000000000000000000000000000aa", "contracts": {} }""", "has no \"chainId\"")]
    [InlineData("""{ "chainId": 1, "deploymentBlock": -1, "deployer": "0x00000000000000000000000000000000000000aa", "contracts": {} }""", "\"deploymentBlock\" is -1")]
    [InlineData("""{ "chainId": 1, "deploymentBlock": 1, "deployer": "0x00000000000000000000000000000000000000aa", "contracts": { "RiskPool": "0x1234" } }""", "\"contracts.RiskPool\" is \"0x1234\", not a 20-byte 0x address")]
    [InlineData("""{ "chainId": 1, "deploymentBlock": 1, "deployer": 5, "contracts": {} }""", "\"deployer\" is 5")]
    public void Read_RefusesABadFile_NamingTheFileAndTheProblem(string? text, string problem)
    {
        var path = text is null ? Path.Combine(_folder, "missing.json") : Write("bad.json", text);

        var refused = Assert.Throws<InvalidDataException>(() => Deployment.Read(path));

        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureChain_RefusesAnotherChain_NamingBothIds()
    {
        var deployment = Deployment.Read(Write("31337.json", """
            { "chainId": 31337, "deploymentBlock": 0, "deployer": "0x00000000000000000000000000000000000000aa", "contracts": {} }
            """));

        deployment.EnsureChain(31337);
        var refused = Assert.Throws<InvalidDataException>(() => deployment.EnsureChain(1));

        Assert.Contains("on chain 31337, but chain 1 is expected", refused.Message, StringComparison.Ordinal);
        Assert.Contains("31337.json", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_OfAnAbsentContract_NamesTheContractAndTheFile()
    {
        var path = Write("partial.json", """
            { "chainId": 1, "deploymentBlock": 0, "deployer": "0x00000000000000000000000000000000000000aa", "contracts": {} }
            """);

        var refused = Assert.Throws<InvalidDataException>(() => Deployment.Read(path).Require(nameof(DeploymentContracts.QuorumInsurance)));

        Assert.Contains($"Deployment file '{path}' has no QuorumInsurance address", refused.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Deployment.Read(path).Require("Nothing"));
    }

    [Fact]
    public void Names_CoverEveryContractOfTheFile_EachReadAndWrittenUnderItsName()
    {
        var contracts = new DeploymentContracts();
        for (var i = 0; i < DeploymentContracts.Names.Count; i++)
        {
            contracts = contracts.With(DeploymentContracts.Names[i], Address.Parse($"0x{i + 1:x40}"));
        }

        var path = Path.Combine(_folder, "all.json");
        new Deployment { ChainId = 1, DeploymentBlock = 0, Deployer = Address.Zero, Contracts = contracts }.Write(path);
        var read = Deployment.Read(path);

        Assert.Equal(14, DeploymentContracts.Names.Count);
        for (var i = 0; i < DeploymentContracts.Names.Count; i++)
        {
            Assert.Equal(Address.Parse($"0x{i + 1:x40}"), read.Contracts[DeploymentContracts.Names[i]]);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
