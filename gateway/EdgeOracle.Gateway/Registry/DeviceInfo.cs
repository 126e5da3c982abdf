using EdgeOracle.Protocol;

namespace EdgeOracle.Gateway.Registry;

/// <summary>Roles of PROTOCOL.md §1 (the <c>uint8 role</c> of the registry).</summary>
public enum DeviceRole : byte
{
    /// <summary>Not registered.</summary>
    None = 0,

    /// <summary>May send observations.</summary>
    Sensor = 1,

    /// <summary>May send payment intents.</summary>
    Terminal = 2,

    /// <summary>May send observations of energy produced (metric 6), which RevenueDistributor takes.</summary>
    Meter = 3,
}

/// <summary>What <c>DeviceRegistry.deviceInfo(address)</c> returns.</summary>
public readonly record struct DeviceInfo(Address Owner, DeviceRole Role, bool Active)
{
    /// <summary>The answer for an address the registry does not know.</summary>
    public static DeviceInfo Unregistered => default;

    /// <summary>True when the device is registered (has an owner) and not revoked.</summary>
    public bool IsRegistered => Active && !Owner.IsZero;
}
