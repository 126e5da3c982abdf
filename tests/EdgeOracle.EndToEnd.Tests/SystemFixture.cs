using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

/// <summary>
/// One whole local system (anvil, the deployed contracts, the in-process gateway) shared by the end-to-end tests.
/// Every test provisions its own devices, so tests do not see each other's state. Gateway log entries at Error or
/// above are collected: a test fails if the gateway logged one it should not have.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    private LocalEdgeSystem? _system;

    /// <summary>The running system.</summary>
    public LocalEdgeSystem System => _system ?? throw new InvalidOperationException("System not started.");

    /// <summary>Errors the gateway logged.</summary>
    public ConcurrentQueue<string> GatewayErrors { get; } = new();

    public async Task InitializeAsync()
    {
        _system = await LocalEdgeSystem.StartAsync(
            configureGateway: services => services.AddLogging(b => b.AddProvider(new ErrorCollector(GatewayErrors))))
            .ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        if (_system != null)
        {
            await _system.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Fails with the gateway's logged errors, if there are any.</summary>
    public void AssertGatewayLoggedNoErrors() =>
        Assert.True(GatewayErrors.IsEmpty, "The gateway logged errors:\n" + string.Join("\n", GatewayErrors.Take(10)));
}

/// <summary>A logging provider that keeps the gateway's entries at <paramref name="minimum"/> or above (Error by default) in a queue.</summary>
internal sealed class ErrorCollector(ConcurrentQueue<string> sink, LogLevel minimum = LogLevel.Error) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Collector(categoryName, sink, minimum);

    public void Dispose()
    {
    }

    private sealed class Collector(string category, ConcurrentQueue<string> sink, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= minimum)
            {
                sink.Enqueue(category + ": " + formatter(state, exception) + (exception is null ? string.Empty : " " + exception.Message));
            }
        }
    }
}

/// <summary>Tests in this collection share one system.</summary>
[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "local system";
}
