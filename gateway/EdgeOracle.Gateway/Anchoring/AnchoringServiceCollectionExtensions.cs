using System;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Anchoring;

/// <summary>Registers Merkle anchoring (idle unless <c>Anchoring:ContractAddress</c> is set).</summary>
public static class AnchoringServiceCollectionExtensions
{
    /// <summary>
    /// Options, the anchor store (in the shared PostgreSQL database when <c>Storage:PostgresConnectionString</c> is set,
    /// else in the SQLite file), the contract adapter and the anchorer (which works only while it holds the submitter lease).
    /// </summary>
    public static IServiceCollection AddGatewayAnchoring(this IServiceCollection services)
    {
        services.AddOptions<AnchoringOptions>().BindConfiguration(AnchoringOptions.SectionName)
            .PostConfigure<IConfiguration>((o, configuration) =>
            {
                if (configuration[DeploymentFile.ConfigurationKey] is { Length: > 0 } path)
                {
                    DeploymentFile.Read(path).ApplyTo(o);
                }
            })
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ChainConnection>();
        services.TryAddSingleton<AnchorStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>();
            return storage.Value.UsesPostgres()
                ? new PostgresAnchorStore(storage.Value.PostgresConnectionString, sp.GetRequiredService<TimeProvider>())
                : new SqliteAnchorStore(storage, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<AnchorContract>();
        services.TryAddSingleton<MerkleAnchorer>();
        services.AddHostedService(sp => sp.GetRequiredService<MerkleAnchorer>());
        return services;
    }
}
