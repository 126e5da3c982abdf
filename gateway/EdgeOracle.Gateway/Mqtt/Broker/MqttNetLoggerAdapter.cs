using System;
using MQTTnet.Diagnostics.Logger;
using Microsoft.Extensions.Logging;

namespace EdgeOracle.Gateway.Mqtt.Broker;

/// <summary>Forwards MQTTnet's own log to <see cref="ILogger"/>; its chatty Info level goes to Debug.</summary>
internal sealed class MqttNetLoggerAdapter(ILogger logger) : IMqttNetLogger
{
    public bool IsEnabled => logger.IsEnabled(LogLevel.Debug) || logger.IsEnabled(LogLevel.Warning);

    public void Publish(MqttNetLogLevel level, string source, string message, object[] parameters, Exception exception)
    {
        var logLevel = level switch
        {
            MqttNetLogLevel.Verbose => LogLevel.Trace,
            MqttNetLogLevel.Info => LogLevel.Debug,
            MqttNetLogLevel.Warning => LogLevel.Warning,
            _ => LogLevel.Error,
        };
        if (!logger.IsEnabled(logLevel))
        {
            return;
        }

        var text = parameters is { Length: > 0 } ? string.Format(System.Globalization.CultureInfo.InvariantCulture, message, parameters) : message;
#pragma warning disable CA1848, CA2254 // MQTTnet hands over preformatted text; there is no template to cache.
        logger.Log(logLevel, exception, "[{Source}] {Message}", source, text);
#pragma warning restore CA1848, CA2254
    }
}
