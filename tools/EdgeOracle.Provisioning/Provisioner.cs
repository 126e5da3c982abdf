using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Firmware.Core.Config;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Provisioning
{
    /// <summary>Provisions one device: key, configuration folder, on-chain registration.</summary>
    public static class Provisioner
    {
        // secp256k1 group order n; a private key must be in [1, n-1].
        private static readonly byte[] Order = Hex.Decode("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

        /// <summary>Runs the provisioning and returns what was done.</summary>
        /// <param name="request">What to provision.</param>
        /// <returns>The device address, the files written and the registration transaction.</returns>
        public static async Task<ProvisionResult> ProvisionAsync(ProvisionRequest request)
        {
            ArgumentNullException.ThrowIfNull(request);
            byte role = request.Role switch
            {
                "sensor" => DeviceRoles.Sensor,
                "meter" => DeviceRoles.Meter,
                "terminal" => DeviceRoles.Terminal,
                _ => throw new ArgumentException("role must be sensor, terminal or meter.", nameof(request)),
            };

            if (request.Region is not null && role != DeviceRoles.Sensor)
            {
                throw new ArgumentException($"Only a sensor station joins a QuorumInsurance region, not a {request.Role}: drop --region or use --role sensor.", nameof(request));
            }

            Deployment deployment = Deployment.Load(request.DeploymentPath, request.RpcUrl);
            EdgeContracts owner = new(deployment, request.OwnerKey);
            if (request.Region is { } regionId)
            {
                await RegionAssignment.CheckAsync(owner, regionId).ConfigureAwait(false);
            }

            Directory.CreateDirectory(request.OutputDirectory);

            string address;
            string? keyPath = null;
            byte[] proof;
            if (request.DeviceAddress is null)
            {
                byte[] key = CreatePrivateKey();
                address = new DeviceIdentity(key).AddressHex;
                // The registry wants the device key's consent, naming the owner (PROTOCOL.md §8).
                proof = RegistrationProof.Sign(key, owner.From, role, deployment.ChainId, deployment.DeviceRegistry);
                keyPath = Path.Combine(request.OutputDirectory, "device.key");
                File.WriteAllBytes(keyPath, key);
                CryptographicOperations.ZeroMemory(key);
            }
            else
            {
                byte[] raw = Hex.Decode(request.DeviceAddress);
                if (raw.Length != 20)
                {
                    throw new ArgumentException("The device address must be 20 bytes of 0x hex.", nameof(request));
                }

                address = Hex.Encode(raw);
                if (request.RegistrationProof is null)
                {
                    throw new ArgumentException(
                        "A device that holds its own key must sign its registration proof (DeviceRegistration of PROTOCOL.md section 8, owner " +
                        owner.From + ", role " + role + "): pass it with --proof 0x….", nameof(request));
                }

                proof = Hex.Decode(request.RegistrationProof);
                if (proof.Length != 65)
                {
                    throw new ArgumentException("The registration proof must be 65 bytes (r, s, v) of 0x hex.", nameof(request));
                }
            }

            string pinMap = request.PinMapPath ?? DefaultPinMap(request.Role);
            string text = ConfigText(request, deployment, address, owner.From, pinMap);
            DeviceConfig.Parse(text); // the device's own parser must accept what is written
            string configPath = Path.Combine(request.OutputDirectory, "device.conf");
            File.WriteAllText(configPath, text, new UTF8Encoding(false));

            string pinMapPath = Path.Combine(request.OutputDirectory, "pinmap.json");
            File.Copy(pinMap, pinMapPath, overwrite: true);

            var receipt = await owner.RegisterDeviceAsync(address, role, proof).ConfigureAwait(false);
            if (receipt.Status?.Value != 1)
            {
                throw new InvalidOperationException("registerDevice failed (tx " + receipt.TransactionHash + ").");
            }

            string? regionTransaction = null;
            if (request.Region is { } region)
            {
                regionTransaction = (await RegionAssignment.AddAsync(owner, region, address).ConfigureAwait(false)).TransactionHash;
            }

            return new ProvisionResult(address, owner.From, role, configPath, pinMapPath, keyPath, receipt.TransactionHash)
            {
                Region = request.Region,
                RegionTransaction = regionTransaction,
            };
        }

        /// <summary>Creates a uniformly random secp256k1 private key from the OS's CSPRNG (rejection sampling).</summary>
        /// <returns>32 bytes in [1, n−1].</returns>
        public static byte[] CreatePrivateKey()
        {
            byte[] key = new byte[32];
            while (true)
            {
                RandomNumberGenerator.Fill(key);
                if (!IsZero(key) && key.AsSpan().SequenceCompareTo(Order) < 0)
                {
                    return key;
                }
            }
        }

        /// <summary>Returns the role's pin map under hardware/: sensor-node, energy-meter or pos-terminal.</summary>
        /// <param name="role">"sensor", "meter" or "terminal".</param>
        /// <returns>The pinmap.json path.</returns>
        public static string DefaultPinMap(string role)
        {
            string board = role switch
            {
                "sensor" => "sensor-node",
                "meter" => "energy-meter",
                _ => "pos-terminal",
            };
            return Path.Combine(RepoPaths.Root, "hardware", board, "pinmap.json");
        }

        private static string ConfigText(ProvisionRequest r, Deployment d, string address, string owner, string pinMap)
        {
            Dictionary<string, string> extra = new(r.Extra);
            if (r.Role == "meter")
            {
                // The installation's values default to the board's nominal ones; --set overrides them per site.
                using JsonDocument map = JsonDocument.Parse(File.ReadAllText(pinMap));
                JsonElement s0 = map.RootElement.GetProperty("s0Input");
                extra.TryAdd("meterImpulsesPerKwh", s0.GetProperty("impulsesPerKwh").GetUInt32().ToString(CultureInfo.InvariantCulture));
                extra.TryAdd("meterMaxPowerWatts", s0.GetProperty("maxPowerWatts").GetUInt32().ToString(CultureInfo.InvariantCulture));
                extra.TryAdd("meterIntervalSeconds", "3600");
            }
            else if (r.Role == "sensor")
            {
                extra.TryAdd("soilDryRaw", "3000");
                extra.TryAdd("soilDryHundredths", "0");
                extra.TryAdd("soilWetRaw", "1350");
                extra.TryAdd("soilWetHundredths", "4500");
            }
            else
            {
                extra.TryAdd("merchant", owner.ToLowerInvariant());
                extra.TryAdd("token", d.Stablecoin.ToLowerInvariant());
                extra.TryAdd("tokenDecimals", "6");
                extra.TryAdd("currency", "USD");
            }

            StringBuilder b = new();
            b.Append("# EdgeOracle device configuration, written by edge-provision ").Append(DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture)).Append('\n');
            Line(b, "role", r.Role);
            Line(b, "device", address);
            Line(b, "chainId", d.ChainId.ToString(CultureInfo.InvariantCulture));
            Line(b, "deviceRegistry", d.DeviceRegistry.ToLowerInvariant());
            Line(b, "brokerHost", r.BrokerHost);
            Line(b, "brokerPort", r.BrokerPort.ToString(CultureInfo.InvariantCulture));
            Line(b, "brokerTls", r.BrokerTls ? "true" : "false");
            Line(b, "wifiSsid", r.WifiSsid);
            Line(b, "wifiPassword", r.WifiPassword);
            Line(b, "sntpServer", r.SntpServer);
            foreach (KeyValuePair<string, string> kv in extra)
            {
                Line(b, kv.Key, kv.Value);
            }

            return b.ToString();
        }

        private static void Line(StringBuilder b, string key, string value)
        {
            if (value.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException(key + " must be one line.");
            }

            b.Append(key).Append('=').Append(value).Append('\n');
        }

        private static bool IsZero(byte[] b)
        {
            foreach (byte x in b)
            {
                if (x != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>What provisioning did.</summary>
    /// <param name="Device">The device address.</param>
    /// <param name="Owner">The owner that registered it.</param>
    /// <param name="Role">The on-chain role code (1 sensor, also for a meter; 2 terminal).</param>
    /// <param name="ConfigPath">The device.conf written.</param>
    /// <param name="PinMapPath">The pinmap.json copied.</param>
    /// <param name="KeyPath">The device.key written, or null if the device made its own key.</param>
    /// <param name="Transaction">The registration transaction hash.</param>
    public sealed record ProvisionResult(string Device, string Owner, byte Role, string ConfigPath, string PinMapPath, string? KeyPath, string Transaction)
    {
        /// <summary>Gets the QuorumInsurance region the station joined, or null when none was asked for.</summary>
        public uint? Region { get; init; }

        /// <summary>Gets the <c>addSensor</c> transaction hash, or null without a region.</summary>
        public string? RegionTransaction { get; init; }
    }
}
