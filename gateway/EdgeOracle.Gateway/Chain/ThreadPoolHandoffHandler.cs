using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace EdgeOracle.Gateway.Chain;

/// <summary>
/// Reads each JSON-RPC answer whole, then continues on the thread pool. With <c>Mqtt:InlineSocketCompletions</c> the
/// runtime runs socket continuations on its I/O threads, one per core, that also serve the device connections; what the
/// gateway does after a chain call (SQLite writes with an fsync, busy waits on the file's write lock) must not hold one
/// of them. Without that setting it costs one extra work item per call.
/// </summary>
internal sealed class ThreadPoolHandoffHandler : DelegatingHandler
{
    public ThreadPoolHandoffHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        // Not ConfigureAwait: Task.Yield queues the rest (Nethereum's parsing and the caller) to the thread pool.
        await Task.Yield();
        return response;
    }
}
