using System;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Hosting;
using EdgeOracle.Gateway.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>
/// A whole gateway started in-process through <see cref="GatewayApp"/>: real broker on an OS-picked port, real SQLite
/// file, fake registry and clock (and the relayer off unless a chain client is given).
/// </summary>
public sealed class RunningGateway : IAsyncDisposable
{
    private RunningGateway(GatewayApp app, TempDirectory temp, FakeDeviceRegistry registry, FakeTimeProvider time, CapturingLoggerProvider logs)
    {
        App = app;
        Temp = temp;
        Registry = registry;
        Time = time;
        Logs = logs;
    }

    public GatewayApp App { get; }

    public TempDirectory Temp { get; }

    public FakeDeviceRegistry Registry { get; }

    public FakeTimeProvider Time { get; }

    public CapturingLoggerProvider Logs { get; }

    public static async Task<RunningGateway> StartAsync(Action<IServiceCollection>? configure = null, Gateway.Chain.IChainClient? chain = null)
    {
        var temp = new TempDirectory();
        var registry = new FakeDeviceRegistry();
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds((long)TestDevice.Now));
        var logs = new CapturingLoggerProvider();
        var settings = TestChain.Settings(temp.File("gateway.db"), relayEnabled: chain is not null);
        var app = await GatewayApp.StartAsync(settings, services =>
        {
            services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton<IDeviceRegistry>(registry);
            if (chain is not null)
            {
                services.AddSingleton(chain);
            }

            configure?.Invoke(services);
        });
        return new RunningGateway(app, temp, registry, time, logs);
    }

    public Task<MqttDevice> ConnectAsync(string clientId, string filter = "eo/v1/+/ack") =>
        MqttDevice.ConnectAsync(App.MqttHost, App.MqttPort, clientId, filter);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        Temp.Dispose();
    }
}
