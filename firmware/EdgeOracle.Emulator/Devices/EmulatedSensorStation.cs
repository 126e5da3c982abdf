using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Gpio;
using EdgeOracle.Emulator.Hardware;
using EdgeOracle.Emulator.Mqtt;
using EdgeOracle.Emulator.Sensors;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Sensors;
using EdgeOracle.Firmware.Core.Station;

namespace EdgeOracle.Emulator.Devices
{
    /// <summary>
    /// A sensor node on a PC: the firmware core's <see cref="SensorStation"/> and <see cref="RainGauge"/>, fed by a
    /// virtual tipping-bucket gauge on a virtual GPIO pin (the pin map's rain-gauge pin), living on a virtual clock,
    /// and publishing over MQTT. <see cref="RunDaysAsync"/> plays whole days of rain in moments.
    /// </summary>
    public sealed class EmulatedSensorStation : IAsyncDisposable
    {
        private const int SlicesPerDay = 24;
        private readonly EmulatedStationOptions _options;
        private readonly SensorStationConfig _config;
        private readonly RainGaugeAdapter _adapter;
        private readonly SemaphoreSlim _hostLoop = new(1, 1);
        private int _day;

        private EmulatedSensorStation(EmulatedStationOptions options)
        {
            _options = options;
            _config = options.Station ?? new SensorStationConfig();
            PinMap = options.PinMap ?? SensorNodePinMap.LoadEmbedded();
            RainGaugePins pins = PinMap.RainGauge;

            Clock = new VirtualClock(options.Start);
            Gpio = new VirtualGpioDriver();
            Controller = new GpioController(Gpio);
            FirmwareGauge = new RainGauge(pins.DebounceMs, pins.MicrometresPerTip);
            _adapter = new RainGaugeAdapter(Controller, pins.Gpio, FirmwareGauge, Clock);
            Gauge = new VirtualRainGauge(Gpio, pins.Gpio, Clock, pins.MicrometresPerTip, pins.DebounceMs, options.BouncesPerEdge);

            DeviceIdentity identity = options.CreateIdentity();
            Address = identity.AddressHex;
            Transport = new MqttTransport(Address, options.Mqtt);
            Station = new SensorStation(options.CreateSigner(identity), Address, FirmwareGauge, Clock, Transport, _config);
            Transport.AckSink = Station;
            Station.ObservationSigned += (_, message, observation) => Report(
                StationProgressKind.ObservationSigned,
                message.Sequence,
                $"window {DateTimeOffset.FromUnixTimeSeconds((long)observation.WindowStart):yyyy-MM-dd} closed: {observation.SampleCount} tips = {observation.Value / 1000.0:0.0##} mm; signed observation #{message.Sequence}");
            Station.ObservationPublished += (_, message, attempt) => Report(
                StationProgressKind.ObservationPublished,
                message.Sequence,
                attempt == 1 ? $"published #{message.Sequence} on {Station.Topic}" : $"re-sent #{message.Sequence} (attempt {attempt})");
            Station.ObservationAnswered += (_, message, reason, action) => Report(
                StationProgressKind.AckReceived,
                message.Sequence,
                $"gateway answered #{message.Sequence}: {ReasonCodes.Name(reason)} → {action}");
            Station.ObservationDropped += (_, start, _, tips) => Report(
                StationProgressKind.ObservationDropped,
                0,
                $"outbox full: window {DateTimeOffset.FromUnixTimeSeconds((long)start):yyyy-MM-dd} ({tips} tips) was not signed");
        }

        /// <summary>Raised (on the caller's thread) as days are played, for a CLI to print.</summary>
        public event EventHandler<StationProgress>? Progress;

        /// <summary>Gets the device address, lower-case <c>0x</c> hex.</summary>
        public string Address { get; }

        /// <summary>Gets the pin map the station was wired from.</summary>
        public SensorNodePinMap PinMap { get; }

        /// <summary>Gets the virtual clock the firmware lives on.</summary>
        public VirtualClock Clock { get; }

        /// <summary>Gets the virtual GPIO driver behind <see cref="Controller"/>.</summary>
        public VirtualGpioDriver Gpio { get; }

        /// <summary>Gets the GPIO controller the rain-gauge adapter uses.</summary>
        public GpioController Controller { get; }

        /// <summary>Gets the simulated rain gauge (the hardware).</summary>
        public VirtualRainGauge Gauge { get; }

        /// <summary>Gets the firmware's tip counter.</summary>
        public RainGauge FirmwareGauge { get; }

        /// <summary>Gets the firmware's station (outbox, counters, events).</summary>
        public SensorStation Station { get; }

        /// <summary>Gets the MQTT transport.</summary>
        public MqttTransport Transport { get; }

        /// <summary>Creates the station, connects it to the broker and opens its first window.</summary>
        /// <param name="options">Key, deployment, broker and simulation settings.</param>
        /// <param name="cancellationToken">Cancels connecting.</param>
        /// <returns>The running station.</returns>
        public static async Task<EmulatedSensorStation> StartAsync(EmulatedStationOptions options, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(options);
            EmulatedSensorStation station = new(options);
            return await HostLoop.StartAsync(station, station.Transport, station.OpenFirstWindow, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Plays one simulated day per entry: the day's rain falls on the gauge, the clock passes UTC midnight, the
        /// station signs and publishes its observation, and the call waits for the gateway's answer.
        /// </summary>
        /// <param name="rainfallPerDayMm">Rain per day in millimetres (0.2 mm per tip; remainders carry over).</param>
        /// <param name="cancellationToken">Stops between steps.</param>
        /// <returns>One result per day.</returns>
        /// <exception cref="TimeoutException">No final answer came within <see cref="EmulatedDeviceOptions.AckTimeout"/>.</exception>
        public async Task<IReadOnlyList<DayResult>> RunDaysAsync(IReadOnlyList<double> rainfallPerDayMm, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(rainfallPerDayMm);
            List<DayResult> results = new(rainfallPerDayMm.Count);
            await _hostLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                for (int day = 0; day < rainfallPerDayMm.Count; day++)
                {
                    results.Add(await RunDayCoreAsync(day, rainfallPerDayMm[day], cancellationToken).ConfigureAwait(false));
                }
            }
            finally
            {
                _hostLoop.Release();
            }

            return results;
        }

        /// <summary>Plays the rest of the current window with <paramref name="rainfallMm"/> of rain; see <see cref="RunDaysAsync"/>.</summary>
        /// <param name="rainfallMm">Rain in millimetres.</param>
        /// <param name="cancellationToken">Stops between steps.</param>
        /// <returns>The day's result.</returns>
        public async Task<DayResult> RunDayAsync(double rainfallMm, CancellationToken cancellationToken = default)
        {
            IReadOnlyList<DayResult> results = await RunDaysAsync([rainfallMm], cancellationToken).ConfigureAwait(false);
            return results[0];
        }

        /// <inheritdoc />
        public async ValueTask DisposeAsync()
        {
            _adapter.Dispose();
            Controller.Dispose();
            await Transport.DisposeAsync().ConfigureAwait(false);
            _hostLoop.Dispose();
        }

        private async Task<DayResult> RunDayCoreAsync(int day, double rainfallMm, CancellationToken cancellationToken)
        {
            if (!(rainfallMm >= 0) || double.IsInfinity(rainfallMm))
            {
                throw new ArgumentOutOfRangeException(nameof(rainfallMm), rainfallMm, "Rainfall must be a finite number of millimetres, 0 or more.");
            }

            _day = day;
            long micrometres = checked((long)Math.Round(rainfallMm * 1000, MidpointRounding.AwayFromZero));
            DateTimeOffset start = Clock.UtcNow;
            DateTimeOffset windowEnd = DateTimeOffset.FromUnixTimeSeconds((long)Station.WindowEnd);
            TimeSpan rest = windowEnd - start;

            SignedMessage? signed = null;
            Observation? observation = null;
            void OnSigned(SensorStation s, SignedMessage m, Observation o)
            {
                if (o.WindowEnd == (ulong)windowEnd.ToUnixTimeSeconds())
                {
                    signed = m;
                    observation = o;
                }
            }

            Station.ObservationSigned += OnSigned;
            try
            {
                // The rain falls in hourly slices so that a paced run shows it and the station keeps polling
                // meanwhile; the last slice ends at midnight, where the poll closes the window.
                for (int slice = 0; slice < SlicesPerDay; slice++)
                {
                    long part = (micrometres * (slice + 1) / SlicesPerDay) - (micrometres * slice / SlicesPerDay);
                    DateTimeOffset sliceEnd = start + (rest * (slice + 1) / SlicesPerDay);
                    int tips = Gauge.Rain(part, sliceEnd - Clock.UtcNow);
                    if (tips > 0)
                    {
                        Report(StationProgressKind.RainFell, 0, $"{tips} tips by {Clock.UtcNow:yyyy-MM-dd HH:mm}");
                    }

                    if (slice == SlicesPerDay - 1)
                    {
                        Clock.AdvanceTo(windowEnd);
                    }

                    Station.Poll();
                    if (!double.IsPositiveInfinity(_options.Speed))
                    {
                        await Task.Delay(rest / SlicesPerDay / _options.Speed, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                Station.ObservationSigned -= OnSigned;
            }

            if (signed is null || observation is null)
            {
                throw new InvalidOperationException(
                    $"The window ending {windowEnd:O} closed but no observation was signed ({Station.DroppedCount} dropped: the outbox of {_config.OutboxCapacity} is full).");
            }

            byte reason = await WaitForAnswerAsync(signed, windowEnd, cancellationToken).ConfigureAwait(false);
            return new DayResult(
                day,
                DateTimeOffset.FromUnixTimeSeconds((long)observation.WindowStart),
                DateTimeOffset.FromUnixTimeSeconds((long)observation.WindowEnd),
                observation.SampleCount,
                observation.Value,
                observation.Flags,
                signed.Sequence,
                signed.Digest,
                signed.Envelope,
                reason);
        }

        private async Task<byte> WaitForAnswerAsync(SignedMessage signed, DateTimeOffset windowEnd, CancellationToken cancellationToken)
        {
            byte? final = null;
            bool retryLater = false;
            void OnAnswered(SensorStation s, SignedMessage m, byte reason, AckAction action)
            {
                if (m.Sequence != signed.Sequence)
                {
                    return;
                }

                if (action is AckAction.Forget or AckAction.Drop)
                {
                    final = reason;
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
                    Clock.Advance(TimeSpan.FromMilliseconds(_config.AckTimeoutMilliseconds));
                }

                Station.Poll();
            }

            Station.ObservationAnswered += OnAnswered;
            try
            {
                await HostLoop.PollUntilAsync(
                    Transport,
                    Poll,
                    () => final is not null,
                    _options.AckTimeout,
                    () => $"Sensor station {Address} published observation #{signed.Sequence} (window ending {windowEnd:yyyy-MM-dd}) on {Station.Topic}, "
                        + $"but no final acknowledgement arrived on {Transport.AckTopic} within {_options.AckTimeout.TotalSeconds:0.#} s "
                        + $"(broker {_options.Mqtt.Host}:{_options.Mqtt.Port}, transport {(Transport.IsConnected ? "connected" : "disconnected")}, "
                        + $"{Transport.AcksReceived} acks received). Is a gateway subscribed to {Topics.ObservationFilter}?",
                    cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Station.ObservationAnswered -= OnAnswered;
            }

            return final!.Value;
        }

        private void OpenFirstWindow()
        {
            Station.Poll();
            if (!Station.WindowOpen)
            {
                throw new InvalidOperationException(
                    $"The station opened no window: its clock starts at {_options.Start:O}, before the firmware trusts it.");
            }
        }

        private void Report(StationProgressKind kind, ulong sequence, string text) =>
            Progress?.Invoke(this, new StationProgress(kind, _day, Clock.UtcNow, sequence, text));
    }
}
