using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using Xunit;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>What tests that run the gateway as a child process on a real chain share: its settings and readiness.</summary>
public static class ChildGateway
{
    /// <summary>The chain settings of a gateway relaying to <paramref name="deployment"/> with the dev relayer, polling fast.</summary>
    public static Dictionary<string, string> ChainSettings(Deployment deployment)
    {
        var settings = new Dictionary<string, string>
        {
            ["Chain__RpcUrl"] = deployment.RpcUrl,
            ["Chain__ChainId"] = Text(deployment.ChainId),
            ["Chain__RelayerPrivateKey"] = DevAccounts.Relayer,
            ["Chain__DeviceRegistryAddress"] = deployment.DeviceRegistry,
            ["Chain__PaymentHubAddress"] = deployment.PaymentHub,
            ["Chain__RevenueDistributorAddress"] = deployment.RevenueDistributor,
            ["Chain__QuorumInsuranceAddress"] = deployment.QuorumInsurance,
            ["Chain__ReceiptPollInterval"] = "00:00:00.050",
            ["Chain__OutboxPollInterval"] = "00:00:00.100",
            ["Chain__RetryBaseDelay"] = "00:00:00.200",
            ["Chain__RetryMaxDelay"] = "00:00:02",
        };
        for (var i = 0; i < deployment.File.Tokens.Count; i++)
        {
            var token = deployment.File.Tokens[i];
            settings[$"Chain__Tokens__{i}__Address"] = token.Address.ToString();
            settings[$"Chain__Tokens__{i}__Name"] = token.Name;
            settings[$"Chain__Tokens__{i}__Version"] = token.Version;
        }

        return settings;
    }

    /// <summary>Whether <paramref name="ready"/> (the gateway's <c>/ready</c>) answers with success.</summary>
    public static async Task<bool> IsReadyAsync(HttpClient http, Uri ready)
    {
        try
        {
            return (await http.GetAsync(ready)).IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 25 ms; fails the test with <paramref name="what"/> after <paramref name="seconds"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(seconds), $"{what}: not within {seconds} s");
            await Task.Delay(25);
        }
    }

    /// <summary>
    /// Exactly once on chain: one effect for each stored (device, sequence) and none for anything else. Devices are
    /// compared in lower case; <paramref name="stored"/> must be sorted.
    /// </summary>
    public static void AssertOneEffectPerStoredMessage(IReadOnlyList<(string Device, ulong Sequence)> stored, IEnumerable<(string Device, ulong Sequence)> effects)
    {
        var perMessage = effects.GroupBy(e => (e.Device.ToLowerInvariant(), e.Sequence)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(stored, perMessage.Keys.OrderBy(key => key).ToList());
        Assert.All(perMessage, p => Assert.Equal(1, p.Value));
    }

    /// <summary>
    /// The start of the first of <paramref name="count"/> windows of <paramref name="window"/> seconds (sequence
    /// <c>s</c> reads window <c>first + s·window</c>) that all end before now, on the windows' grid, and are recent
    /// enough that QuorumInsurance still takes them (see <see cref="EdgeContracts.CreateLoneStationAsync"/>).
    /// </summary>
    public static ulong RecentWindows(int count, ulong window)
    {
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return (now / window * window) - ((ulong)count + 2) * window;
    }

    /// <summary>Puts each of <paramref name="sensors"/> alone in a region of its own; the regions' sensors by region id.</summary>
    public static async Task<Dictionary<uint, string>> LoneStationsAsync(Deployment deployment, IEnumerable<string> sensors, ulong window)
    {
        var owner = new EdgeContracts(deployment, DevAccounts.Deployer);
        var regions = new Dictionary<uint, string>();
        foreach (var sensor in sensors)
        {
            regions[await owner.CreateLoneStationAsync(sensor, (uint)window)] = sensor;
        }

        return regions;
    }

    /// <summary>
    /// The readings of lone stations (<see cref="LoneStationsAsync"/>) that took effect on chain, as (sensor, sequence):
    /// each decides its own window, so one <c>WindowDecided</c> is one reading (a reading sent again is skipped, the
    /// window being decided).
    /// </summary>
    public static async Task<List<(string Device, ulong Sequence)>> ReadingsTakenAsync(
        Nethereum.Web3.Web3 web3, Deployment deployment, IReadOnlyDictionary<uint, string> regions, ulong firstWindow, ulong window) =>
        [.. (await ChainEvents.WindowsDecidedAsync(web3, deployment))
            .Where(e => regions.ContainsKey(e.Event.RegionId))
            .Select(e => (regions[e.Event.RegionId], (e.Event.WindowStart - firstWindow) / window))];

    /// <summary>A number as configuration spells it.</summary>
    public static string Text(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
