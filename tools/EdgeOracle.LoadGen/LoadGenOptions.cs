using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace EdgeOracle.LoadGen;

/// <summary>Command line of the load generator.</summary>
public sealed class LoadGenOptions
{
    /// <summary>Usage text.</summary>
    public const string Help = """
        EdgeOracle.LoadGen [load|idle] [options]
          load (default)        raw and naive recover loops, then N devices publishing pre-signed observations at QoS 1
          idle                  connect N devices that publish nothing; prints memory per idle connection
        options:
          --devices N           emulated devices (load: 1000, idle: 10000)
          --seconds S           measured phase (60)
          --warmup S            unmeasured phase before it (5)
          --floor-seconds S     duration of each recover loop (5)
          --rate R              pace the devices to R msg/s in total (default: closed loop, as fast as acks come back)
          --no-ack-subscribe    devices do not subscribe to their eo/v1/{device}/ack topic
          --broker-port         devices connect to the embedded broker (MQTTnet, Mqtt:Port) instead of the device endpoint
          --auth                devices connect with the credential of PROTOCOL.md §6 and the gateway requires it
          --max-messages M      cap of pre-signed messages per device (100000)
          --work DIR            folder for the gateway's database and logs (default: a new temp folder)
        """;

    /// <summary>load or idle.</summary>
    public string Mode { get; private set; } = "load";

    /// <summary>Number of devices.</summary>
    public int Devices { get; private set; }

    /// <summary>Measured seconds.</summary>
    public int Seconds { get; private set; } = 60;

    /// <summary>Warm-up seconds.</summary>
    public int WarmUpSeconds { get; private set; } = 5;

    /// <summary>Seconds of each recover loop.</summary>
    public int FloorSeconds { get; private set; } = 5;

    /// <summary>Total offered rate, or null for a closed loop.</summary>
    public double? Rate { get; private set; }

    /// <summary>Whether devices subscribe to their ack topic.</summary>
    public bool SubscribeAcks { get; private set; } = true;

    /// <summary>Whether devices connect to the embedded broker rather than the device endpoint.</summary>
    public bool BrokerPort { get; private set; }

    /// <summary>Whether devices authenticate (and the gateway requires it).</summary>
    public bool Authenticate { get; private set; }

    /// <summary>Cap of messages per device.</summary>
    public int MaxMessagesPerDevice { get; private set; } = 100_000;

    /// <summary>Work folder.</summary>
    public string? WorkDirectory { get; private set; }

    /// <summary>Extra environment for the gateway process.</summary>
    public Dictionary<string, string> GatewayEnvironment { get; } = [];

    /// <summary>The credential a device connects with, or null when authentication is off.</summary>
    public (string UserName, byte[] Password)? Credential(IReadOnlyList<SignedDevice> devices, string id)
    {
        if (!Authenticate)
        {
            return null;
        }

        foreach (var device in devices)
        {
            if (device.Id == id)
            {
                return DeviceCredential.Create(device.SecretKey, device.Address, DateTimeOffset.UtcNow);
            }
        }

        return null;
    }

    /// <summary>Parses the command line; null on an error or --help.</summary>
    public static LoadGenOptions? Parse(string[] args)
    {
        var options = new LoadGenOptions();
        var devices = 0;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "load" or "idle": options.Mode = args[i]; break;
                case "--devices": devices = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seconds": options.Seconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--warmup": options.WarmUpSeconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--floor-seconds": options.FloorSeconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--rate": options.Rate = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--no-ack-subscribe": options.SubscribeAcks = false; break;
                case "--auth": options.Authenticate = true; break;
                case "--broker-port": options.BrokerPort = true; break;
                case "--max-messages": options.MaxMessagesPerDevice = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--work": options.WorkDirectory = Path.GetFullPath(Next()); break;
                default: return null;
            }
        }

        options.Devices = devices > 0 ? devices : options.Mode == "idle" ? 10_000 : 1000;
        if (options.Authenticate)
        {
            options.GatewayEnvironment["Mqtt__RequireDeviceAuthentication"] = "true";
        }

        return options;
    }
}
