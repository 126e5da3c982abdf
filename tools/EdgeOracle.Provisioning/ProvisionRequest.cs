using System.Collections.Generic;

namespace EdgeOracle.Provisioning
{
    /// <summary>What to provision; every property documents its default.</summary>
    public sealed record ProvisionRequest
    {
        /// <summary>Gets the role: "sensor", "terminal" or "meter" (registered on chain as a sensor; device.conf says meter).</summary>
        public required string Role { get; init; }

        /// <summary>Gets the owner's private key (0x hex): the account that registers, and so owns, the device.</summary>
        public required string OwnerKey { get; init; }

        /// <summary>Gets the deployment file (written by <c>edge deploy</c>) that names the chain and the DeviceRegistry.</summary>
        public required string DeploymentPath { get; init; }

        /// <summary>Gets the JSON-RPC endpoint of the deployment's chain (the file names the chain, not the endpoint). Default "http://127.0.0.1:8545".</summary>
        public string RpcUrl { get; init; } = "http://127.0.0.1:8545";

        /// <summary>Gets the folder to write the device's files into (copy it to I:\edgeoracle\ on the board).</summary>
        public required string OutputDirectory { get; init; }

        /// <summary>
        /// Gets the address of a key the device created itself (printed at its first boot). Default null: create the key
        /// here and write it as device.key.
        /// </summary>
        public string? DeviceAddress { get; init; }

        /// <summary>
        /// Gets the registration proof of a device that holds its own key (<see cref="DeviceAddress"/>): its 65-byte
        /// signature (0x hex) over DeviceRegistration(device, owner, role) on the deployment's domain (PROTOCOL.md §8).
        /// Required with <see cref="DeviceAddress"/>; default null (a key created here signs its own proof).
        /// </summary>
        public string? RegistrationProof { get; init; }

        /// <summary>
        /// Gets the QuorumInsurance region a sensor station joins after its registration (<c>addSensor</c>; the owner
        /// key must own QuorumInsurance). Default null: the station joins no region (an insurer's <c>createRegion</c> may
        /// take it later). Refused for a terminal or a meter.
        /// </summary>
        public uint? Region { get; init; }

        /// <summary>Gets the pin map to copy next to the configuration. Default: the role's file under hardware/.</summary>
        public string? PinMapPath { get; init; }

        /// <summary>Gets the MQTT broker host. Default "127.0.0.1".</summary>
        public string BrokerHost { get; init; } = "127.0.0.1";

        /// <summary>Gets the MQTT port. Default 1884, the gateway's device endpoint (with an external broker, its port: 1883, or 8883 with TLS).</summary>
        public int BrokerPort { get; init; } = 1884;

        /// <summary>Gets whether the device connects with TLS. Default false.</summary>
        public bool BrokerTls { get; init; }

        /// <summary>Gets the Wi-Fi SSID. Default empty.</summary>
        public string WifiSsid { get; init; } = string.Empty;

        /// <summary>Gets the Wi-Fi password. Default empty.</summary>
        public string WifiPassword { get; init; } = string.Empty;

        /// <summary>Gets the SNTP server. Default "pool.ntp.org".</summary>
        public string SntpServer { get; init; } = "pool.ntp.org";

        /// <summary>
        /// Gets role-specific keys (sensor: soil calibration; terminal: token, tokenDecimals, currency; meter:
        /// meterImpulsesPerKwh, meterMaxPowerWatts from the pin map and meterIntervalSeconds 3600). Defaults are filled in.
        /// </summary>
        public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();
    }
}
