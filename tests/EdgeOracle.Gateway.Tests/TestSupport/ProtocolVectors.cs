using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Registry;
using EdgeOracle.Gateway.Verification;
using Nethereum.Hex.HexConvertors.Extensions;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>firmware/protocol/vectors.json (PROTOCOL.md §9), written by the firmware core.</summary>
public sealed class ProtocolVectors
{
    private static readonly Lazy<ProtocolVectors> Shared = new(Load);

    private ProtocolVectors(JsonElement root) => Root = root;

    public static ProtocolVectors Instance => Shared.Value;

    /// <summary>A clock after every vector's validAfter and before every valid vector's expiry (2027-01-15).</summary>
    public static DateTimeOffset Now { get; } = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    public JsonElement Root { get; }

    public JsonElement Domain => Root.GetProperty("domain");

    public IEnumerable<JsonElement> Keccak => Root.GetProperty("keccak").EnumerateArray();

    public IReadOnlyList<JsonElement> Observations => [.. Root.GetProperty("observations").EnumerateArray()];

    public IReadOnlyList<JsonElement> PaymentIntents => [.. Root.GetProperty("paymentIntents").EnumerateArray()];

    public IReadOnlyList<JsonElement> Rejections => [.. Root.GetProperty("rejections").EnumerateArray()];

    public JsonElement Customer => PaymentIntents[0].GetProperty("customer");

    /// <summary>The deployment the vectors were signed for.</summary>
    public Deployment Deployment() => new(
        ulong.Parse(Domain.GetProperty("chainId").GetString()!),
        Address.Parse(Domain.GetProperty("verifyingContract").GetString()!),
        Address.Parse(Customer.GetProperty("router").GetString()!),
        Address.Parse(Customer.GetProperty("tokenAddress").GetString()!),
        Customer.GetProperty("tokenName").GetString()!,
        Customer.GetProperty("tokenVersion").GetString()!);

    /// <summary>Registers the vectors' sensors and terminals (with their owners) as the notes say.</summary>
    public void RegisterDevices(FakeDeviceRegistry registry)
    {
        var devices = Root.GetProperty("registry");
        foreach (var sensor in devices.GetProperty("sensors").EnumerateArray())
        {
            registry.Register(Address.Parse(sensor.GetProperty("address").GetString()!), DeviceRole.Sensor);
        }

        foreach (var terminal in devices.GetProperty("terminals").EnumerateArray())
        {
            registry.Register(
                Address.Parse(terminal.GetProperty("address").GetString()!), DeviceRole.Terminal, terminal.GetProperty("owner").GetString()!);
        }
    }

    public static byte[] Bytes(JsonElement element, string name) => element.GetProperty(name).GetString()!.HexToByteArray();

    public static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static ulong UInt(JsonElement element, string name) => ulong.Parse(Text(element, name));

    private static ProtocolVectors Load()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var path = Path.Combine(folder.FullName, "firmware", "protocol", "vectors.json");
            if (File.Exists(path))
            {
                return new ProtocolVectors(JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone());
            }
        }

        throw new FileNotFoundException("firmware/protocol/vectors.json was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Rejection names, for <c>[MemberData]</c>.</summary>
    public static Xunit.TheoryData<string> RejectionNames => new(Instance.Rejections.Select(r => Text(r, "name")));
}
