using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Registry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EdgeOracle.LoadGen;

/// <summary>
/// A registry read from a file instead of the chain, for the load generator and the crash test, which register thousands
/// of throw-away devices. It lives here, not in the gateway: the load generator's <c>gateway</c> verb hosts the gateway
/// (<see cref="EdgeOracle.Gateway.Hosting.GatewayHost"/>) with this registry in place of the chain's. It trusts the file.
/// File format: one device a line, <c>0x&lt;address&gt; sensor|terminal [0x&lt;owner&gt;]</c> (owner defaults to the device);
/// blank lines and lines starting with <c>#</c> are skipped.
/// </summary>
public sealed class StaticDeviceRegistry : IDeviceRegistry
{
    /// <summary>Configuration key naming the devices file (set by <see cref="GatewayProcess"/>); when set, this registry replaces the chain's.</summary>
    public const string DevicesFileKey = "StaticRegistry:DevicesFile";

    private readonly FrozenDictionary<Address, DeviceInfo> _devices;

    /// <summary>Reads the devices file.</summary>
    public StaticDeviceRegistry(string path)
    {
        var devices = new Dictionary<Address, DeviceInfo>();
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var device = Address.Parse(parts[0]);
            var role = parts.Length > 1 && parts[1] == "terminal" ? DeviceRole.Terminal : DeviceRole.Sensor;
            var owner = parts.Length > 2 ? Address.Parse(parts[2]) : device;
            devices[device] = new DeviceInfo(owner, role, true);
        }

        _devices = devices.ToFrozenDictionary();
    }

    /// <summary>How many devices the file registered.</summary>
    public int Count => _devices.Count;

    /// <inheritdoc />
    public ValueTask<DeviceInfo> GetAsync(Address device, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_devices.TryGetValue(device, out var info) ? info : DeviceInfo.Unregistered);
}

/// <summary>Registration of the static registry.</summary>
public static class StaticDeviceRegistryServiceCollectionExtensions
{
    /// <summary>Replaces the chain registry by <see cref="StaticDeviceRegistry"/> when <c>StaticRegistry:DevicesFile</c> is set.</summary>
    public static IServiceCollection AddStaticDeviceRegistryIfConfigured(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[StaticDeviceRegistry.DevicesFileKey] is { Length: > 0 } path)
        {
            services.Replace(ServiceDescriptor.Singleton<IDeviceRegistry>(new StaticDeviceRegistry(path)));
        }

        return services;
    }
}
