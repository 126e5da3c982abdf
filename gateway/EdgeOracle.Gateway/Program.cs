using System;
using EdgeOracle.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

// appsettings.json is read from beside the binary, whatever folder the gateway is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddEdgeGateway();

var app = builder.Build();
app.MapGatewayApi();
app.Run();
