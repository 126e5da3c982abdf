using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Anchoring;
using EdgeOracle.Gateway.WebConsole;
using EdgeOracle.Gateway.Monitoring;
using EdgeOracle.Gateway.Mqtt;
using EdgeOracle.Gateway.Operations;
using EdgeOracle.Gateway.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeOracle.Gateway.Hosting;

/// <summary>Answer of <c>GET /health</c>.</summary>
/// <param name="Status">"ok" while the gateway serves.</param>
/// <param name="MqttHost">Where devices connect.</param>
/// <param name="MqttPort">The bound MQTT port.</param>
public sealed record HealthResponse(string Status, string MqttHost, int MqttPort);

/// <summary>Answer of <c>GET /api/stats</c>.</summary>
/// <param name="Counters">Messages by reason and relay attempts by outcome since start.</param>
/// <param name="StoredMessages">Messages in the store (all time).</param>
/// <param name="Outbox">Outbox rows by state (all time).</param>
public sealed record StatsResponse(GatewayStats Counters, long StoredMessages, OutboxCounts Outbox);

/// <summary>The gateway's minimal HTTP API.</summary>
public static class GatewayApi
{
    /// <summary>Maps <c>GET /health</c>, <c>GET /api/stats</c>, <c>GET /api/proofs/{device}/{sequence}</c>, <c>GET /metrics</c>, <c>GET /ready</c> and the web console (<c>GET /</c>, <c>GET /api/events</c>).</summary>
    public static IEndpointRouteBuilder MapGatewayApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", Health);
        endpoints.MapGroup("/api").MapGet("/stats", StatsAsync);
        endpoints.MapAnchoringApi();
        endpoints.MapOperationsApi();
        endpoints.MapConsole();
        return endpoints;
    }

    private static Ok<HealthResponse> Health(IMqttEndpoint mqtt) =>
        TypedResults.Ok(new HealthResponse("ok", mqtt.Host, mqtt.Port));

    private static async Task<Ok<StatsResponse>> StatsAsync(
        GatewayMetrics metrics, IMessageStore store, IRelayOutbox outbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(new StatsResponse(
            metrics.Snapshot(),
            await store.CountMessagesAsync(cancellationToken).ConfigureAwait(false),
            await outbox.CountAsync(cancellationToken).ConfigureAwait(false)));
}
