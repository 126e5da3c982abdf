using System;
using System.Threading.Tasks;
using EdgeOracle.Gateway.CommandLine;
using EdgeOracle.Gateway.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeOracle.Gateway.Hosting;

/// <summary>
/// The gateway's process: the command line (<c>deploy</c>, <c>devices</c>, <c>--help</c>), or (<c>run</c> or no command)
/// the gateway hosted until it is stopped, configured by <c>appsettings.json</c>, the environment and the remaining
/// arguments. <c>Program.cs</c> is this with nothing replaced; another program can host the same gateway in its own
/// process and replace registrations (e.g. <c>IDeviceRegistry</c>) through <c>configureServices</c>.
/// </summary>
public static class GatewayHost
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Runs the command line or hosts the gateway; <paramref name="configureServices"/> runs after every gateway
    /// registration, with the host's configuration, so that what it registers replaces the gateway's.
    /// </summary>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(string[] args, Action<IServiceCollection, IConfiguration>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (GatewayCommandLine.IsCommand(args))
        {
            return await GatewayCommandLine.InvokeAsync(args).ConfigureAwait(false);
        }

        // appsettings.json is read from beside the binary, whatever folder the gateway is started from. The application
        // is the gateway's also when another program hosts it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = GatewayCommandLine.RunArguments(args),
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(GatewayHost).Assembly.GetName().Name,
        });
        builder.Services.AddEdgeGateway();

        // Read by the runtime when the first socket is made, so it is set here, before any (see MqttOptions.InlineSocketCompletions).
        if (Environment.GetEnvironmentVariable(InlineCompletions) is null
            && builder.Configuration.GetValue($"{MqttOptions.SectionName}:{nameof(MqttOptions.InlineSocketCompletions)}", true))
        {
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
        }

        configureServices?.Invoke(builder.Services, builder.Configuration);

        var app = builder.Build();
        app.MapGatewayApi();
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
