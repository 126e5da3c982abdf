using System;
using System.Linq;
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
    /// the chain adapter, the counters, the price feed and the four keepers, each a hosted service that works only while this gateway
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

                    if (string.IsNullOrWhiteSpace(o.PriceOracleAddress) && deployment.Contracts.PriceOracle is { } oracle)
                    {
                        o.PriceOracleAddress = oracle.ToString();
                    }

                    if (string.IsNullOrWhiteSpace(o.PairAddresses))
                    {
                        o.PairAddresses = string.Join(',', new[] { deployment.Contracts.FxPair, deployment.Contracts.AssetPair }
                            .Where(a => a is not null).Select(a => a!.ToString()));
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
            .Validate(o => !o.OracleEnabled || string.IsNullOrWhiteSpace(o.PriceFeedUrl) || IsAddress(o.PriceOracleAddress),
                "Keepers:OracleEnabled is on with a Keepers:PriceFeedUrl but no PriceOracle is known: set Keepers:PriceOracleAddress or Chain:DeploymentFile.")
            .Validate(o => string.IsNullOrWhiteSpace(o.PriceFeedUrl)
                    || (Uri.TryCreate(o.PriceFeedUrl, UriKind.Absolute, out var feed) && (feed.Scheme == Uri.UriSchemeHttp || feed.Scheme == Uri.UriSchemeHttps)),
                "Keepers:PriceFeedUrl must be an absolute http or https URL.")
            .Validate(o => o.Pairs().All(IsAddress), "Keepers:PairAddresses must be comma-separated 0x-addresses of 40 hex digits.")
            .ValidateOnStart();
        services.TryAddSingleton<ChainConnection>();
        services.TryAddSingleton<IKeeperChain, NethereumKeeperChain>();
        services.TryAddSingleton<KeeperMetrics>();
        services.TryAddSingleton<LiquidationKeeper>();
        services.TryAddSingleton<PolicyExpiryKeeper>();
        services.TryAddSingleton<WindowKeeper>();
        services.TryAddSingleton<IPriceFeed, HttpPriceFeed>();
        services.TryAddSingleton<OracleKeeper>();
        services.AddHostedService(sp => sp.GetRequiredService<LiquidationKeeper>());
        services.AddHostedService(sp => sp.GetRequiredService<PolicyExpiryKeeper>());
        services.AddHostedService(sp => sp.GetRequiredService<WindowKeeper>());
        services.AddHostedService(sp => sp.GetRequiredService<OracleKeeper>());
        return services;
    }

    private static bool IsAddress(string value) =>
        value is { Length: 42 } && value.StartsWith("0x", System.StringComparison.OrdinalIgnoreCase)
        && System.Text.RegularExpressions.Regex.IsMatch(value[2..], "^[0-9a-fA-F]{40}$");
}
