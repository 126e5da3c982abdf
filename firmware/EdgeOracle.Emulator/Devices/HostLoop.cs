using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Mqtt;

namespace EdgeOracle.Emulator.Devices
{
    /// <summary>
    /// The emulator's stand-in for a device's main loop: polls the core until a condition holds, waking at once when
    /// an ack arrives and at least every <see cref="Interval"/> otherwise.
    /// </summary>
    internal static class HostLoop
    {
        public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

        /// <summary>Connects <paramref name="device"/>'s transport and runs <paramref name="afterConnect"/>; disposes the device if either fails.</summary>
        public static async Task<T> StartAsync<T>(T device, MqttTransport transport, Action afterConnect, CancellationToken cancellationToken)
            where T : IAsyncDisposable
        {
            try
            {
                await transport.ConnectAsync(cancellationToken).ConfigureAwait(false);
                afterConnect();
                return device;
            }
            catch
            {
                await device.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>Polls until <paramref name="done"/> holds; throws <see cref="TimeoutException"/> with <paramref name="timeoutMessage"/> after <paramref name="timeout"/>.</summary>
        public static async Task PollUntilAsync(
            MqttTransport transport,
            Action poll,
            Func<bool> done,
            TimeSpan timeout,
            Func<string> timeoutMessage,
            CancellationToken cancellationToken)
        {
            using SemaphoreSlim wake = new(0);
            void OnAck(object? sender, EventArgs e) => wake.Release();
            transport.AckArrived += OnAck;
            try
            {
                long started = Stopwatch.GetTimestamp();
                poll();
                while (!done())
                {
                    if (Stopwatch.GetElapsedTime(started) > timeout)
                    {
                        throw new TimeoutException(timeoutMessage());
                    }

                    await wake.WaitAsync(Interval, cancellationToken).ConfigureAwait(false);
                    poll();
                }
            }
            finally
            {
                transport.AckArrived -= OnAck;
            }
        }
    }
}
