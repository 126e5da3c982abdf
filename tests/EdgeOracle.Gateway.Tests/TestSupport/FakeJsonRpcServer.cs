using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>
/// A minimal Ethereum JSON-RPC endpoint on 127.0.0.1 for checking how the Nethereum adapters read real node answers
/// (results, revert errors) without a chain. Methods without a handler answer "method not found".
/// </summary>
public sealed class FakeJsonRpcServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, Func<JsonArray, JsonNode>> _handlers = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeJsonRpcServer()
    {
        Url = $"http://127.0.0.1:{FreePort()}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Every method called, in order.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Answers <paramref name="method"/> with a result.</summary>
    public FakeJsonRpcServer On(string method, Func<JsonArray, JsonNode> result)
    {
        _handlers[method] = result;
        return this;
    }

    /// <summary>Answers <paramref name="method"/> with a JSON-RPC error as anvil does for a revert.</summary>
    public FakeJsonRpcServer Fail(string method, int code, string message, string? data = null)
    {
        _handlers[method] = _ => throw new RpcError(code, message, data);
        return this;
    }

    /// <summary>A port that nothing listens on.</summary>
    public static string ClosedUrl() => $"http://127.0.0.1:{FreePort()}/";

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            var request = JsonNode.Parse(context.Request.InputStream)!;
            var method = request["method"]!.GetValue<string>();
            Calls.Enqueue(method);
            var response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request["id"]!.DeepClone() };
            try
            {
                response["result"] = _handlers.TryGetValue(method, out var handler)
                    ? handler(request["params"]?.AsArray() ?? [])
                    : throw new RpcError(-32601, "method not found: " + method, null);
            }
            catch (RpcError error)
            {
                response["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message, ["data"] = error.Data };
            }

            var body = Encoding.UTF8.GetBytes(response.ToJsonString());
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        await _loop;
        _stop.Dispose();
    }

    private sealed class RpcError(int code, string message, string? data) : Exception(message)
    {
        public int Code { get; } = code;

        public new string? Data { get; } = data;
    }
}
