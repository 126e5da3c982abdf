using EdgeOracle.Gateway.Chain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EdgeOracle.Gateway.Anchoring;

/// <summary>Registers Merkle anchoring (idle unless <c>Anchoring:ContractAddress</c> is set).</summary>
public static class AnchoringServiceCollectionExtensions
{
    /// <summary>Options, the anchor store, the contract adapter and the anchorer.</summary>
    public static IServiceCollection AddGatewayAnchoring(this IServiceCollection services)
    {
        services.AddOptions<AnchoringOptions>().BindConfiguration(AnchoringOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ChainConnection>();
        services.TryAddSingleton<SqliteAnchorStore>();
        services.TryAddSingleton<AnchorContract>();
        services.TryAddSingleton<MerkleAnchorer>();
        services.AddHostedService(sp => sp.GetRequiredService<MerkleAnchorer>());
        return services;
    }
}
