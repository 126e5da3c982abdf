using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Mqtt;
using MQTTnet.Formatter;
using MQTTnet.Server;

namespace EdgeOracle.Emulator.Tests.Support
{
    /// <summary>A real MQTTnet 5 broker on 127.0.0.1 and a port the OS picked.</summary>
    public sealed class InProcessBroker : IAsyncDisposable
    {
        private MqttServer _server;

        private InProcessBroker(int port)
        {
            Port = port;
            _server = Create(port);
        }

        public int Port { get; }

        /// <summary>Client id and protocol version of every connection the broker accepted.</summary>
        public ConcurrentQueue<(string ClientId, MqttProtocolVersion Version)> Connections { get; } = new();

        public MqttTransportOptions TransportOptions => new()
        {
            Port = Port,
            ReconnectDelay = TimeSpan.FromMilliseconds(100),
            PublishTimeout = TimeSpan.FromSeconds(3),
        };

        public static async Task<InProcessBroker> StartAsync()
        {
            InProcessBroker broker = new(FreePort());
            await broker._server.StartAsync();
            return broker;
        }

        public Task StopAsync() => _server.StopAsync();

        /// <summary>Starts a fresh broker on the same port (sessions and subscriptions are gone, as after a crash).</summary>
        public async Task RestartAsync()
        {
            _server.Dispose();
            _server = Create(Port);
            await _server.StartAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await _server.StopAsync();
            _server.Dispose();
        }

        private MqttServer Create(int port)
        {
            MqttServer server = new MqttServerFactory().CreateMqttServer(
                new MqttServerOptionsBuilder()
                    .WithDefaultEndpoint()
                    .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
                    .WithDefaultEndpointPort(port)
                    .Build());
            server.ValidatingConnectionAsync += e =>
            {
                Connections.Enqueue((e.ClientId, e.ProtocolVersion));
                return Task.CompletedTask;
            };
            return server;
        }

        private static int FreePort()
        {
            TcpListener listener = new(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
