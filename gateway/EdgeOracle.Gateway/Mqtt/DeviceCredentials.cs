using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Crypto;
using EdgeOracle.Protocol.Eip712;
using EdgeOracle.Protocol.Mqtt;
using EdgeOracle.Gateway.Verification;

namespace EdgeOracle.Gateway.Mqtt;

/// <summary>
/// The device credential of PROTOCOL.md §6.1: client id = the device's address, user name = the Unix time in
/// seconds (decimal) at which the device connects, password = the 65-byte signature r ‖ s ‖ v of
/// <c>keccak256("EdgeOracle/v1/connect" ‖ deviceDomainSeparator ‖ device ‖ uint64be(time))</c>. Only the key holder can
/// produce it; the gateway accepts it within <c>Mqtt:AuthenticationMaxSkew</c> of its own clock.
/// </summary>
public static class DeviceCredentials
{
    private static readonly byte[] Prefix = Encoding.ASCII.GetBytes("EdgeOracle/v1/connect");

    /// <summary>The digest a device signs to connect at <paramref name="unixSeconds"/>.</summary>
    public static Bytes32 Digest(Eip712Domain deviceDomain, Address device, ulong unixSeconds)
    {
        Span<byte> input = stackalloc byte[Prefix.Length + Bytes32.Size + Address.Size + 8];
        Prefix.CopyTo(input);
        var at = Prefix.Length;
        deviceDomain.Separator.CopyTo(input[at..]);
        at += Bytes32.Size;
        device.CopyTo(input[at..]);
        at += Address.Size;
        BinaryPrimitives.WriteUInt64BigEndian(input[at..], unixSeconds);
        return Keccak256.Hash(input);
    }

    /// <summary>Why a credential is refused, or null when it is valid for <paramref name="clientId"/> at <paramref name="now"/>.</summary>
    public static string? Check(
        Eip712Domain deviceDomain, string clientId, string? userName, ReadOnlySpan<byte> password, DateTimeOffset now, TimeSpan maxSkew)
    {
        if (!Topics.TryParseDevice(clientId, out var device))
        {
            return "the client id must be the device's lower-case 0x address";
        }

        if (!ulong.TryParse(userName, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return "the user name must be the Unix time in seconds";
        }

        var skew = Math.Abs((double)seconds - now.ToUnixTimeSeconds());
        if (skew > maxSkew.TotalSeconds)
        {
            return $"the credential's time is {skew:F0} s away from the gateway's clock";
        }

        if (password.Length != Signature.Size)
        {
            return $"the password must be a {Signature.Size}-byte signature";
        }

        return SignatureRecovery.IsSignedBy(Digest(deviceDomain, device, seconds), Signature.Read(password), device)
            ? null
            : "the password is not the device's signature of the connect digest";
    }
}
