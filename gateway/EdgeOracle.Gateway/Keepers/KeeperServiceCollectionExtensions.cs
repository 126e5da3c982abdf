using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Keepers;

/// <summary>Registers the keepers (each idle unless switched on in <c>Keepers</c>).</summary>
public static class KeeperServiceCollectionExtensions
{
    /// <summary>
    /// Options (addresses and the start block filled from <c>Chain:QuorumInsuranceAddress</c> and the deployment file),
    /// the chain adapter, the counters and the three keepers, each a hosted service that works only while this gateway
    /// holds the submitter lease.
    /// </summary>
    public static IServiceCollection AddGatewayKeepers(this IServiceCollection services)
    {
        services.AddOptions<KeeperOptions>().BindConfiguration(KeeperOptions.SectionName)
            .PostConfigure<IConfiguration>((o, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(o.QuorumInsuranceAddress) && configuration["Chain:QuorumInsuranceAddress"] is { Length: > 0 } quorum)
                {
                    o.QuorumInsuranceAddress = quorum;
                }

                if (configuration[DeploymentFile.ConfigurationKey] is { Length: > 0 } path)
                {
                    var deployment = DeploymentFile.Read(path).Deployment;
                    if (string.IsNullOrWhiteSpace(o.LendingMarketAddress) && deployment.Contracts.LendingMarket is { } market)
                    {
                        o.LendingMarketAddress = market.ToString();
                    }

                    if (string.IsNullOrWhiteSpace(o.QuorumInsuranceAddress) && deployment.Contracts.QuorumInsurance is { } insurance)
                    {
                        o.QuorumInsuranceAddress = insurance.ToString();
                    }

                    if (o.StartBlock == 0)
                    {
                        o.StartBlock = deployment.DeploymentBlock;
                    }
                }
            })
            .ValidateDataAnnotations()
            .Validate(o => !o.LiquidationEnabled || IsAddress(o.LendingMarketAddress),
                "Keepers:LiquidationEnabled is on but no LendingMarket is known: set Keepers:LendingMarketAddress or Chain:DeploymentFile.")
            .Validate(o => !(o.PolicyExpiryEnabled || o.WindowsEnabled) || IsAddress(o.QuorumInsuranceAddress),
                "Keepers:PolicyExpiryEnabled or Keepers:WindowsEnabled is on but no QuorumInsurance is known: set Keepers:QuorumInsuranceAddress, Chain:QuorumInsuranceAddress or Chain:DeploymentFile.")
            .ValidateOnStart();
        services.TryAddSingleton<ChainConnection>();
        services.TryAddSingleton<IKeeperChain, NethereumKeeperChain>();
        services.TryAddSingleton<KeeperMetrics>();
        services.TryAddSingleton<LiquidationKeeper>();
        services.TryAddSingleton<PolicyExpiryKeeper>();
        services.TryAddSingleton<WindowKeeper>();
        services.AddHostedService(sp => sp.GetRequiredService<LiquidationKeeper>());
        services.AddHostedService(sp => sp.GetRequiredService<PolicyExpiryKeeper>());
        services.AddHostedService(sp => sp.GetRequiredService<WindowKeeper>());
        return services;
    }

    private static bool IsAddress(string value) =>
        value is { Length: 42 } && value.StartsWith("0x", System.StringComparison.OrdinalIgnoreCase)
        && System.Text.RegularExpressions.Regex.IsMatch(value[2..], "^[0-9a-fA-F]{40}$");
}
