using System;
using EdgeOracle.Firmware.Core.Crypto;

namespace EdgeOracle.Firmware.Core.Config
{
    /// <summary>
    /// The device configuration file the provisioning tool writes (<c>I:\edgeoracle\device.conf</c> on the ESP32):
    /// one <c>key=value</c> per line, UTF-8, <c>#</c> starts a comment line. Parsed without generics or allocation
    /// beyond the strings kept, so the device reads it with the portable core.
    /// </summary>
    /// <remarks>
    /// Keys: <c>role</c> (sensor | terminal | meter), <c>device</c> (the address the key must have), <c>chainId</c>,
    /// <c>deviceRegistry</c>, <c>brokerHost</c>, <c>brokerPort</c>, <c>brokerTls</c> (true | false), <c>wifiSsid</c>,
    /// <c>wifiPassword</c>, <c>sntpServer</c>; sensor: <c>soilDryRaw</c>, <c>soilDryHundredths</c>, <c>soilWetRaw</c>,
    /// <c>soilWetHundredths</c>; terminal: <c>merchant</c>, <c>token</c>, <c>tokenDecimals</c>, <c>currency</c>; meter
    /// (all three required): <c>meterImpulsesPerKwh</c> (the S0 constant), <c>meterIntervalSeconds</c> (the observation
    /// window, dividing a day), <c>meterMaxPowerWatts</c> (above it a window is flagged as tamper).
    /// Unknown keys are refused, so a typo cannot silently fall back to a default.
    /// </remarks>
    public sealed class DeviceConfig
    {
        private static readonly string[] KnownKeys = new string[]
        {
            "role", "device", "chainId", "deviceRegistry", "brokerHost", "brokerPort", "brokerTls", "wifiSsid",
            "wifiPassword", "sntpServer", "soilDryRaw", "soilDryHundredths", "soilWetRaw", "soilWetHundredths",
            "merchant", "token", "tokenDecimals", "currency", "meterImpulsesPerKwh", "meterIntervalSeconds", "meterMaxPowerWatts",
        };

        private static readonly string[] MeterKeys = new string[] { "meterImpulsesPerKwh", "meterIntervalSeconds", "meterMaxPowerWatts" };

        private readonly string[] _values = new string[KnownKeys.Length];

        /// <summary>Gets the role: "sensor", "terminal" or "meter" (a meter is registered on chain as a sensor).</summary>
        public string Role
        {
            get { return Get("role"); }
        }

        /// <summary>Gets the device address (lower-case 0x hex) the provisioning tool registered.</summary>
        public string Device
        {
            get { return Get("device"); }
        }

        /// <summary>Gets the chain id of the deployment.</summary>
        public ulong ChainId
        {
            get { return ulong.Parse(Get("chainId")); }
        }

        /// <summary>Gets the DeviceRegistry address as 20 bytes (the EIP-712 verifying contract).</summary>
        public byte[] DeviceRegistry
        {
            get { return Address("deviceRegistry"); }
        }

        /// <summary>Gets the MQTT broker's host name.</summary>
        public string BrokerHost
        {
            get { return Get("brokerHost"); }
        }

        /// <summary>Gets the MQTT broker's port.</summary>
        public int BrokerPort
        {
            get { return int.Parse(Get("brokerPort")); }
        }

        /// <summary>Gets whether to connect with TLS.</summary>
        public bool BrokerTls
        {
            get { return Get("brokerTls") == "true"; }
        }

        /// <summary>Gets the Wi-Fi network name.</summary>
        public string WifiSsid
        {
            get { return Get("wifiSsid"); }
        }

        /// <summary>Gets the Wi-Fi password.</summary>
        public string WifiPassword
        {
            get { return Get("wifiPassword"); }
        }

        /// <summary>Gets the SNTP server.</summary>
        public string SntpServer
        {
            get { return Get("sntpServer"); }
        }

        /// <summary>Gets a meter's S0 constant, impulses per kWh.</summary>
        public uint MeterImpulsesPerKwh
        {
            get { return (uint)GetInt("meterImpulsesPerKwh"); }
        }

        /// <summary>Gets a meter's observation window, seconds (3600 when provisioned with the defaults).</summary>
        public uint MeterIntervalSeconds
        {
            get { return (uint)GetInt("meterIntervalSeconds"); }
        }

        /// <summary>Gets a meter's maximum plausible power, watts.</summary>
        public uint MeterMaxPowerWatts
        {
            get { return (uint)GetInt("meterMaxPowerWatts"); }
        }

        /// <summary>Parses a configuration file's text.</summary>
        /// <param name="text">The file's text.</param>
        /// <returns>The configuration.</returns>
        /// <exception cref="ArgumentException">A line is not <c>key=value</c>, a key is unknown or repeated, or a required key is missing.</exception>
        public static DeviceConfig Parse(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            DeviceConfig config = new DeviceConfig();
            string[] lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                int eq = line.IndexOf('=');
                if (eq <= 0)
                {
                    throw new ArgumentException("Line " + (i + 1).ToString() + " is not key=value.");
                }

                string key = line.Substring(0, eq).Trim();
                int index = IndexOf(key);
                if (index < 0)
                {
                    throw new ArgumentException("Unknown key " + key + ".");
                }

                if (config._values[index] != null)
                {
                    throw new ArgumentException("Key " + key + " appears twice.");
                }

                config._values[index] = line.Substring(eq + 1).Trim();
            }

            string[] required = new string[] { "role", "device", "chainId", "deviceRegistry", "brokerHost", "brokerPort" };
            for (int i = 0; i < required.Length; i++)
            {
                config.Get(required[i]);
            }

            string role = config.Role;
            if (role != "sensor" && role != "terminal" && role != "meter")
            {
                throw new ArgumentException("role must be sensor, terminal or meter.");
            }

            if (role == "meter")
            {
                for (int i = 0; i < MeterKeys.Length; i++)
                {
                    if (config.GetInt(MeterKeys[i]) <= 0)
                    {
                        throw new ArgumentException(MeterKeys[i] + " must be above 0.");
                    }
                }

                if (86400 % config.MeterIntervalSeconds != 0)
                {
                    throw new ArgumentException("meterIntervalSeconds must divide 86400.");
                }
            }

            return config;
        }

        /// <summary>Returns whether <paramref name="key"/> is present.</summary>
        /// <param name="key">A known key.</param>
        /// <returns>Whether the file set it.</returns>
        public bool Has(string key)
        {
            int index = IndexOf(key);
            return index >= 0 && _values[index] != null;
        }

        /// <summary>Returns a value as text.</summary>
        /// <param name="key">A known key.</param>
        /// <returns>The value.</returns>
        /// <exception cref="ArgumentException">The key is unknown or missing.</exception>
        public string Get(string key)
        {
            int index = IndexOf(key);
            if (index < 0 || _values[index] == null)
            {
                throw new ArgumentException("Missing key " + key + ".");
            }

            return _values[index];
        }

        /// <summary>Returns an integer value.</summary>
        /// <param name="key">A known key.</param>
        /// <returns>The value.</returns>
        public int GetInt(string key)
        {
            return int.Parse(Get(key));
        }

        /// <summary>Returns a 20-byte address value.</summary>
        /// <param name="key">A known key holding <c>0x</c> hex.</param>
        /// <returns>The 20 bytes.</returns>
        public byte[] Address(string key)
        {
            byte[] address = Hex.Decode(Get(key));
            if (address.Length != 20)
            {
                throw new ArgumentException(key + " must be a 20-byte address.");
            }

            return address;
        }

        private static int IndexOf(string key)
        {
            for (int i = 0; i < KnownKeys.Length; i++)
            {
                if (KnownKeys[i] == key)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
