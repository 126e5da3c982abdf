using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Operations;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Tests.TestSupport;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Operations;

public sealed class OperationsApiTests
{
    [Fact]
    public async Task Metrics_ExposesMessageCountersByReason_InPrometheusFormat()
    {
        await using var gateway = await RunningGateway.StartAsync();
        var sensor = new TestDevice();
        gateway.Registry.Register(sensor, DeviceRole.Sensor);
        await using (var device = await gateway.ConnectAsync(sensor.Address))
        {
            await device.SendAsync(sensor.Observation());
        }

        using var http = new HttpClient { BaseAddress = gateway.App.HttpAddress };
        string text = string.Empty;
        for (var attempt = 0; attempt < 50 && !text.Contains("eo_gateway_messages", StringComparison.Ordinal); attempt++)
        {
            text = await http.GetStringAsync("/metrics");
            await Task.Delay(100);
        }

        Assert.Contains("# TYPE eo_gateway_messages", text, StringComparison.Ordinal);
        Assert.Contains("reason=\"Accepted\"", text, StringComparison.Ordinal);
        gateway.Logs.AssertNoErrors();
    }

    [Fact]
    public async Task Ready_Answers200_WhenBrokerAndStoreServe_EvenWithTheChainUnreachable()
    {
        await using var gateway = await RunningGateway.StartAsync();
        using var http = new HttpClient { BaseAddress = gateway.App.HttpAddress };

        var response = await http.GetAsync("/ready");
        var body = await response.Content.ReadFromJsonAsync<ReadinessResponse>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body!.Ready);
        Assert.StartsWith("listening on 127.0.0.1:", body.Mqtt, StringComparison.Ordinal);
        Assert.StartsWith("ok (0 messages)", body.Store, StringComparison.Ordinal);
        Assert.Contains("ChainUnavailableException", body.Chain, StringComparison.Ordinal);
    }
}
