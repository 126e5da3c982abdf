using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeOracle.Gateway.Mqtt.Broker;

/// <summary>Connection checks: the device credential of PROTOCOL.md §6.1 when <c>Mqtt:RequireDeviceAuthentication</c> is on.</summary>
public sealed partial class EmbeddedMqttBroker
{
    private async Task OnValidatingConnectionAsync(ValidatingConnectionEventArgs args)
    {
        if (await _connectCheck.RefuseAsync(args.ClientId, args.UserName, args.RawPassword ?? [], args.CancellationToken).ConfigureAwait(false)
            is not { } refusal)
        {
            return;
        }

        args.ReasonCode = (MqttConnectReasonCode)refusal.Code;
        args.ReasonString = refusal.Reason;
        Log.ConnectionRefused(_logger, args.ClientId, refusal.Reason);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Connection of {ClientId} refused: {Reason}")]
        public static partial void ConnectionRefused(ILogger logger, string clientId, string reason);
    }
}
