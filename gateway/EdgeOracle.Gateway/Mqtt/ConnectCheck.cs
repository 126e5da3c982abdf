using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Registry;

namespace EdgeOracle.Gateway.Mqtt;

/// <summary>
/// The connect-time check of PROTOCOL.md §6.1, shared by the embedded broker and the device endpoint: when
/// <c>Mqtt:RequireDeviceAuthentication</c> is on, a client must present its device credential and be registered.
/// </summary>
internal sealed class ConnectCheck(MqttOptions options, Verification.Deployment deployment, IDeviceRegistry registry, TimeProvider timeProvider)
{
    /// <summary>MQTT 5 CONNACK reason codes the check answers with.</summary>
    public const byte BadUserNameOrPassword = 0x86, NotAuthorized = 0x87, ServerUnavailable = 0x88;

    /// <summary>Null when the client may connect, else the CONNACK reason code and the reason string.</summary>
    public async Task<(byte Code, string Reason)?> RefuseAsync(
        string clientId, string? userName, ReadOnlyMemory<byte> password, CancellationToken cancellationToken)
    {
        if (!options.RequireDeviceAuthentication)
        {
            return null;
        }

        var refusal = DeviceCredentials.Check(
            deployment.DeviceDomain, clientId, userName, password.Span, timeProvider.GetUtcNow(), options.AuthenticationMaxSkew);
        if (refusal is not null)
        {
            return (BadUserNameOrPassword, refusal);
        }

        try
        {
            var info = await registry.GetAsync(Address.Parse(clientId), cancellationToken).ConfigureAwait(false);
            return info.IsRegistered ? null : (NotAuthorized, "the device is not registered, or revoked");
        }
        catch (RegistryUnavailableException)
        {
            return (ServerUnavailable, "device registry unavailable");
        }
    }
}
