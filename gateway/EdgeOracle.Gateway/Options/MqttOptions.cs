using System;
using System.ComponentModel.DataAnnotations;

namespace EdgeOracle.Gateway.Options;

/// <summary>The embedded MQTT 5 broker that devices publish to. Section <c>Mqtt</c>.</summary>
public sealed class MqttOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Mqtt";

    /// <summary>IP address the broker binds to. Default <c>127.0.0.1</c>; <c>0.0.0.0</c> to accept devices on the network.</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port. Default <c>1883</c>; <c>0</c> lets the operating system pick a free port (tests), reported by <c>GatewayApp.MqttPort</c>.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 1883;

    /// <summary>
    /// TCP port of the device endpoint: MQTT 5 reduced to what a device does, served straight from the socket (see
    /// <c>DeviceEndpoint</c>). Default <c>1884</c>; <c>0</c> lets the operating system pick (tests; reported by
    /// <c>GatewayApp.DevicePort</c>); <c>-1</c> turns it off.
    /// </summary>
    [Range(-1, 65535)]
    public int DevicePort { get; set; } = 1884;

    /// <summary>
    /// Whether socket continuations run on the runtime's I/O threads (one per core) rather than being handed to the
    /// thread pool one by one: .NET's <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>, which the gateway's entry
    /// point sets before its first socket (an explicit value in the environment wins). Default <c>true</c>: a device's
    /// publish is then decoded and verified on the thread that read it, which measured 19,500 → 21,200 msg/s on two
    /// cores (tools/EdgeOracle.LoadGen/README.md). What would block such a thread is kept off it: chain calls continue on
    /// the thread pool (<c>ThreadPoolHandoffHandler</c>), store writes are awaited, Kestrel dispatches by itself. Set
    /// <c>false</c> if code added to the gateway waits synchronously after a socket read. Read at start only.
    /// </summary>
    public bool InlineSocketCompletions { get; set; } = true;

    /// <summary>
    /// Largest payload the gateway reads. Default <c>1024</c> bytes. Anything larger is refused as Oversized before it is
    /// parsed; protocol payloads are 167 and 344 bytes.
    /// </summary>
    [Range(344, 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 1024;

    /// <summary>
    /// Whether a connection may publish only on the topics of the device named by its client id (PROTOCOL.md §6: a
    /// device connects with its address as client id); other publishes are refused as NotAuthorized. Default <c>false</c>.
    /// </summary>
    public bool RequireClientIdMatchesDevice { get; set; }

    /// <summary>
    /// Whether a device must connect with the credential of PROTOCOL.md §6.1 (client id = address, user name = Unix time,
    /// password = its signature of the connect digest) and be registered; implies <see cref="RequireClientIdMatchesDevice"/>.
    /// Default <c>false</c>, so that tools and tests that connect without a credential keep working; turn it on in the field.
    /// </summary>
    public bool RequireDeviceAuthentication { get; set; }

    /// <summary>How far a credential's time may be from the gateway's clock. Default 5 minutes.</summary>
    public TimeSpan AuthenticationMaxSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Publishes per second a connection may sustain on device topics; more are refused as RateLimited. Default <c>100</c>;
    /// <c>0</c> turns the limit off.
    /// </summary>
    [Range(0, 1_000_000)]
    public double MaxPublishesPerSecond { get; set; } = 100;

    /// <summary>Publishes a connection may send in a burst above <see cref="MaxPublishesPerSecond"/>. Default <c>200</c>.</summary>
    [Range(1, 1_000_000)]
    public double PublishBurst { get; set; } = 200;
}
