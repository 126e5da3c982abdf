using System;
using EdgeOracle.Gateway.Benchmarking;
using EdgeOracle.Gateway.CommandLine;
using EdgeOracle.Gateway.Hosting;
using EdgeOracle.Gateway.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// deploy, devices, --help: the command line; run (or no command): host the gateway with the rest as configuration.
if (GatewayCommandLine.IsCommand(args))
{
    return await GatewayCommandLine.InvokeAsync(args);
}

// appsettings.json is read from beside the binary, whatever folder the gateway is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = GatewayCommandLine.RunArguments(args), ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddEdgeGateway();

// Read by the runtime when the first socket is made, so it is set here, before any (see MqttOptions.InlineSocketCompletions).
const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
if (Environment.GetEnvironmentVariable(InlineCompletions) is null
    && builder.Configuration.GetValue($"{MqttOptions.SectionName}:{nameof(MqttOptions.InlineSocketCompletions)}", true))
{
    Environment.SetEnvironmentVariable(InlineCompletions, "1");
}

// Load generator and crash test only: devices from a file instead of the chain (see Benchmarking/StaticDeviceRegistry).
builder.Services.AddStaticDeviceRegistryIfConfigured(builder.Configuration);

var app = builder.Build();
app.MapGatewayApi();
await app.RunAsync();
return 0;
