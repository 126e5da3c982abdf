using System;
using System.Linq;
using Microsoft.AspNetCore.Http.Features;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Monitoring;
using EdgeOracle.Gateway.Mqtt;
using EdgeOracle.Gateway.Mqtt.Devices;
using EdgeOracle.Gateway.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeOracle.Gateway.Hosting;

/// <summary>
/// A running gateway inside the caller's process (a CLI demo, end-to-end tests):
/// <code>
/// await using var gateway = await GatewayApp.StartAsync(new GatewaySettings { Mqtt = { Port = 0, DevicePort = 0 }, Storage = { Path = db }, Chain = chain });
/// // devices connect to gateway.MqttHost:gateway.MqttPort; gateway.GetStats(), gateway.Events, gateway.HttpAddress
/// </code>
/// </summary>
public sealed class GatewayApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayApp(WebApplication app) => _app = app;

    /// <summary>The gateway's services (to resolve the store, the pipeline, …).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The host devices connect to.</summary>
    public string MqttHost => _app.Services.GetRequiredService<IMqttEndpoint>().Host;

    /// <summary>The MQTT port actually bound (the OS's pick when <c>Mqtt.Port</c> was 0).</summary>
    public int MqttPort => _app.Services.GetRequiredService<IMqttEndpoint>().Port;

    /// <summary>The device endpoint's bound port (<c>Mqtt:DevicePort</c>); 0 when it is off.</summary>
    public int DevicePort => _app.Services.GetRequiredService<DeviceEndpoint>().Port;

    /// <summary>The base address of the HTTP API (<c>/health</c>, <c>/api/stats</c>).</summary>
    public Uri HttpAddress =>
        new(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    /// <summary>Live events: every answered message and every relay attempt.</summary>
    public IGatewayEvents Events => _app.Services.GetRequiredService<IGatewayEvents>();

    /// <summary>
    /// Builds and starts a gateway with <paramref name="settings"/>. Logging providers are cleared (no console output in
    /// the caller's process); add your own in <paramref name="configureServices"/>, where any registration can also be
    /// replaced (e.g. <c>IDeviceRegistry</c> or <c>IChainClient</c> by fakes). Options are validated here: invalid
    /// settings throw <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>.
    /// </summary>
    public static async Task<GatewayApp> StartAsync(
        GatewaySettings settings,
        Action<IServiceCollection>? configureServices = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(GatewayApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings.ToConfiguration());
        builder.Logging.ClearProviders();
        builder.Services.AddEdgeGateway();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapGatewayApi();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new GatewayApp(app);
    }

    /// <summary>Counters since start: messages by reason, relay attempts by outcome.</summary>
    public GatewayStats GetStats() => _app.Services.GetRequiredService<GatewayMetrics>().Snapshot();

    /// <summary>Outbox rows by state: what was relayed, failed, or is still waiting.</summary>
    public Task<OutboxCounts> GetOutboxCountsAsync(CancellationToken cancellationToken = default) =>
        _app.Services.GetRequiredService<IRelayOutbox>().CountAsync(cancellationToken);

    /// <summary>Stops the broker, the relayer and the HTTP API.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
