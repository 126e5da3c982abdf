using System;
using System.Collections.Generic;
using System.Device.Gpio;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Emulator.Adc;
using EdgeOracle.Emulator.Gpio;
using EdgeOracle.Emulator.Hardware;
using EdgeOracle.Emulator.I2c;
using EdgeOracle.Emulator.Mqtt;
using EdgeOracle.Emulator.Scenarios;
using EdgeOracle.Emulator.Sensors;
using EdgeOracle.Emulator.Time;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Journal;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Sensors;
using EdgeOracle.Firmware.Core.Sensors.Bme280;
using EdgeOracle.Firmware.Core.Sensors.SoilMoisture;
using EdgeOracle.Firmware.Core.Station;

namespace EdgeOracle.Emulator.Devices
{
    /// <summary>
    /// A sensor node on a PC: the firmware core's <see cref="SensorStation"/> and <see cref="RainGauge"/>, fed by a
    /// virtual tipping-bucket gauge on a virtual GPIO pin (the pin map's rain-gauge pin), living on a virtual clock,
    /// and publishing over MQTT. <see cref="RunDaysAsync"/> plays whole days of rain in moments. With
    /// <see cref="EmulatedStationOptions.EnvironmentSensors"/> the node also has a <see cref="VirtualBme280"/> on a
    /// <see cref="VirtualI2cBus"/> and a soil probe on a <see cref="VirtualAdcChannel"/>, and
    /// <see cref="RunWeatherAsync"/> plays a scenario's weather series and faults.
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
            MessageSigner signer;
            if (options.Flash is null)
            {
                signer = options.CreateSigner(identity);
            }
            else
            {
                // The journal on the (possibly already written) flash decides where the chain resumes.
                Journal = new MessageJournal(options.Flash, options.JournalMaxMessages, 64);
                signer = new MessageSigner(
                    identity,
                    Eip712Domain.ForDeployment(options.ChainId, Firmware.Core.Crypto.Hex.Decode(options.DeviceRegistry)),
                    new MessageChain(Journal.ResumeSequence, Journal.GetLastDigest()));
            }

            Station = new SensorStation(signer, Address, FirmwareGauge, Clock, Transport, _config);
            if (Journal is not null)
            {
                Station.AttachJournal(Journal);
            }

            Transport.AckSink = Station;
            if (options.EnvironmentSensors)
            {
                AttachEnvironmentSensors(PinMap);
            }

            StationAnswers.ReportProgress(Station, Report, o => $"window {DateTimeOffset.FromUnixTimeSeconds((long)o.WindowStart):yyyy-MM-dd} closed: {Describe(o)}");
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

        /// <summary>Gets the flash journal the outbox lives in (null when <see cref="EmulatedStationOptions.Flash"/> is not set).</summary>
        public MessageJournal? Journal { get; }

        /// <summary>Gets the virtual I2C bus (null without environment sensors).</summary>
        public VirtualI2cBus? I2cBus { get; private set; }

        /// <summary>Gets the simulated BME280 (null without environment sensors).</summary>
        public VirtualBme280? Bme280 { get; private set; }

        /// <summary>Gets the soil probe's virtual ADC input (null without environment sensors).</summary>
        public VirtualAdcChannel? SoilAdc { get; private set; }

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
                    results.Add(await RunDayCoreAsync(day, WeatherDay.Mild(rainfallPerDayMm[day]), null, null, cancellationToken).ConfigureAwait(false));
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

        /// <summary>
        /// Plays a scenario's weather series day by day, with its faults applied to the virtual sensors on their days,
        /// and waits for the gateway's answer to every observation of each window.
        /// </summary>
        /// <param name="scenario">The scenario; its <see cref="Scenario.Weather"/> gives the days.</param>
        /// <param name="cancellationToken">Stops between steps.</param>
        /// <returns>
        /// One result per day the board was on; <see cref="DayResult.Environment"/> holds the other metrics' observations.
        /// On a day of <see cref="Scenario.Outages"/> the board is off: the clock passes the day with no poll, no publish
        /// and no rain counted. When it is back (at a UTC midnight) its first poll closes the window it had open (signed and
        /// published, not in the results; <c>Gap</c> when that is more than a window late, and then the day's window is <c>Gap</c> too).
        /// </returns>
        public async Task<IReadOnlyList<DayResult>> RunWeatherAsync(Scenario scenario, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(scenario);
            List<DayResult> results = new(scenario.Weather.Count);
            await _hostLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                bool off = false;
                for (int day = 0; day < scenario.Weather.Count; day++)
                {
                    if (scenario.IsOffline(day))
                    {
                        off = true;
                        Clock.AdvanceTo(VirtualClock.UtcMidnightOf(Clock.UtcNow).AddDays(1));
                        continue;
                    }

                    if (off)
                    {
                        off = false;
                        Report(StationProgressKind.PowerChanged, 0, $"board back on at {Clock.UtcNow:yyyy-MM-dd HH:mm}");
                        Station.Poll();
                    }

                    WeatherDay? next = day + 1 < scenario.Weather.Count ? scenario.Weather[day + 1] : null;
                    results.Add(await RunDayCoreAsync(day, scenario.Weather[day], next, scenario, cancellationToken).ConfigureAwait(false));
                }
            }
            finally
            {
                _hostLoop.Release();
            }

            return results;
        }

        /// <inheritdoc />
        public async ValueTask DisposeAsync()
        {
            _adapter.Dispose();
            Controller.Dispose();
            await Transport.DisposeAsync().ConfigureAwait(false);
            _hostLoop.Dispose();
        }

        private async Task<DayResult> RunDayCoreAsync(int day, WeatherDay weather, WeatherDay? next, Scenario? scenario, CancellationToken cancellationToken)
        {
            double rainfallMm = weather.RainMm;
            if (!(rainfallMm >= 0) || double.IsInfinity(rainfallMm))
            {
                throw new ArgumentOutOfRangeException(nameof(weather), rainfallMm, "Rainfall must be a finite number of millimetres, 0 or more.");
            }

            _day = day;
            ApplyFaults(scenario, day);
            bool clogged = scenario?.IsActive(FaultSensor.RainGauge, FaultKind.Clogged, day) ?? false;
            long micrometres = clogged ? 0 : checked((long)Math.Round(rainfallMm * 1000, MidpointRounding.AwayFromZero));
            DateTimeOffset start = Clock.UtcNow;
            DateTimeOffset windowEnd = DateTimeOffset.FromUnixTimeSeconds((long)Station.WindowEnd);
            TimeSpan rest = windowEnd - start;

            // With environment sensors the day is played in sample-interval steps so the firmware samples on time;
            // a rain-only node needs only hourly steps.
            int slices = Bme280 is null
                ? SlicesPerDay
                : Math.Max(1, (int)Math.Ceiling(rest.TotalSeconds / _config.SampleIntervalSeconds));

            List<(SignedMessage Message, Observation Observation)> signed = [];
            void OnSigned(SensorStation s, SignedMessage m, Observation o)
            {
                if (o.WindowEnd == (ulong)windowEnd.ToUnixTimeSeconds())
                {
                    signed.Add((m, o));
                }
            }

            Station.ObservationSigned += OnSigned;
            try
            {
                // The rain falls in slices so that a paced run shows it and the station keeps polling meanwhile; the
                // last slice ends at midnight, where the poll closes the window.
                for (int slice = 0; slice < slices; slice++)
                {
                    long part = (micrometres * (slice + 1) / slices) - (micrometres * slice / slices);
                    DateTimeOffset sliceEnd = start + (rest * (slice + 1) / slices);
                    int tips = Gauge.Rain(part, sliceEnd - Clock.UtcNow);
                    if (tips > 0)
                    {
                        Report(StationProgressKind.RainFell, 0, $"{tips} tips by {Clock.UtcNow:yyyy-MM-dd HH:mm}");
                    }

                    if (slice == slices - 1)
                    {
                        Clock.AdvanceTo(windowEnd);
                    }

                    // The poll at midnight closes the window and takes the next day's first sample.
                    if (slice == slices - 1 && next is not null)
                    {
                        ApplyFaults(scenario, day + 1);
                    }

                    SetEnvironment(slice == slices - 1 ? next ?? weather : weather, Clock.UtcNow);
                    Station.Poll();
                    if (!double.IsPositiveInfinity(_options.Speed))
                    {
                        await Task.Delay(rest / slices / _options.Speed, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                Station.ObservationSigned -= OnSigned;
            }

            int rainIndex = signed.FindIndex(x => x.Observation.Metric == Metrics.Rainfall);
            if (rainIndex < 0)
            {
                throw new InvalidOperationException(
                    $"The window ending {windowEnd:O} closed but no observation was signed ({Station.DroppedCount} dropped: the outbox of {_config.OutboxCapacity} is full).");
            }

            byte[] reasons = await StationAnswers.WaitAsync(Station, Transport, Clock, _config, _options, signed.ConvertAll(x => x.Message), windowEnd, cancellationToken).ConfigureAwait(false);
            (SignedMessage rain, Observation observation) = signed[rainIndex];
            List<ObservationResult> environment = [];
            for (int i = 0; i < signed.Count; i++)
            {
                if (i != rainIndex)
                {
                    Observation o = signed[i].Observation;
                    environment.Add(new ObservationResult(o.Metric, o.Value, o.SampleCount, o.Flags, signed[i].Message.Sequence, reasons[i]));
                }
            }

            return new DayResult(
                day,
                DateTimeOffset.FromUnixTimeSeconds((long)observation.WindowStart),
                DateTimeOffset.FromUnixTimeSeconds((long)observation.WindowEnd),
                observation.SampleCount,
                observation.Value,
                observation.Flags,
                rain.Sequence,
                rain.Digest,
                rain.Envelope,
                reasons[rainIndex])
            {
                Environment = environment,
            };
        }

        private void AttachEnvironmentSensors(SensorNodePinMap pins)
        {
            I2cBus = new VirtualI2cBus();
            Bme280 = new VirtualBme280(seed: Address.GetHashCode(StringComparison.Ordinal));
            int address = Convert.ToInt32(pins.Bme280.Address, 16);
            I2cBus.Attach(address, Bme280);
            Bme280Sensor sensor = new(I2cBus.Open(address));
            if (!sensor.TryInitialize())
            {
                throw new InvalidOperationException("The firmware could not initialize the virtual BME280.");
            }

            Station.AttachBme280(sensor);
            AdcPins soil = pins.SoilMoisture;
            SoilAdc = new VirtualAdcChannel(seed: Address.GetHashCode(StringComparison.Ordinal) ^ 0x5A5A);
            Station.AttachSoilMoisture(new SoilMoistureProbe(SoilAdc, soil.DryRaw, soil.DryHundredths, soil.WetRaw, soil.WetHundredths));

            // The first sample is taken when the first window opens, before any scenario day is played.
            SetEnvironment(WeatherDay.Mild(0), Clock.UtcNow);
        }

        private void ApplyFaults(Scenario? scenario, int day)
        {
            if (Bme280 is null || I2cBus is null || SoilAdc is null)
            {
                return;
            }

            Bme280.Stuck = scenario?.IsActive(FaultSensor.Bme280, FaultKind.Stuck, day) ?? false;
            I2cBus.Faulted = scenario?.IsActive(FaultSensor.Bme280, FaultKind.Absent, day) ?? false;
            SoilAdc.Open = scenario?.IsActive(FaultSensor.Soil, FaultKind.Open, day) ?? false;
            SoilAdc.Failing = scenario?.IsActive(FaultSensor.Soil, FaultKind.Absent, day) ?? false;
        }

        private void SetEnvironment(WeatherDay weather, DateTimeOffset time)
        {
            if (Bme280 is null || SoilAdc is null)
            {
                return;
            }

            // Diurnal cycle: minimum at 05:00, maximum at 15:00 UTC (a cosine over the day); humidity swings against it.
            double hours = time.UtcDateTime.TimeOfDay.TotalHours;
            double swing = -Math.Cos((hours - 5) / 10 * Math.PI);
            double phase = hours is >= 5 and < 15 ? swing : -Math.Cos((hours < 5 ? hours + 24 - 15 : hours - 15) / 14 * Math.PI) * -1;
            double mean = (weather.TempMinC + weather.TempMaxC) / 2;
            double amplitude = (weather.TempMaxC - weather.TempMinC) / 2;
            Bme280.TemperatureCelsius = mean + (amplitude * phase);
            Bme280.HumidityPercent = Math.Clamp(weather.HumidityPct - (12 * phase), 0, 100);
            Bme280.PressurePascals = weather.PressureHpa * 100;

            AdcPins soil = PinMap.SoilMoisture;
            double raw = soil.DryRaw + ((soil.WetRaw - soil.DryRaw) * ((weather.SoilPct * 100) - soil.DryHundredths) / (soil.WetHundredths - soil.DryHundredths));
            SoilAdc.SetRaw((int)Math.Round(raw));
        }

        private static string Describe(Observation o) => o.Metric switch
        {
            Metrics.Rainfall => $"{o.SampleCount} tips = {o.Value / 1000.0:0.0##} mm",
            Metrics.AirTemperature => $"mean {o.Value / 100.0:0.00} °C over {o.SampleCount} samples, flags {o.Flags}",
            Metrics.RelativeHumidity => $"mean {o.Value / 1000.0:0.0} %RH over {o.SampleCount} samples, flags {o.Flags}",
            Metrics.AirPressure => $"mean {o.Value / 100.0:0.0} hPa over {o.SampleCount} samples, flags {o.Flags}",
            Metrics.SoilMoisture => $"mean {o.Value / 100.0:0.00} % soil water over {o.SampleCount} samples, flags {o.Flags}",
            _ => $"metric {o.Metric} = {o.Value}",
        };

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
