using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Mqtt;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Station;

namespace EdgeOracle.Emulator.Devices
{
    /// <summary>What the emulated sensor node and the emulated meter share around the core's station: progress reports and waiting for the gateway.</summary>
    internal static class StationAnswers
    {
        /// <summary>Turns the station's events into progress reports; <paramref name="closed"/> describes a signed window.</summary>
        public static void ReportProgress(SensorStation station, Action<StationProgressKind, ulong, string> report, Func<Observation, string> closed)
        {
            station.ObservationSigned += (_, message, observation) => report(
                StationProgressKind.ObservationSigned,
                message.Sequence,
                $"{closed(observation)}; signed observation #{message.Sequence}");
            station.ObservationPublished += (_, message, attempt) => report(
                StationProgressKind.ObservationPublished,
                message.Sequence,
                attempt == 1 ? $"published #{message.Sequence} on {station.Topic}" : $"re-sent #{message.Sequence} (attempt {attempt})");
            station.ObservationAnswered += (_, message, reason, action) => report(
                StationProgressKind.AckReceived,
                message.Sequence,
                $"gateway answered #{message.Sequence}: {ReasonCodes.Name(reason)} → {action}");
            station.ObservationDropped += (_, start, _, count) => report(
                StationProgressKind.ObservationDropped,
                0,
                $"outbox full: window {DateTimeOffset.FromUnixTimeSeconds((long)start):yyyy-MM-dd HH:mm} ({count} samples) was not signed");
        }

        /// <summary>
        /// Polls <paramref name="station"/> until the gateway gave a final answer to every one of <paramref name="messages"/>;
        /// a "retry later" answer waits out the firmware's ack timeout on the virtual clock.
        /// </summary>
        /// <returns>The final reason code of each message, in order.</returns>
        public static async Task<byte[]> WaitAsync(
            SensorStation station,
            MqttTransport transport,
            VirtualClock clock,
            SensorStationConfig config,
            EmulatedDeviceOptions options,
            List<SignedMessage> messages,
            DateTimeOffset windowEnd,
            CancellationToken cancellationToken)
        {
            byte?[] final = new byte?[messages.Count];
            int pending = messages.Count;
            bool retryLater = false;
            void OnAnswered(SensorStation s, SignedMessage m, byte reason, AckAction action)
            {
                int index = messages.FindIndex(x => x.Sequence == m.Sequence);
                if (index < 0)
                {
                    return;
                }

                if (action is AckAction.Forget or AckAction.Drop)
                {
                    if (final[index] is null)
                    {
                        pending--;
                    }

                    final[index] = reason;
                }
                else if (action == AckAction.RetryLater)
                {
                    retryLater = true;
                }
            }

            // A "retry later" answer waits out the firmware's ack timeout; on the virtual clock that takes no real time.
            void Poll()
            {
                if (retryLater)
                {
                    retryLater = false;
                    clock.Advance(TimeSpan.FromMilliseconds(config.AckTimeoutMilliseconds));
                }

                station.Poll();
            }

            station.ObservationAnswered += OnAnswered;
            try
            {
                await HostLoop.PollUntilAsync(
                    transport,
                    Poll,
                    () => pending == 0,
                    options.AckTimeout,
                    () => $"The device published observation #{messages[0].Sequence}{(messages.Count > 1 ? $" and {messages.Count - 1} more" : "")} (window ending {windowEnd:yyyy-MM-dd HH:mm}) on {station.Topic}, "
                        + $"but {pending} final acknowledgement(s) did not arrive on {transport.AckTopic} within {options.AckTimeout.TotalSeconds:0.#} s "
                        + $"(broker {options.Mqtt.Host}:{options.Mqtt.Port}, transport {(transport.IsConnected ? "connected" : "disconnected")}, "
                        + $"{transport.AcksReceived} acks received). Is a gateway subscribed to {Topics.ObservationFilter}?",
                    cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                station.ObservationAnswered -= OnAnswered;
            }

            byte[] reasons = new byte[final.Length];
            for (int i = 0; i < final.Length; i++)
            {
                reasons[i] = final[i]!.Value;
            }

            return reasons;
        }
    }
}
