using System;
using System.Globalization;
using EdgeOracle.Gateway.Mqtt;
using EdgeOracle.Protocol;
using Secp256k1Net;

namespace EdgeOracle.LoadGen;

/// <summary>The connect credential of PROTOCOL.md §6.1, made the way a device makes it.</summary>
public static class DeviceCredential
{
    /// <summary>User name = Unix seconds; password = the device's signature of the connect digest.</summary>
    public static (string UserName, byte[] Password) Create(byte[] secretKey, Address device, DateTimeOffset now)
    {
        var seconds = (ulong)now.ToUnixTimeSeconds();
        var password = new byte[Signature.Size];
        using var secp = new Secp256k1();
        SignedFleet.Sign(secp, DeviceCredentials.Digest(SignedFleet.Domain, device, seconds), secretKey, password);
        return (seconds.ToString(CultureInfo.InvariantCulture), password);
    }
}
