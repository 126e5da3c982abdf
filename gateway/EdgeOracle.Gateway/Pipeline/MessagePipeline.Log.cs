using System;
using EdgeOracle.Protocol;
using Microsoft.Extensions.Logging;

namespace EdgeOracle.Gateway.Pipeline;

/// <summary>Structured log messages of the pipeline.</summary>
public sealed partial class MessagePipeline
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Accepted {Kind} {Device} #{Sequence} {Digest}")]
        public static partial void Accepted(ILogger logger, MessageKind kind, string? device, ulong sequence, string digest);

        [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Duplicate {Kind} {Device} #{Sequence}: already stored")]
        public static partial void Duplicate(ILogger logger, MessageKind kind, string? device, ulong sequence);

        [LoggerMessage(EventId = 110, Level = LogLevel.Warning,
            Message = "Rejected {Reason} (0x{ReasonCode:x2}) on {Topic} from {ClientId}: device {Device} #{Sequence}: {Detail}")]
        public static partial void Rejected(
            ILogger logger, ReasonCode reason, byte reasonCode, string topic, string clientId, string? device, ulong sequence, string detail);

        [LoggerMessage(EventId = 120, Level = LogLevel.Error, Message = "Device registry unavailable while checking {Topic}")]
        public static partial void RegistryUnavailable(ILogger logger, string topic, Exception exception);

        [LoggerMessage(EventId = 121, Level = LogLevel.Error, Message = "Pipeline fault on {Topic} from {ClientId}; answered Unavailable")]
        public static partial void PipelineFault(ILogger logger, string topic, string clientId, Exception exception);
    }
}
