using System;
using System.IO;
using System.Reflection;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace EdgeOracle.Gateway.WebConsole;

/// <summary>
/// The web console: one page (<c>GET /</c>) that shows the gateway live, fed by a server-sent event stream
/// (<c>GET /api/events</c>) of every answered message and relay attempt, and by <c>GET /api/stats</c>.
/// </summary>
public static class ConsoleEndpoints
{
    private const string PageResource = "EdgeOracle.Gateway.WebConsole.console.html";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Lazy<string> Page = new(LoadPage);

    /// <summary>Maps <c>GET /</c> (the page) and <c>GET /api/events</c> (the live stream).</summary>
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => TypedResults.Content(Page.Value, "text/html; charset=utf-8"));
        endpoints.MapGet("/api/events", StreamEventsAsync);
        return endpoints;
    }

    /// <summary>Streams gateway events as <c>text/event-stream</c> until the browser goes away or the gateway stops.</summary>
    private static async Task StreamEventsAsync(
        HttpContext context, IGatewayEvents events, IHostApplicationLifetime lifetime, CancellationToken requestAborted)
    {
        // The stream never ends by itself, and Kestrel waits for open requests when it stops (up to the host's whole
        // shutdown timeout): it ends as soon as the gateway begins to stop.
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var cancellationToken = ends.Token;
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        try
        {
            // An opening comment tells the browser the stream is live before the first event.
            await context.Response.WriteAsync(": edgeoracle console\n\n", cancellationToken).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var gatewayEvent in events.SubscribeAsync(cancellationToken).ConfigureAwait(false))
            {
                var view = ConsoleEvent.From(gatewayEvent);
                if (view is null)
                {
                    continue;
                }

                await context.Response.WriteAsync("data: " + JsonSerializer.Serialize(view, Json) + "\n\n", cancellationToken)
                    .ConfigureAwait(false);
                await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The browser closed the page or the gateway is stopping.
        }
    }

    private static string LoadPage()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(PageResource)
            ?? throw new InvalidOperationException("The console page is missing from the gateway assembly (" + PageResource + ").");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>One line of the console's live feed, as JSON.</summary>
/// <param name="Type">"message" (a device message was answered) or "relay" (a chain submission was attempted).</param>
/// <param name="At">When it happened.</param>
/// <param name="Device">The device address, lower-case hex (empty when the message could not be read).</param>
/// <param name="Kind">Observation or PaymentIntent.</param>
/// <param name="Sequence">The message's sequence number.</param>
/// <param name="Outcome">The reason name (messages) or relay status (relays).</param>
/// <param name="Success">Whether the outcome is a success.</param>
/// <param name="Detail">The pipeline's detail, the transaction hash, or the relay error.</param>
public sealed record ConsoleEvent(
    string Type, DateTimeOffset At, string Device, string Kind, ulong Sequence, string Outcome, bool Success, string Detail)
{
    /// <summary>The outcome shown for a message no contract takes (its detail says why).</summary>
    public const string NotRelayed = "stored, not relayed";

    /// <summary>The console's view of a gateway event, or null for events it does not show.</summary>
    public static ConsoleEvent? From(GatewayEvent gatewayEvent) => gatewayEvent switch
    {
        MessageAnswered { Outcome: var o } m => new ConsoleEvent(
            "message", m.At, o.Device?.ToString() ?? string.Empty, o.Kind.ToString(), o.Sequence, o.Reason.ToString(),
            (byte)o.Reason < 0x80, o.Detail),
        RelayAttempted { Outcome: var r } e => new ConsoleEvent(
            "relay", e.At, r.Device.ToString(), r.Kind.ToString(), r.Sequence,
            r.Status == RelayStatus.NotRelayed ? NotRelayed : r.Status.ToString(), r.Status == RelayStatus.Relayed,
            r.TransactionHash ?? r.Error ?? string.Empty),
        _ => null,
    };
}
