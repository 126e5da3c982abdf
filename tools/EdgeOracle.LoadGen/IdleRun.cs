using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace EdgeOracle.LoadGen;

/// <summary>Idle mode: connects many devices that publish nothing and measures the gateway's memory per connection.</summary>
public static class IdleRun
{
    /// <summary>Connects every device (200 at a time), waits for the gateway to settle and returns its resident memory before and after.</summary>
    public static async Task<(long Before, long After, int Connected, TimeSpan ConnectTime)> RunAsync(
        GatewayProcess gateway, string[] deviceIds, Func<string, (string, byte[])?> credential, TimeSpan settle, bool brokerPort)
    {
        await Task.Delay(settle).ConfigureAwait(false);
        var before = gateway.ResidentBytes;
        var clients = new RawMqttDevice?[deviceIds.Length];
        var started = DateTime.UtcNow;
        using var gate = new SemaphoreSlim(200);
        var connected = 0;
        await Task.WhenAll(deviceIds.Select(async (id, i) =>
        {
            await gate.WaitAsync().ConfigureAwait(false);
            try
            {
                clients[i] = await RawMqttDevice.ConnectAsync(
                    "127.0.0.1", brokerPort ? gateway.MqttPort : gateway.DevicePort, id, $"eo/v1/{id}/obs", subscribeAcks: true, credential(id),
                    CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref connected);
            }
            catch (Exception exception)
            {
                Console.Error.WriteLine($"connect {id}: {exception.Message}");
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        var connectTime = DateTime.UtcNow - started;
        await Task.Delay(settle).ConfigureAwait(false);
        var after = gateway.ResidentBytes;
        foreach (var client in clients)
        {
            if (client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }

        return (before, after, connected, connectTime);
    }
}
