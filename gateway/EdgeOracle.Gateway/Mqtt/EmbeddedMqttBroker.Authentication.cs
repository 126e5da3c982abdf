using System;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Protocol;
using EdgeOracle.Gateway.Registry;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeOracle.Gateway.Mqtt;

/// <summary>Connection checks: the device credential of PROTOCOL.md §6.1 when <c>Mqtt:RequireDeviceAuthentication</c> is on.</summary>
public sealed partial class EmbeddedMqttBroker
{
    private async Task OnValidatingConnectionAsync(ValidatingConnectionEventArgs args)
    {
        if (!_options.RequireDeviceAuthentication)
        {
            return;
        }

        var refusal = DeviceCredentials.Check(
            _deployment.DeviceDomain, args.ClientId, args.UserName, args.RawPassword ?? [], _timeProvider.GetUtcNow(), _options.AuthenticationMaxSkew);
        var code = MqttConnectReasonCode.BadUserNameOrPassword;
        if (refusal is null)
        {
            try
            {
                var info = await _registry.GetAsync(Address.Parse(args.ClientId), args.CancellationToken).ConfigureAwait(false);
                if (!info.IsRegistered)
                {
                    (refusal, code) = ("the device is not registered, or revoked", MqttConnectReasonCode.NotAuthorized);
                }
            }
            catch (RegistryUnavailableException)
            {
                (refusal, code) = ("device registry unavailable", MqttConnectReasonCode.ServerUnavailable);
            }
        }

        if (refusal is not null)
        {
            args.ReasonCode = code;
            args.ReasonString = refusal;
            Log.ConnectionRefused(_logger, args.ClientId, refusal);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Connection of {ClientId} refused: {Reason}")]
        public static partial void ConnectionRefused(ILogger logger, string clientId, string reason);
    }
}
