using System;
using System.IO;

namespace EdgeOracle.Protocol.Deployments;

/// <summary>
/// One deployment of the EdgeOracle contracts: the file <c>deployments/&lt;chainId&gt;.json</c> that
/// <c>contracts/script/Deploy.s.sol</c> writes (and <c>edge-cli deploy</c>, with the contracts it deploys), which
/// every component reads through this record:
/// <code>{ "chainId": 31337, "deploymentBlock": 123, "deployer": "0x…", "contracts": { "DeviceRegistry": "0x…", … },
///   "tokens": [ { "address": "0x…", "symbol": "tUSD", "name": "Test USD", "version": "1", "decimals": 6 }, … ] }</code>
/// Unknown fields are ignored; a contract may be absent, and <see cref="Require(string)"/> refuses it only when asked.
/// </summary>
public sealed partial record Deployment
{
    /// <summary>The chain the contracts live on.</summary>
    public required long ChainId { get; init; }

    /// <summary>The block of the first deployment transaction (where followers of the registry's events start).</summary>
    public required long DeploymentBlock { get; init; }

    /// <summary>The account that deployed (and so administers) the contracts.</summary>
    public required Address Deployer { get; init; }

    /// <summary>The contracts' addresses.</summary>
    public DeploymentContracts Contracts { get; init; } = new();

    /// <summary>The payment tokens, with their EIP-712 domains; empty when the file lists none.</summary>
    public DeploymentTokens Tokens { get; init; } = DeploymentTokens.Empty;

    /// <summary>The file this deployment was read from, for messages; null for one built in memory. Not written.</summary>
    public string? SourcePath { get; init; }

    private string Described => SourcePath is null ? "The deployment" : $"Deployment file '{SourcePath}'";

    /// <summary>The address of the contract named <paramref name="contract"/> (one of <see cref="DeploymentContracts.Names"/>).</summary>
    /// <exception cref="InvalidDataException">The deployment has no such contract; the message names it and the file.</exception>
    public Address Require(string contract) =>
        Contracts[contract] ?? throw new InvalidDataException(
            $"{Described} has no {contract} address; deploy it (contracts/script/Deploy.s.sol deploys every contract) or configure its address.");

    /// <summary>The token at <paramref name="address"/>.</summary>
    /// <exception cref="InvalidDataException">The deployment lists no such token; the message names it and the file.</exception>
    public DeploymentToken RequireToken(Address address) =>
        Tokens.Find(address) ?? throw new InvalidDataException(
            $"{Described} lists no token at {address} (its tokens: {(Tokens.Count == 0 ? "none" : string.Join(", ", System.Linq.Enumerable.Select(Tokens, t => $"{t.Symbol} {t.Address}")))}).");

    /// <summary>Refuses a deployment of another chain than <paramref name="chainId"/>.</summary>
    /// <param name="chainId">The chain the caller is configured for.</param>
    /// <param name="configuredBy">What configured it, e.g. <c>Chain:ChainId</c>; named in the message when given.</param>
    /// <exception cref="InvalidDataException">The chain ids differ; the message names both.</exception>
    public void EnsureChain(long chainId, string? configuredBy = null)
    {
        if (ChainId != chainId)
        {
            var expected = configuredBy is null ? $"chain {chainId} is expected" : $"{configuredBy} is {chainId}";
            throw new InvalidDataException($"{Described} is a deployment on chain {ChainId}, but {expected}.");
        }
    }
}
