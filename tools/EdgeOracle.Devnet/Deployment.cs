using EdgeOracle.Protocol.Deployments;
using FileRecord = EdgeOracle.Protocol.Deployments.Deployment;

namespace EdgeOracle.Devnet;

/// <summary>
/// A deployment reached through a JSON-RPC endpoint: the protocol library's deployment record (what is written to
/// and read from <c>deployment.json</c>, in the one shape every component reads) plus the endpoint, which the file
/// does not hold. It is written by the one deployer, contracts/script/Deploy.s.sol (see <see cref="ForgeDeployer"/>).
/// </summary>
public sealed record Deployment
{
    /// <summary>The deployment file's contents.</summary>
    public required FileRecord File { get; init; }

    /// <summary>The JSON-RPC endpoint the deployment is reached through.</summary>
    public required string RpcUrl { get; init; }

    /// <summary>The chain id.</summary>
    public ulong ChainId => (ulong)File.ChainId;

    /// <summary>The block the first contract was deployed in (where a registry follower starts).</summary>
    public ulong DeployBlock => (ulong)File.DeploymentBlock;

    /// <summary>DeviceRegistry: the EIP-712 verifying contract of every device message.</summary>
    public string DeviceRegistry => File.Require(nameof(DeploymentContracts.DeviceRegistry)).ToString();

    /// <summary>The 6-decimal test stablecoin (EIP-2612 and EIP-3009): the file's <c>TestStablecoin</c>.</summary>
    public string Stablecoin => File.Require(nameof(DeploymentContracts.TestStablecoin)).ToString();

    /// <summary>QuorumInsurance: regions of sensors, products and policies over the RiskPool, decided by quorum rounds.</summary>
    public string QuorumInsurance => File.Require(nameof(DeploymentContracts.QuorumInsurance)).ToString();

    /// <summary>RiskPool: the ERC-4626 vault whose capital backs QuorumInsurance's policies.</summary>
    public string RiskPool => File.Require(nameof(DeploymentContracts.RiskPool)).ToString();

    /// <summary>PaymentHub: settles the terminals' payment intents, in batches.</summary>
    public string PaymentHub => File.Require(nameof(DeploymentContracts.PaymentHub)).ToString();

    /// <summary>RevenueDistributor: takes the meters' energy readings and shares the revenue among the asset's holders.</summary>
    public string RevenueDistributor => File.Require(nameof(DeploymentContracts.RevenueDistributor)).ToString();

    /// <summary>AssetToken: the tokenized plant whose holders the RevenueDistributor pays.</summary>
    public string AssetToken => File.Require(nameof(DeploymentContracts.AssetToken)).ToString();

    /// <summary>LendingMarket: loans in the test stablecoin against risk-pool shares and the asset token.</summary>
    public string LendingMarket => File.Require(nameof(DeploymentContracts.LendingMarket)).ToString();

    /// <summary>PriceOracle: the lending market's prices (vault share price, pair TWAP, or a signed feed).</summary>
    public string PriceOracle => File.Require(nameof(DeploymentContracts.PriceOracle)).ToString();

    /// <summary>MerkleAnchor: roots of the gateway's Merkle trees over stored readings (null when the file has none).</summary>
    public string? MerkleAnchor => File.Contracts.MerkleAnchor?.ToString();

    /// <summary>Writes the deployment file (write-then-rename, creating its folder).</summary>
    public void Save(string path) => File.Write(path);

    /// <summary>Reads a deployment file and pairs it with the endpoint it is reached through.</summary>
    public static Deployment Load(string path, string rpcUrl) => new() { File = FileRecord.Read(path), RpcUrl = rpcUrl };
}
