using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Ingress;
using EdgeOracle.Gateway.Monitoring;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Gateway.Pipeline;
using EdgeOracle.Gateway.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using System.Diagnostics.Metrics;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>A pipeline over a real SQLite file, a fake registry and a fake clock at <see cref="TestDevice.Now"/>.</summary>
public sealed class PipelineHarness : IDisposable
{
    private readonly ServiceProvider _metricsServices;
    private readonly ILoggerFactory _loggerFactory;

    /// <param name="deployment">Defaults to <see cref="TestChain.Deployment"/>.</param>
    /// <param name="now">Defaults to <see cref="TestDevice.Now"/>.</param>
    /// <param name="wrapStore">Puts a decorator around the SQLite store (to inject faults).</param>
    /// <param name="mqtt">Ingress options; defaults to <see cref="MqttOptions"/>' defaults.</param>
    public PipelineHarness(
        Gateway.Verification.Deployment? deployment = null,
        DateTimeOffset? now = null,
        Func<IMessageStore, IMessageStore>? wrapStore = null,
        MqttOptions? mqtt = null)
    {
        Time = new FakeTimeProvider(now ?? DateTimeOffset.FromUnixTimeSeconds((long)TestDevice.Now));
        Sqlite = new SqliteStores(Temp.File("gateway.db"), Time);
        Store = wrapStore is null ? Sqlite.Messages : wrapStore(Sqlite.Messages);
        _metricsServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Metrics = new GatewayMetrics(_metricsServices.GetRequiredService<IMeterFactory>());
        _loggerFactory = Logs.CreateFactory();
        Pipeline = new MessagePipeline(
            deployment ?? TestChain.Deployment(), Registry, Store, Outbox, Metrics, Events, Time,
            Microsoft.Extensions.Options.Options.Create(mqtt ?? new MqttOptions()), _loggerFactory.CreateLogger<MessagePipeline>());
    }

    public TempDirectory Temp { get; } = new();

    public FakeTimeProvider Time { get; }

    public SqliteStores Sqlite { get; }

    public IMessageStore Store { get; }

    public FakeDeviceRegistry Registry { get; } = new();

    public OutboxSignal Outbox { get; } = new();

    public GatewayEventHub Events { get; } = new();

    public GatewayMetrics Metrics { get; }

    /// <summary>The factory behind <see cref="Metrics"/>: its meters' scope, to tell them from other tests' meters.</summary>
    public IMeterFactory MeterFactory => _metricsServices.GetRequiredService<IMeterFactory>();

    public CapturingLoggerProvider Logs { get; } = new();

    public MessagePipeline Pipeline { get; }

    public Task<PipelineOutcome> SendAsync(SignedMessage message) => SendAsync(message.Topic, message.Payload);

    public Task<PipelineOutcome> SendAsync(string topic, byte[] payload, string clientId = "test-client") =>
        Pipeline.ProcessAsync(new IngressMessage(topic, payload, clientId), CancellationToken.None);

    public void Dispose()
    {
        Pipeline.Dispose();
        Sqlite.Dispose();
        _loggerFactory.Dispose();
        _metricsServices.Dispose();
        Temp.Dispose();
    }
}
