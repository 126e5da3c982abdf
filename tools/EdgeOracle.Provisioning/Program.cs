using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using EdgeOracle.Provisioning;

// edge-provision --role sensor|terminal|meter --owner-key 0x… --deployment deployment.json --out ./device-files
//                [--rpc http://127.0.0.1:8545] [--address 0x… --proof 0x… (key made on the device, which signs its registration proof)]
//                [--broker host:port] [--tls] [--wifi ssid:password] [--pinmap path]
//                [--impulses-per-kwh N] [--max-power-watts N] [--interval-seconds N] (meter)
//                [--region ID] (sensor: joins that QuorumInsurance region; the owner key must own QuorumInsurance)
// A meter registers on chain with the meter role (3); RevenueDistributor also needs the asset operator's setMeter.
// Its device.conf says role=meter and its pin map defaults to hardware/energy-meter/pinmap.json.
Dictionary<string, string> a = new(StringComparer.Ordinal);
for (int i = 0; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal))
    {
        return Usage("unexpected " + args[i]);
    }

    bool flag = i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal);
    a[args[i][2..]] = flag ? "true" : args[++i];
}

if (!a.TryGetValue("role", out string? role) || !a.TryGetValue("owner-key", out string? ownerKey)
    || !a.TryGetValue("deployment", out string? deployment) || !a.TryGetValue("out", out string? output))
{
    return Usage("--role, --owner-key, --deployment and --out are required");
}

string host = "127.0.0.1";
int port = 1884;
if (a.TryGetValue("broker", out string? broker))
{
    string[] parts = broker.Split(':');
    host = parts[0];
    port = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : port;
}

string ssid = string.Empty, password = string.Empty;
if (a.TryGetValue("wifi", out string? wifi))
{
    int colon = wifi.IndexOf(':', StringComparison.Ordinal);
    ssid = colon < 0 ? wifi : wifi[..colon];
    password = colon < 0 ? string.Empty : wifi[(colon + 1)..];
}

Dictionary<string, string> extra = new(StringComparer.Ordinal);
foreach ((string option, string key) in new[] { ("impulses-per-kwh", "meterImpulsesPerKwh"), ("max-power-watts", "meterMaxPowerWatts"), ("interval-seconds", "meterIntervalSeconds") })
{
    if (a.TryGetValue(option, out string? value))
    {
        extra[key] = value;
    }
}

uint? region = null;
if (a.TryGetValue("region", out string? regionText))
{
    if (!uint.TryParse(regionText, NumberStyles.None, CultureInfo.InvariantCulture, out uint id) || id == 0)
    {
        return Usage("--region takes a region id, a whole number from 1 (the id `edge cli insurer create-region` printed)");
    }

    region = id;
}

ProvisionResult result;
try
{
    result = await Provisioner.ProvisionAsync(new ProvisionRequest
    {
        Extra = extra,
        Role = role,
        OwnerKey = ownerKey,
        DeploymentPath = deployment,
        RpcUrl = a.GetValueOrDefault("rpc", "http://127.0.0.1:8545"),
        OutputDirectory = output,
        DeviceAddress = a.GetValueOrDefault("address"),
        RegistrationProof = a.GetValueOrDefault("proof"),
        PinMapPath = a.GetValueOrDefault("pinmap"),
        BrokerHost = host,
        BrokerPort = port,
        BrokerTls = a.ContainsKey("tls"),
        WifiSsid = ssid,
        WifiPassword = password,
        Region = region,
    });
}
catch (Exception e) when (e is ArgumentException or EdgeOracle.Devnet.ContractRevertedException)
{
    // One sentence naming what to fix; exit 1: refused.
    Console.Error.WriteLine(e.Message);
    return 1;
}

Console.WriteLine($"device {result.Device} registered as {role} (role {result.Role}) by owner {result.Owner}, tx {result.Transaction}");
if (result.Region is { } joined)
{
    Console.WriteLine($"station {result.Device} joined QuorumInsurance region {joined}, tx {result.RegionTransaction}");
}

Console.WriteLine($"wrote {result.ConfigPath}, {result.PinMapPath}" + (result.KeyPath is null ? " (key stays on the device)" : $", {result.KeyPath} (keep it secret; copy it to the device, then delete it)"));
Console.WriteLine(@"copy the folder's files to the device's I:\edgeoracle\");
return 0;

static int Usage(string problem)
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine("usage: edge-provision --role sensor|terminal|meter --owner-key 0x… --deployment deployment.json --out DIR [--rpc url] [--address 0x… --proof 0x…] [--broker host:port] [--tls] [--wifi ssid:password] [--pinmap path]");
    Console.Error.WriteLine("       sensor: [--region ID] joins that QuorumInsurance region (the owner key must own QuorumInsurance)");
    Console.Error.WriteLine("       meter: [--impulses-per-kwh N] [--max-power-watts N] [--interval-seconds N]; a meter registers on chain with role 3:");
    Console.Error.WriteLine("       RevenueDistributor checks the METER role and its own setMeter list, so the asset operator also calls setMeter.");
    return 2;
}
