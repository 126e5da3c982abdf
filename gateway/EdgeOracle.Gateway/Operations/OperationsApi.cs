using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeOracle.Gateway.Operations;

/// <summary><c>GET /metrics</c> (Prometheus text format) and <c>GET /ready</c> (200 ready, 503 not).</summary>
public static class OperationsApi
{
    /// <summary>Maps the two endpoints.</summary>
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        endpoints.MapGet("/ready", ReadyAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<ReadinessResponse>, JsonHttpResult<ReadinessResponse>>> ReadyAsync(
        ReadinessCheck check, CancellationToken cancellationToken)
    {
        var result = await check.CheckAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        return result.Ready ? TypedResults.Ok(result) : TypedResults.Json(result, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
