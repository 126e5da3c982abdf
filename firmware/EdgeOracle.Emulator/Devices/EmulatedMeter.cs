using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Gpio;
using EdgeOracle.Emulator.Hardware;
using EdgeOracle.Emulator.Mqtt;
using EdgeOracle.Emulator.Scenarios;
using EdgeOracle.Emulator.Sensors;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Sensors;
using EdgeOracle.Firmware.Core.Station;

namespace EdgeOracle.Emulator.Devices
{
    /// <summary>
    /// An energy meter (device role <c>meter</c>) on a PC: the firmware core's <see cref="SensorStation"/> run with an
    /// <see cref="EnergyMeter"/>, fed by a <see cref="VirtualS0Output"/> on the pin map's S0 pin, living on a virtual
    /// clock and publishing one energy observation per window over MQTT. <see cref="RunDaysAsync"/> plays production
    /// days (sunny, cloudy, grid outage) in moments; <see cref="RunProductionAsync"/> plays a scenario's production with
    /// its meter tamper faults.
    /// </summary>
    /// <remarks>
    /// A grid outage stops the installation and the meter board together: no pulses and no polls for its hours. When
    /// the board is back, its first poll closes the window it last opened, late, so that window and the next are marked
    /// <c>Gap</c> (and the stale one carries no energy). A tamper day puts pulses at twice the installation's maximum power
    /// on the line from 12:00 to 13:00 UTC; the firmware signs those windows <c>OutOfRange</c> with no energy.
    /// </remarks>
    public sealed class EmulatedMeter : IAsyncDisposable
    {
        private const int TamperHour = 12;
        private readonly EmulatedMeterOptions _options;
        private readonly SensorStationConfig _config;
        private readonly PulseInputAdapter _adapter;
        private readonly SemaphoreSlim _hostLoop = new(1, 1);
        private bool _boardDown;
        private int _day;

        private EmulatedMeter(EmulatedMeterOptions options)
        {
            _options = options;
            _config = options.Station ?? SensorStationConfig.ForMeter();
            if (_config.WindowSeconds > 3600 || 3600 % _config.WindowSeconds != 0)
            {
                throw new ArgumentException("The emulated meter plays windows that divide an hour (e.g. 900, 1800 or 3600 s).", nameof(options));
            }

            PinMap = options.PinMap ?? EnergyMeterPinMap.LoadEmbedded();
            S0InputPins pins = PinMap.S0Input;

            Clock = new VirtualClock(options.Start);
            Gpio = new VirtualGpioDriver();
            Controller = new GpioController(Gpio);
            FirmwareMeter = new EnergyMeter(pins.DebounceMs, pins.ImpulsesPerKwh, pins.MaxPowerWatts);
            _adapter = new PulseInputAdapter(Controller, pins.Gpio, PinMode.InputPullDown, PinEventTypes.Rising, Clock, FirmwareMeter.Pulses.Record);
            S0 = new VirtualS0Output(Gpio, pins.Gpio, Clock, pins.ImpulsesPerKwh, pins.DebounceMs, options.BouncesPerEdge);

            DeviceIdentity identity = options.CreateIdentity();
            Address = identity.AddressHex;
            Transport = new MqttTransport(Address, options.Mqtt);
            Station = new SensorStation(options.CreateSigner(identity), Address, FirmwareMeter, Clock, Transport, _config);
            Transport.AckSink = Station;
            StationAnswers.ReportProgress(Station, Report, o => $"window {DateTimeOffset.FromUnixTimeSeconds((long)o.WindowStart):yyyy-MM-dd HH:mm} closed: {o.SampleCount} pulses = {o.Value} Wh, flags {o.Flags}");
        }

        /// <summary>Raised (on the caller's thread) as windows are played, for a CLI to print.</summary>
        public event EventHandler<StationProgress>? Progress;

        /// <summary>Gets the device address, lower-case <c>0x</c> hex.</summary>
        public string Address { get; }

        /// <summary>Gets the pin map the meter was wired from.</summary>
        public EnergyMeterPinMap PinMap { get; }

        /// <summary>Gets the virtual clock the firmware lives on.</summary>
        public VirtualClock Clock { get; }

        /// <summary>Gets the virtual GPIO driver behind <see cref="Controller"/>.</summary>
        public VirtualGpioDriver Gpio { get; }

        /// <summary>Gets the GPIO controller the S0 input adapter uses.</summary>
        public GpioController Controller { get; }

        /// <summary>Gets the simulated production meter's S0 output (the hardware).</summary>
        public VirtualS0Output S0 { get; }

        /// <summary>Gets the firmware's S0 pulse counter and energy conversion.</summary>
        public EnergyMeter FirmwareMeter { get; }

        /// <summary>Gets the firmware's station (outbox, counters, events).</summary>
        public SensorStation Station { get; }

        /// <summary>Gets the MQTT transport.</summary>
        public MqttTransport Transport { get; }

        /// <summary>Creates the meter, connects it to the broker and opens its first window.</summary>
        /// <param name="options">Key, deployment, broker and simulation settings.</param>
        /// <param name="cancellationToken">Cancels connecting.</param>
        /// <returns>The running meter.</returns>
        public static async Task<EmulatedMeter> StartAsync(EmulatedMeterOptions options, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(options);
            EmulatedMeter meter = new(options);
            return await HostLoop.StartAsync(meter, meter.Transport, meter.OpenFirstWindow, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Plays one simulated UTC day per entry, from the clock's current day: each window's production pulses on the
        /// S0 line, the clock passes the window's end, the firmware signs and publishes its observation, and the call
        /// waits for the gateway's answer before the next window.
        /// </summary>
        /// <param name="days">The production days.</param>
        /// <param name="cancellationToken">Stops between windows.</param>
        /// <returns>One result per day.</returns>
        /// <exception cref="TimeoutException">No final answer came within <see cref="EmulatedDeviceOptions.AckTimeout"/>.</exception>
        public Task<IReadOnlyList<MeterDayResult>> RunDaysAsync(IReadOnlyList<ProductionDay> days, CancellationToken cancellationToken = default) =>
            RunAsync(days, null, cancellationToken);

        /// <summary>Plays a scenario's <see cref="Scenario.Production"/> with its meter faults (<see cref="FaultKind.Tamper"/>); see <see cref="RunDaysAsync"/>.</summary>
        /// <param name="scenario">The scenario.</param>
        /// <param name="cancellationToken">Stops between windows.</param>
        /// <returns>One result per day.</returns>
        public Task<IReadOnlyList<MeterDayResult>> RunProductionAsync(Scenario scenario, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(scenario);
            return RunAsync(scenario.Production, scenario, cancellationToken);
        }

        /// <inheritdoc />
        public async ValueTask DisposeAsync()
        {
            _adapter.Dispose();
            Controller.Dispose();
            await Transport.DisposeAsync().ConfigureAwait(false);
            _hostLoop.Dispose();
        }

        private async Task<IReadOnlyList<MeterDayResult>> RunAsync(IReadOnlyList<ProductionDay> days, Scenario? scenario, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(days);
            List<MeterDayResult> results = new(days.Count);
            await _hostLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                for (int day = 0; day < days.Count; day++)
                {
                    bool tamper = scenario?.IsActive(FaultSensor.Meter, FaultKind.Tamper, day) ?? false;
                    results.Add(await RunDayCoreAsync(day, days[day], tamper, cancellationToken).ConfigureAwait(false));
                }
            }
            finally
            {
                _hostLoop.Release();
            }

            return results;
        }

        private async Task<MeterDayResult> RunDayCoreAsync(int day, ProductionDay production, bool tamper, CancellationToken cancellationToken)
        {
            _day = day;
            DateTimeOffset date = VirtualClock.UtcMidnightOf(Clock.UtcNow);
            TimeSpan window = TimeSpan.FromSeconds(_config.WindowSeconds);
            double fraction = window.TotalHours;
            double produced = 0;
            List<MeterWindowResult> windows = [];
            for (DateTimeOffset start = date; start < date.AddDays(1); start += window)
            {
                DateTimeOffset end = start + window;
                if (end <= Clock.UtcNow)
                {
                    continue;
                }

                int hour = start.Hour;
                if (production.IsOutage(hour))
                {
                    if (!_boardDown)
                    {
                        _boardDown = true;
                        Report(StationProgressKind.PowerChanged, 0, $"grid outage at {Clock.UtcNow:yyyy-MM-dd HH:mm}: installation and meter board off");
                    }

                    Clock.AdvanceTo(end);
                    continue;
                }

                if (_boardDown)
                {
                    // Power is back: the board boots and polls before the installation produces again.
                    _boardDown = false;
                    Report(StationProgressKind.PowerChanged, 0, $"power back at {Clock.UtcNow:yyyy-MM-dd HH:mm}");
                    await PollAsync(windows, cancellationToken).ConfigureAwait(false);
                }

                double wattHours = production.WattHoursInHour(hour) * fraction;
                int injected = tamper && hour == TamperHour ? checked((int)(2 * FirmwareMeter.MaxPulses(_config.WindowSeconds))) : 0;
                produced += wattHours;
                int pulses = S0.Produce(wattHours, end - Clock.UtcNow, injected);
                if (pulses > 0)
                {
                    Report(StationProgressKind.EnergyProduced, 0, $"{pulses} S0 pulses by {Clock.UtcNow:yyyy-MM-dd HH:mm}" + (injected > 0 ? $" ({injected} injected)" : string.Empty));
                }

                await PollAsync(windows, cancellationToken).ConfigureAwait(false);
                if (!double.IsPositiveInfinity(_options.Speed))
                {
                    await Task.Delay(window / _options.Speed, cancellationToken).ConfigureAwait(false);
                }
            }

            return new MeterDayResult(day, date, produced, windows);
        }

        /// <summary>Polls the firmware now; if that signed observations, waits for the gateway's answers and records them.</summary>
        private async Task PollAsync(List<MeterWindowResult> into, CancellationToken cancellationToken)
        {
            List<(SignedMessage Message, Observation Observation)> signed = [];
            void OnSigned(SensorStation s, SignedMessage m, Observation o) => signed.Add((m, o));
            Station.ObservationSigned += OnSigned;
            try
            {
                Station.Poll();
            }
            finally
            {
                Station.ObservationSigned -= OnSigned;
            }

            if (signed.Count == 0)
            {
                return;
            }

            DateTimeOffset windowEnd = DateTimeOffset.FromUnixTimeSeconds((long)signed[^1].Observation.WindowEnd);
            byte[] reasons = await StationAnswers.WaitAsync(Station, Transport, Clock, _config, _options, signed.ConvertAll(x => x.Message), windowEnd, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < signed.Count; i++)
            {
                (SignedMessage m, Observation o) = signed[i];
                into.Add(new MeterWindowResult(
                    DateTimeOffset.FromUnixTimeSeconds((long)o.WindowStart),
                    DateTimeOffset.FromUnixTimeSeconds((long)o.WindowEnd),
                    o.SampleCount,
                    o.Value,
                    o.Flags,
                    m.Sequence,
                    m.Digest,
                    m.Envelope,
                    reasons[i]));
            }
        }

        private void OpenFirstWindow()
        {
            Station.Poll();
            if (!Station.WindowOpen)
            {
                throw new InvalidOperationException(
                    $"The meter opened no window: its clock starts at {_options.Start:O}, before the firmware trusts it.");
            }
        }

        private void Report(StationProgressKind kind, ulong sequence, string text) =>
            Progress?.Invoke(this, new StationProgress(kind, _day, Clock.UtcNow, sequence, text));
    }
}
