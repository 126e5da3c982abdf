using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Hosting;
using EdgeOracle.Gateway.Monitoring;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Hosting;

public class GatewayAppTests
{
    [Fact]
    public async Task GatewayApp_ReportsItsOsPickedPort_AndServesHealthAndStats()
    {
        await using var gateway = await RunningGateway.StartAsync();
        await using var device = await gateway.ConnectAsync("stats-device");
        var stranger = new TestDevice();
        await device.SendAsync(stranger.Observation());
        using var http = new HttpClient { BaseAddress = gateway.App.HttpAddress };

        var health = await http.GetFromJsonAsync<JsonElement>("/health");
        var stats = await http.GetFromJsonAsync<JsonElement>("/api/stats");

        Assert.NotEqual(0, gateway.App.MqttPort);
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(gateway.App.MqttPort, health.GetProperty("mqttPort").GetInt32());
        Assert.Equal(1, stats.GetProperty("counters").GetProperty("messages").GetProperty("UnknownDevice").GetInt64());
        Assert.Equal(1, stats.GetProperty("counters").GetProperty("received").GetInt64());
        Assert.Equal(0, stats.GetProperty("storedMessages").GetInt64());
        Assert.Equal(1, gateway.App.GetStats().Messages[nameof(ReasonCode.UnknownDevice)]);
        gateway.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task GatewayApp_HandsItsErrorLogs_ToTheCallersLogger()
    {
        await using var gateway = await RunningGateway.StartAsync();
        gateway.Registry.Failure = new RegistryUnavailableException("node down");
        await using var device = await gateway.ConnectAsync("outage-device");

        var (pubAck, _, ack) = await device.SendAsync(new TestDevice().Observation());

        Assert.Equal(ReasonCode.Unavailable, ack.Reason);
        Assert.Equal(MQTTnet.MqttClientPublishReasonCode.UnspecifiedError, pubAck.ReasonCode);
        Assert.Throws<Xunit.Sdk.TrueException>(() => gateway.Logs.AssertNoErrors());
    }

    [Fact]
    public async Task GatewayApp_RefusesToStart_WithInvalidOptions()
    {
        using var temp = new TempDirectory();
        var settings = TestChain.Settings(temp.File("bad.db"));
        settings.Chain.DeviceRegistryAddress = "not-an-address";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayApp.StartAsync(settings));

        Assert.Contains(nameof(ChainOptions.DeviceRegistryAddress), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayApp_RelaysAnAcceptedMessage_ThroughTheHostedRelayer()
    {
        var chain = new FakeChainClient();
        await using var gateway = await RunningGateway.StartAsync(chain: chain);
        var sensor = new TestDevice();
        gateway.Registry.Register(sensor, DeviceRole.Sensor);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var relayed = FirstRelayAsync(gateway.App.Events, cancel.Token);
        await using var device = await gateway.ConnectAsync(sensor.Address);

        await device.SendAsync(sensor.Observation());
        var outcome = await relayed;

        Assert.Equal((RelayStatus.Relayed, sensor.GatewayAddress, 1UL), (outcome.Status, outcome.Device, outcome.Sequence));
        Assert.Equal(TestChain.Quorum, Assert.Single(chain.Calls).Contract);
        Assert.Equal(1, (await gateway.App.GetOutboxCountsAsync()).Relayed);
        gateway.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task GatewayApp_EndsTheConsoleEventStream_AsSoonAsItStops()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var http = new HttpClient { BaseAddress = gateway.App.HttpAddress };
        using var stream = await http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
        var body = stream.Content.ReadAsStringAsync();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await gateway.App.StopAsync();

        // Kestrel waits for open requests: a stream that outlived the stop would have held it for the whole budget.
        Assert.True(clock.Elapsed < GatewayServiceCollectionExtensions.DefaultShutdownTimeout, $"the stop took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.StartsWith(": edgeoracle console", await body.WaitAsync(TimeSpan.FromSeconds(5)), StringComparison.Ordinal);
        gateway.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task GatewayApp_StopsWithinTheShutdownBudget_WhenAServiceIgnoresCancellation()
    {
        var stubborn = new StubbornService();
        await using var gateway = await RunningGateway.StartAsync(services => services.AddHostedService(_ => stubborn));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await gateway.App.StopAsync();
        var took = clock.Elapsed;
        stubborn.Release();

        // The host waited for the service as long as the budget (3 s, not .NET's 30 s), then went on.
        Assert.InRange(took, GatewayServiceCollectionExtensions.DefaultShutdownTimeout - TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        Assert.True(stubborn.WasAskedToStop);
    }

    [Fact]
    public void GatewaySettings_BindBackToTheSameOptions()
    {
        var settings = TestChain.Settings("/tmp/x.db");
        settings.Chain.RegistryCacheTtl = TimeSpan.FromMilliseconds(1500);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.ToConfiguration()).Build();

        var chain = configuration.GetSection(ChainOptions.SectionName).Get<ChainOptions>()!;
        var mqtt = configuration.GetSection(MqttOptions.SectionName).Get<MqttOptions>()!;

        Assert.Equal(JsonSerializer.Serialize(settings.Chain), JsonSerializer.Serialize(chain));
        Assert.Equal(JsonSerializer.Serialize(settings.Mqtt), JsonSerializer.Serialize(mqtt));
        Assert.Equal("http://127.0.0.1:0", configuration["Urls"]);
    }

    [Theory]
    [InlineData(typeof(MqttOptions), MqttOptions.SectionName)]
    [InlineData(typeof(StorageOptions), StorageOptions.SectionName)]
    [InlineData(typeof(ChainOptions), ChainOptions.SectionName)]
    public void AppSettings_HasASectionPerOptionsClass_WithEveryPropertyAtItsDefault(Type options, string section)
    {
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))).RootElement.GetProperty(section);
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        var bound = configuration.GetSection(section).Get(options)!;
        var defaults = Activator.CreateInstance(options)!;

        foreach (var property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            Assert.True(json.TryGetProperty(property.Name, out _), $"appsettings.json lacks {section}:{property.Name}");
            Assert.Equal(property.GetValue(defaults), property.GetValue(bound));
        }
    }

    // A service that goes on after it was asked to stop, until the test releases it.
    private sealed class StubbornService : BackgroundService
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool WasAskedToStop { get; private set; }

        public void Release() => _released.TrySetResult();

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var asked = stoppingToken.Register(() => WasAskedToStop = true);
            await _released.Task;
        }
    }

    private static async Task<RelayOutcome> FirstRelayAsync(IGatewayEvents events, CancellationToken cancellationToken)
    {
        await foreach (var gatewayEvent in events.SubscribeAsync(cancellationToken))
        {
            if (gatewayEvent is RelayAttempted { Outcome: var outcome })
            {
                return outcome;
            }
        }

        throw new OperationCanceledException();
    }
}
