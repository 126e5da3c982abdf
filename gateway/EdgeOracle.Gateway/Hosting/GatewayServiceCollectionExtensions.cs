using System;
using EdgeOracle.Gateway.Anchoring;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Ingress;
using EdgeOracle.Gateway.Ingress.External;
using EdgeOracle.Gateway.Keepers;
using EdgeOracle.Gateway.Monitoring;
using EdgeOracle.Gateway.Mqtt;
using EdgeOracle.Gateway.Mqtt.Broker;
using EdgeOracle.Gateway.Mqtt.Devices;
using EdgeOracle.Gateway.Operations;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Pipeline;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Storage;
using EdgeOracle.Gateway.Verification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Hosting;

/// <summary>Registers the gateway's concerns, one method each. Replace a registration afterwards to swap a part.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// The host's budget for stopping the gateway's services (SIGTERM, SIGINT, <see cref="GatewayApp.StopAsync"/>) when
    /// the host configuration does not set <c>shutdownTimeoutSeconds</c>: short enough that a stop ends within 5 s
    /// with the store closed after it.
    /// </summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Everything: options, shutdown, storage, pipeline, registry, MQTT ingress, relayer, Merkle anchoring, keepers, metrics, readiness and the external-broker ingress.</summary>
    public static IServiceCollection AddEdgeGateway(this IServiceCollection services) =>
        services
            .AddGatewayOptions()
            .AddGatewayShutdown()
            .AddGatewayStorage()
            .AddGatewayPipeline()
            .AddGatewayRegistry()
            .AddGatewayMqtt()
            .AddGatewayRelay()
            .AddGatewayAnchoring()
            .AddGatewayKeepers()
            .AddGatewayOperations()
            .AddGatewayExternalBroker();

    /// <summary>Binds <c>Mqtt</c>, <c>Storage</c> and <c>Chain</c> and validates them at start.</summary>
    public static IServiceCollection AddGatewayOptions(this IServiceCollection services)
    {
        services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ChainOptions>().BindConfiguration(ChainOptions.SectionName)
            .PostConfigure(o =>
            {
                if (!string.IsNullOrWhiteSpace(o.DeploymentFile))
                {
                    DeploymentFile.Read(o.DeploymentFile).ApplyTo(o);
                }
            })
            .ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>
    /// How the gateway stops. The host stops Kestrel (the console's event streams end when stopping begins), then the
    /// hosted services in the reverse order of their registration (the device endpoint and the broker let a publish already
    /// in the pipeline finish, so none reaches the pipeline or the store once they are disposed), each given what is left
    /// of <see cref="HostOptions.ShutdownTimeout"/>: <see cref="DefaultShutdownTimeout"/> unless
    /// <c>shutdownTimeoutSeconds</c> is configured (.NET's default is 30 s, so one service that does not stop would hold
    /// the process that long). The store is closed last, when the host disposes its services: queued appends are committed,
    /// the log folded. A message is committed before it is acknowledged, so a stop cut short by the timeout loses no
    /// acknowledged one.
    /// </summary>
    public static IServiceCollection AddGatewayShutdown(this IServiceCollection services)
    {
        services.AddOptions<HostOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            if (string.IsNullOrEmpty(configuration[ShutdownTimeoutKey]))
            {
                options.ShutdownTimeout = DefaultShutdownTimeout;
            }
        });
        return services;
    }

    /// <summary>
    /// The store (messages and heads: <see cref="IMessageStore"/>; the relay outbox: <see cref="IRelayOutbox"/>): SQLite
    /// (one <see cref="SqliteStoreFile"/> under both), or PostgreSQL shared with other gateways when
    /// <c>Storage:PostgresConnectionString</c> is set (<see cref="PostgresMessageStore"/>, <see cref="PostgresRelayOutbox"/>);
    /// and the outbox wake-up signal.
    /// </summary>
    public static IServiceCollection AddGatewayStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteStoreFile>();
        services.TryAddSingleton<SqliteMessageStore>();
        services.TryAddSingleton<SqliteRelayOutbox>();
        services.TryAddSingleton(sp => new PostgresMessageStore(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.PostgresConnectionString, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new PostgresRelayOutbox(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.PostgresConnectionString, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IMessageStore>(sp => UsesPostgres(sp)
            ? sp.GetRequiredService<PostgresMessageStore>()
            : sp.GetRequiredService<SqliteMessageStore>());
        services.TryAddSingleton<IRelayOutbox>(sp => UsesPostgres(sp)
            ? sp.GetRequiredService<PostgresRelayOutbox>()
            : sp.GetRequiredService<SqliteRelayOutbox>());
        services.TryAddSingleton<OutboxSignal>();
        return services;
    }

    /// <summary>The pipeline, its deployment (domains, addresses), counters and event stream, and the ingress sink in front of it.</summary>
    public static IServiceCollection AddGatewayPipeline(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Deployment>();
        services.TryAddSingleton<GatewayMetrics>();
        services.TryAddSingleton<GatewayEventHub>();
        services.TryAddSingleton<IGatewayEvents>(sp => sp.GetRequiredService<GatewayEventHub>());
        services.TryAddSingleton<MessagePipeline>();
        services.TryAddSingleton<IIngressSink, IngressSink>();
        return services;
    }

    /// <summary>
    /// The on-chain device registry behind a short-lived cache, and its event follower (when <c>RegistryFollower:Enabled</c>),
    /// whose state is kept in the shared PostgreSQL database when <c>Storage:PostgresConnectionString</c> is set.
    /// </summary>
    public static IServiceCollection AddGatewayRegistry(this IServiceCollection services)
    {
        services.TryAddSingleton<ChainConnection>();
        services.AddOptions<RegistryFollowerOptions>().BindConfiguration(RegistryFollowerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<RegistryStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>();
            return storage.Value.UsesPostgres() ? new PostgresRegistryStore(storage.Value.PostgresConnectionString) : new SqliteRegistryStore(storage);
        });
        services.TryAddSingleton<RegistryFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<RegistryFollower>());
        services.TryAddSingleton<IDeviceRegistry>(sp =>
        {
            IDeviceRegistry cached = new CachingDeviceRegistry(
                new ChainDeviceRegistry(sp.GetRequiredService<ChainConnection>(), sp.GetRequiredService<IOptions<ChainOptions>>()),
                sp.GetRequiredService<IOptions<ChainOptions>>().Value.RegistryCacheTtl,
                sp.GetRequiredService<TimeProvider>());
            return sp.GetRequiredService<IOptions<RegistryFollowerOptions>>().Value.Enabled
                ? new FollowedDeviceRegistry(sp.GetRequiredService<RegistryFollower>(), cached)
                : cached;
        });
        return services;
    }

    /// <summary>
    /// The device endpoint and the embedded MQTT broker, each handing messages to <see cref="IIngressSink"/>; in
    /// external-broker mode (<c>ExternalBroker:Host</c> set) neither is started, and the external broker is where devices
    /// connect (<see cref="IMqttEndpoint"/>).
    /// </summary>
    public static IServiceCollection AddGatewayMqtt(this IServiceCollection services)
    {
        services.TryAddSingleton<EmbeddedMqttBroker>();
        services.TryAddSingleton<IMqttEndpoint>(sp => sp.GetRequiredService<IOptions<ExternalBrokerOptions>>().Value.Enabled
            ? sp.GetRequiredService<ExternalBrokerIngress>()
            : sp.GetRequiredService<EmbeddedMqttBroker>());
        services.TryAddSingleton<DeviceEndpoint>();
        services.AddHostedService<EmbeddedIngressHost>();
        return services;
    }

    /// <summary>The chain client, the submitter election (PostgreSQL advisory lock when configured) and the outbox relayer.</summary>
    public static IServiceCollection AddGatewayRelay(this IServiceCollection services)
    {
        services.TryAddSingleton<ChainConnection>();
        services.TryAddSingleton<IChainClient, NethereumChainClient>();
        services.AddOptions<ElectionOptions>().BindConfiguration(ElectionOptions.SectionName);
        services.TryAddSingleton<ISubmitterLease>(sp =>
        {
            var election = sp.GetRequiredService<IOptions<ElectionOptions>>().Value;
            var connectionString = string.IsNullOrWhiteSpace(election.PostgresConnectionString)
                ? sp.GetRequiredService<IOptions<StorageOptions>>().Value.PostgresConnectionString
                : election.PostgresConnectionString;
            return string.IsNullOrWhiteSpace(connectionString)
                ? new SoleSubmitter()
                : new PostgresSubmitterLease(connectionString, election.LockKey, sp.GetRequiredService<ILogger<PostgresSubmitterLease>>());
        });
        services.TryAddSingleton<RelayerMetrics>();
        services.TryAddSingleton<OutboxRelayer>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelayer>());
        return services;
    }

    // The configuration key the host reads HostOptions.ShutdownTimeout from (whole seconds).
    private const string ShutdownTimeoutKey = "shutdownTimeoutSeconds";

    private static bool UsesPostgres(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value.UsesPostgres();
}
