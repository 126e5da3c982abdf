using EdgeOracle.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddEdgeGateway();

var app = builder.Build();
app.MapGatewayApi();
app.Run();
