using System;
using System.Numerics;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Emulator.Devices;
using EdgeOracle.Emulator.Mqtt;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Emulator.Wallet;

namespace EdgeOracle.EndToEnd.Tests;

/// <summary>Builds emulated devices pointed at a local system.</summary>
internal static class Scenario
{
    /// <summary>100 tUSD in minor units (6 decimals).</summary>
    public static readonly BigInteger HundredDollars = 100_000_000;

    public static MqttTransportOptions Mqtt(LocalEdgeSystem system) => system.Mqtt();

    public static Task<EmulatedSensorStation> StartStationAsync(LocalEdgeSystem system, DeviceKey sensor, DateTimeOffset start) =>
        EmulatedSensorStation.StartAsync(system.StationOptions(sensor, start));

    public static Task<EmulatedTerminal> StartTerminalAsync(LocalEdgeSystem system, DeviceKey terminal) =>
        EmulatedTerminal.StartAsync(system.TerminalOptions(terminal));

    public static CustomerWallet Wallet(LocalEdgeSystem system, DeviceKey customer) => system.Wallet(customer);

    /// <summary>UTC midnight <paramref name="days"/> days before today: windows that end by now are not in the chain's future.</summary>
    public static DateTimeOffset DaysAgo(int days) => VirtualClock.UtcMidnightOf(DateTimeOffset.UtcNow).AddDays(-days);

    /// <summary>Polls <paramref name="read"/> until it returns <paramref name="expected"/> or the timeout passes; returns the last value read.</summary>
    public static async Task<BigInteger> WaitForAsync(Func<Task<BigInteger>> read, BigInteger expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var value = await read().ConfigureAwait(false);
        while (value != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100).ConfigureAwait(false);
            value = await read().ConfigureAwait(false);
        }

        return value;
    }
}
