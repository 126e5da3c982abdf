using System;
using System.IO;
using System.Linq;
using EdgeOracle.Gateway.Anchoring;
using EdgeOracle.Protocol.Deployments;

namespace EdgeOracle.Gateway.Options;

/// <summary>
/// The deployment file named by <c>Chain:DeploymentFile</c> (<c>deployments/&lt;chainId&gt;.json</c>, written by
/// <c>contracts/script/Deploy.s.sol</c> or <c>edge-cli deploy</c>), read through the protocol library's
/// <see cref="Protocol.Deployments.Deployment"/> record. It fills the addresses that configuration leaves empty; an
/// address set in configuration wins, a file for another chain than <c>Chain:ChainId</c> is refused, and a contract the
/// gateway needs but neither configuration nor the file names is refused with a sentence naming it and the file.
/// </summary>
/// <param name="Deployment">The file's contents.</param>
public sealed record DeploymentFile(Protocol.Deployments.Deployment Deployment)
{
    /// <summary>The configuration key naming the file.</summary>
    public const string ConfigurationKey = "Chain:DeploymentFile";

    /// <summary>Reads <paramref name="path"/>; throws <see cref="InvalidDataException"/> naming the file and the problem when it cannot.</summary>
    public static DeploymentFile Read(string path) => new(Protocol.Deployments.Deployment.Read(path));

    /// <summary>Fills the chain addresses configuration left empty; refuses a file of another chain.</summary>
    public void ApplyTo(ChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Deployment.EnsureChain(options.ChainId, "Chain:ChainId");
        options.DeviceRegistryAddress = Fill(options.DeviceRegistryAddress, nameof(DeploymentContracts.DeviceRegistry));
        options.PaymentHubAddress = Fill(options.PaymentHubAddress, nameof(DeploymentContracts.PaymentHub));
        if (string.IsNullOrWhiteSpace(options.RevenueDistributorAddress) && Deployment.Contracts.RevenueDistributor is { } distributor)
        {
            options.RevenueDistributorAddress = distributor.ToString();
        }

        if (string.IsNullOrWhiteSpace(options.QuorumInsuranceAddress) && Deployment.Contracts.QuorumInsurance is { } quorum)
        {
            options.QuorumInsuranceAddress = quorum.ToString();
        }

        if (options.Tokens.Count == 0)
        {
            if (Deployment.Tokens.Count == 0)
            {
                throw new InvalidDataException(
                    $"Deployment file '{Deployment.SourcePath}' lists no tokens (written before the \"tokens\" array existed? deploy again with contracts/script/Deploy.s.sol) and Chain:Tokens is empty.");
            }

            options.Tokens.AddRange(Deployment.Tokens.Select(TokenOptions.From));
        }
    }

    /// <summary>Fills the MerkleAnchor address when configuration left it empty and the file has one (anchoring is optional).</summary>
    public void ApplyTo(AnchoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ContractAddress) && Deployment.Contracts.MerkleAnchor is { } anchor)
        {
            options.ContractAddress = anchor.ToString();
        }
    }

    // The chain options' addresses are all required, so an empty one asks the file, which refuses when it has none.
    private string Fill(string configured, string contract) =>
        string.IsNullOrWhiteSpace(configured) ? Deployment.Require(contract).ToString() : configured;
}
