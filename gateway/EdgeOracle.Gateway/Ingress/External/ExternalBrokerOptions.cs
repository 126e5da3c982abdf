using System.ComponentModel.DataAnnotations;

namespace EdgeOracle.Gateway.Ingress.External;

/// <summary>
/// External-broker mode: devices publish to a broker such as Mosquitto and the gateway takes their messages from an
/// MQTT 5 shared subscription. Section <c>ExternalBroker</c>.
/// </summary>
public sealed class ExternalBrokerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "ExternalBroker";

    /// <summary>The broker's host. Empty (the default): no external broker; devices use the embedded one.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>The broker's port. Default 1883.</summary>
    [Range(1, 65_535)]
    public int Port { get; set; } = 1883;

    /// <summary>Shared-subscription group: gateways in one group share the device traffic. Default <c>eo-gateways</c>.</summary>
    [Required]
    public string ShareGroup { get; set; } = "eo-gateways";

    /// <summary>This gateway's client id at the broker (empty: <c>eo-gateway-</c> and the machine name and process id).</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>True when a broker is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
