using System;
using System.Collections.Generic;

namespace EdgeOracle.Protocol.Deployments;

/// <summary>
/// The <c>contracts</c> object of a deployment file: one address per contract, <see langword="null"/> for a contract
/// the deployer did not deploy (Devnet deploys a subset). Ask through <see cref="Deployment.Require(string)"/> to get a
/// sentence naming the contract and the file when it is absent.
/// </summary>
public sealed record DeploymentContracts
{
    /// <summary>The names of the contracts, in the order the deploy script writes them.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        nameof(DeviceRegistry), nameof(MerkleAnchor), nameof(TestStablecoin), nameof(TestEuro), nameof(RiskPool),
        nameof(QuorumInsurance), nameof(PaymentHub), nameof(FxPair),
        nameof(IdentityRegistry), nameof(AssetToken), nameof(RevenueDistributor), nameof(AssetPair), nameof(PriceOracle),
        nameof(LendingMarket),
    ];

    /// <summary>DeviceRegistry: devices, their owners and roles; the verifying contract of the device domain.</summary>
    public Address? DeviceRegistry { get; init; }

    /// <summary>MerkleAnchor: roots of the gateway's Merkle trees over stored messages.</summary>
    public Address? MerkleAnchor { get; init; }

    /// <summary>TestStablecoin: the 6-decimal test USD (EIP-2612, EIP-3009).</summary>
    public Address? TestStablecoin { get; init; }

    /// <summary>TestEuro: the test EUR stablecoin.</summary>
    public Address? TestEuro { get; init; }

    /// <summary>RiskPool.</summary>
    public Address? RiskPool { get; init; }

    /// <summary>QuorumInsurance.</summary>
    public Address? QuorumInsurance { get; init; }

    /// <summary>PaymentHub.</summary>
    public Address? PaymentHub { get; init; }

    /// <summary>FxPair: the stablecoin exchange.</summary>
    public Address? FxPair { get; init; }

    /// <summary>IdentityRegistry: the permissioned asset token's identities.</summary>
    public Address? IdentityRegistry { get; init; }

    /// <summary>AssetToken.</summary>
    public Address? AssetToken { get; init; }

    /// <summary>RevenueDistributor.</summary>
    public Address? RevenueDistributor { get; init; }

    /// <summary>AssetPair: the asset token's exchange.</summary>
    public Address? AssetPair { get; init; }

    /// <summary>PriceOracle.</summary>
    public Address? PriceOracle { get; init; }

    /// <summary>LendingMarket.</summary>
    public Address? LendingMarket { get; init; }

    /// <summary>The address of the contract named <paramref name="name"/> (one of <see cref="Names"/>), null when absent.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a contract of the deployment file.</exception>
    public Address? this[string name] => name switch
    {
        nameof(DeviceRegistry) => DeviceRegistry,
        nameof(MerkleAnchor) => MerkleAnchor,
        nameof(TestStablecoin) => TestStablecoin,
        nameof(TestEuro) => TestEuro,
        nameof(RiskPool) => RiskPool,
        nameof(QuorumInsurance) => QuorumInsurance,
        nameof(PaymentHub) => PaymentHub,
        nameof(FxPair) => FxPair,
        nameof(IdentityRegistry) => IdentityRegistry,
        nameof(AssetToken) => AssetToken,
        nameof(RevenueDistributor) => RevenueDistributor,
        nameof(AssetPair) => AssetPair,
        nameof(PriceOracle) => PriceOracle,
        nameof(LendingMarket) => LendingMarket,
        _ => throw new ArgumentException($"'{name}' is not a contract of the deployment file.", nameof(name)),
    };

    /// <summary>A copy with the contract named <paramref name="name"/> set to <paramref name="address"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a contract of the deployment file.</exception>
    public DeploymentContracts With(string name, Address? address) => name switch
    {
        nameof(DeviceRegistry) => this with { DeviceRegistry = address },
        nameof(MerkleAnchor) => this with { MerkleAnchor = address },
        nameof(TestStablecoin) => this with { TestStablecoin = address },
        nameof(TestEuro) => this with { TestEuro = address },
        nameof(RiskPool) => this with { RiskPool = address },
        nameof(QuorumInsurance) => this with { QuorumInsurance = address },
        nameof(PaymentHub) => this with { PaymentHub = address },
        nameof(FxPair) => this with { FxPair = address },
        nameof(IdentityRegistry) => this with { IdentityRegistry = address },
        nameof(AssetToken) => this with { AssetToken = address },
        nameof(RevenueDistributor) => this with { RevenueDistributor = address },
        nameof(AssetPair) => this with { AssetPair = address },
        nameof(PriceOracle) => this with { PriceOracle = address },
        nameof(LendingMarket) => this with { LendingMarket = address },
        _ => throw new ArgumentException($"'{name}' is not a contract of the deployment file.", nameof(name)),
    };
}
