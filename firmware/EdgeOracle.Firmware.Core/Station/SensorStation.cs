using System;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Ports;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Firmware.Core.Sensors;
using EdgeOracle.Firmware.Core.Sensors.Bme280;
using EdgeOracle.Firmware.Core.Sensors.SoilMoisture;

namespace EdgeOracle.Firmware.Core.Station
{
    /// <summary>
    /// The sensor node's application: aggregates rain-gauge tips into one rainfall <see cref="Observation"/> per
    /// window (daily by default, aligned to UTC midnight), signs it, keeps it in a capped outbox and publishes it
    /// until the gateway acknowledges it (PROTOCOL.md §5–§7). With a BME280 and a soil-moisture probe attached it
    /// also samples them every <see cref="SensorStationConfig.SampleIntervalSeconds"/> and signs one mean
    /// observation per metric and window (temperature, humidity, pressure, soil moisture), carrying each sensor's
    /// health flags (see <see cref="MetricChannel"/>). Built with an <see cref="EnergyMeter"/> instead of a rain gauge,
    /// the station is an energy meter: one energy-produced observation per window (see <c>SensorStation.Meter.cs</c>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// The station owns no thread: the host loop calls <see cref="Poll"/> (about once a second on the device; the
    /// emulator calls it whenever it moves its virtual clock). Acknowledgements arrive on the transport's thread
    /// through <see cref="AckReceived"/>, wait in an <see cref="AckInbox"/>, and are acted on in the next poll, so
    /// all state below is touched by the host loop only.
    /// </para>
    /// <para>
    /// Outbox rules: a message leaves the outbox on a success-class ack for its exact sequence and digest, or on a
    /// refusal the protocol says to drop (counted per reason). <c>RateLimited</c> and <c>Unavailable</c> keep it
    /// and retry after the ack timeout; <c>HashChainBroken</c> keeps it and re-sends the whole outbox in order (or,
    /// when the answered message is the oldest held, so the missing one is gone, retries after the ack timeout).
    /// Unanswered messages are re-sent after the ack timeout, and all of them, oldest first, after a reconnect.
    /// When a window closes while the outbox is full, the observation is not signed at all (counted as dropped),
    /// so the hash chain never refers to a message the device no longer holds.
    /// </para>
    /// </remarks>
    public sealed partial class SensorStation : IAckSink
    {
        private readonly MessageSigner _signer;
        private readonly RainGauge? _gauge;
        private readonly EnergyMeter? _meter;
        private readonly IClock _clock;
        private readonly IMessageTransport _transport;
        private readonly SensorStationConfig _config;
        private readonly string _topic;
        private readonly Outbox _outbox;
        private readonly AckInbox _inbox;
        private readonly int[] _rejectionsByReason = new int[256];

        private bool _windowOpen;
        private ulong _windowStart;
        private ulong _windowEnd;
        private uint _windowFlags;
        private bool _wasConnected;
        private readonly MetricChannel? _rain;
        private readonly MetricChannel? _energy;
        private Bme280Sensor? _bme280;
        private SoilMoistureProbe? _soil;
        private MetricChannel? _temperature;
        private MetricChannel? _humidity;
        private MetricChannel? _pressure;
        private MetricChannel? _soilMoisture;
        private uint _tipsSeen;
        private ulong _nextSampleAt;
        private ulong _currentDay;

        /// <summary>Creates a station; it opens its first window on the first <see cref="Poll"/> with a valid clock.</summary>
        /// <param name="signer">Signs observations and advances the device's hash chain.</param>
        /// <param name="deviceHex">The device address, lower-case <c>0x</c> hex, as used in topics.</param>
        /// <param name="gauge">The rain gauge whose tips are aggregated.</param>
        /// <param name="clock">Wall-clock and monotonic time.</param>
        /// <param name="transport">Publishes to the broker.</param>
        /// <param name="config">Settings; validated here.</param>
        public SensorStation(
            MessageSigner signer,
            string deviceHex,
            RainGauge gauge,
            IClock clock,
            IMessageTransport transport,
            SensorStationConfig config)
            : this(signer, deviceHex, gauge, null, clock, transport, config)
        {
        }

        private SensorStation(
            MessageSigner signer,
            string deviceHex,
            RainGauge? gauge,
            EnergyMeter? meter,
            IClock clock,
            IMessageTransport transport,
            SensorStationConfig config)
        {
            Guard.NotNull(signer, nameof(signer));
            Guard.NotNull(deviceHex, nameof(deviceHex));
            if (meter == null)
            {
                Guard.NotNull(gauge, nameof(gauge));
            }

            Guard.NotNull(clock, nameof(clock));
            Guard.NotNull(transport, nameof(transport));
            Guard.NotNull(config, nameof(config));

            config.Validate();
            _signer = signer;
            _gauge = gauge;
            _meter = meter;
            _clock = clock;
            _transport = transport;
            _config = config;
            _topic = Topics.Observations(deviceHex);
            _outbox = new Outbox(config.OutboxCapacity);
            _inbox = new AckInbox(config.AckInboxCapacity);

            if (gauge != null)
            {
                // Hourly and daily rain totals; the tip counter cannot be stuck or out of range in a way a count shows.
                _rain = new MetricChannel(Metrics.Rainfall, true, 0, long.MaxValue, 0);
            }
            else
            {
                // One sample per window, its energy; implausible windows are judged by the meter, not by a fixed range.
                _energy = new MetricChannel(Metrics.EnergyProduced, true, 0, long.MaxValue, 0);
            }
        }

        /// <summary>Gets the rain channel: hourly and daily totals in µm, read at each sample tick; <c>null</c> for a meter.</summary>
        public MetricChannel? Rain
        {
            get { return _rain; }
        }

        /// <summary>Gets the temperature channel (0.01 °C), or <c>null</c> without a BME280.</summary>
        public MetricChannel? Temperature
        {
            get { return _temperature; }
        }

        /// <summary>Gets the humidity channel (0.001 %RH), or <c>null</c> without a BME280.</summary>
        public MetricChannel? Humidity
        {
            get { return _humidity; }
        }

        /// <summary>Gets the pressure channel (Pa), or <c>null</c> without a BME280.</summary>
        public MetricChannel? Pressure
        {
            get { return _pressure; }
        }

        /// <summary>Gets the soil-moisture channel (0.01 % VWC), or <c>null</c> without a probe.</summary>
        public MetricChannel? SoilMoisture
        {
            get { return _soilMoisture; }
        }

        /// <summary>
        /// Adds an initialized BME280: from the next sample tick the station signs temperature, humidity and pressure
        /// means per window. Plausible ranges are the sensor's operating range (datasheet §1): −40…85 °C, 0…100 %RH,
        /// 30 000…110 000 Pa.
        /// </summary>
        /// <param name="sensor">The driver, after a successful <see cref="Bme280Sensor.TryInitialize"/>.</param>
        public void AttachBme280(Bme280Sensor sensor)
        {
            Guard.NotNull(sensor, nameof(sensor));
            _bme280 = sensor;
            _temperature = new MetricChannel(Metrics.AirTemperature, false, -4000, 8500, _config.StuckLimit);
            _humidity = new MetricChannel(Metrics.RelativeHumidity, false, 0, 100000, _config.StuckLimit);
            _pressure = new MetricChannel(Metrics.AirPressure, false, 30000, 110000, _config.StuckLimit);
        }

        /// <summary>Adds a soil-moisture probe: from the next sample tick the station signs its mean per window.</summary>
        /// <param name="probe">The calibrated probe.</param>
        public void AttachSoilMoisture(SoilMoistureProbe probe)
        {
            Guard.NotNull(probe, nameof(probe));
            _soil = probe;
            _soilMoisture = new MetricChannel(Metrics.SoilMoisture, false, 0, SoilMoistureProbe.FullScaleHundredths, _config.StuckLimit);
        }

        /// <summary>Raised when a window closed and its observation was signed.</summary>
        public event ObservationSignedHandler? ObservationSigned;

        /// <summary>Raised after each publish the transport accepted.</summary>
        public event ObservationPublishedHandler? ObservationPublished;

        /// <summary>Raised for each acknowledgement that matched an outbox message.</summary>
        public event ObservationAnsweredHandler? ObservationAnswered;

        /// <summary>Raised when a window's observation was lost because the outbox was full.</summary>
        public event ObservationDroppedHandler? ObservationDropped;

        /// <summary>Gets the topic observations are published on, <c>eo/v1/{device}/obs</c>.</summary>
        public string Topic
        {
            get { return _topic; }
        }

        /// <summary>Gets the unacknowledged messages, oldest first.</summary>
        public Outbox Outbox
        {
            get { return _outbox; }
        }

        /// <summary>Gets the inbox between the transport thread and <see cref="Poll"/> (for its counters).</summary>
        public AckInbox AckInbox
        {
            get { return _inbox; }
        }

        /// <summary>Gets whether a window is open (the clock has been valid at least once).</summary>
        public bool WindowOpen
        {
            get { return _windowOpen; }
        }

        /// <summary>Gets the start of the open window, Unix seconds (0 before the first window).</summary>
        public ulong WindowStart
        {
            get { return _windowStart; }
        }

        /// <summary>Gets the end (exclusive) of the open window, Unix seconds (0 before the first window).</summary>
        public ulong WindowEnd
        {
            get { return _windowEnd; }
        }

        /// <summary>Gets how many observations were signed.</summary>
        public int SignedCount { get; private set; }

        /// <summary>Gets how many publishes the transport accepted, re-sends included.</summary>
        public int PublishedCount { get; private set; }

        /// <summary>Gets how many publishes the transport refused (the message stays and is tried again).</summary>
        public int PublishFailureCount { get; private set; }

        /// <summary>Gets how many messages left the outbox on a success-class acknowledgement.</summary>
        public int AcknowledgedCount { get; private set; }

        /// <summary>Gets how many messages left the outbox because the gateway refused them for good.</summary>
        public int RejectedCount { get; private set; }

        /// <summary>Gets how many windows closed while the outbox was full, so their observation was not signed.</summary>
        public int DroppedCount { get; private set; }

        /// <summary>Gets how many acknowledgements matched no outbox message (late duplicates, other devices' kinds).</summary>
        public int UnmatchedAckCount { get; private set; }

        /// <summary>Gets how many times the transport came (back) up and the whole outbox was re-sent.</summary>
        public int ConnectCount { get; private set; }

        /// <summary>Returns how many refusals with <paramref name="reason"/> the gateway sent, matched or not.</summary>
        /// <param name="reason">A refusal-class reason code.</param>
        /// <returns>The count since the station was created.</returns>
        public int GetRejectionCount(byte reason)
        {
            return _rejectionsByReason[reason];
        }

        /// <inheritdoc />
        public void AckReceived(byte[] payload)
        {
            _inbox.AckReceived(payload);
        }

        /// <summary>
        /// Does the station's work for this moment: acts on queued acknowledgements, closes the window if the clock
        /// has passed its end (signing its observation), and publishes what is due. Call it from the host loop.
        /// </summary>
        public void Poll()
        {
            long nowMs = _clock.GetMonotonicMilliseconds();
            ProcessAcks(nowMs);
            ulong now = _clock.GetUnixTimeSeconds();
            UpdateWindow(now);
            Sample(now);
            Transmit(nowMs);
        }

        private void Sample(ulong now)
        {
            if (!_windowOpen || now < _nextSampleAt)
            {
                return;
            }

            _nextSampleAt = now - (now % _config.SampleIntervalSeconds) + _config.SampleIntervalSeconds;
            ulong day = now / SensorStationConfig.SecondsPerDay;
            if (day != _currentDay)
            {
                _currentDay = day;
                StartDay(_rain);
                StartDay(_energy);
                StartDay(_temperature);
                StartDay(_humidity);
                StartDay(_pressure);
                StartDay(_soilMoisture);
            }

            // The gauge keeps counting for the window; the hourly totals take the tips since the last sample.
            if (_gauge != null && _rain != null)
            {
                uint count = _gauge.GetTipCount();
                uint tips = count - _tipsSeen;
                _tipsSeen = count;
                _rain.AddSample(_gauge.ToMicrometres(tips), tips, now);
            }

            Bme280Sensor? bme = _bme280;
            if (bme != null && _temperature != null && _humidity != null && _pressure != null)
            {
                Bme280Reading reading;
                if (bme.TryRead(out reading))
                {
                    // A frozen converter repeats all three raw channels at once, while a live one in still air may
                    // repeat a single 16-bit channel: the stuck check looks at the three together.
                    long signature = (long)(uint)reading.RawTemperature | ((long)(uint)reading.RawPressure << 20) | ((long)(uint)reading.RawHumidity << 40);
                    _temperature.AddSample(reading.CentiCelsius, signature, now);
                    _humidity.AddSample(reading.MilliPercentRh, signature, now);
                    _pressure.AddSample(reading.Pascals, signature, now);
                }
                else
                {
                    _temperature.MissSample(false);
                    _humidity.MissSample(false);
                    _pressure.MissSample(false);
                }
            }

            SoilMoistureProbe? soil = _soil;
            if (soil != null && _soilMoisture != null)
            {
                int hundredths;
                if (soil.TryRead(out hundredths))
                {
                    _soilMoisture.AddSample(hundredths, soil.LastRaw, now);
                }
                else
                {
                    _soilMoisture.MissSample(soil.OutOfRange);
                }
            }
        }

        private static void StartDay(MetricChannel? channel)
        {
            if (channel != null)
            {
                channel.StartDay();
            }
        }

        private void ProcessAcks(long nowMs)
        {
            Ack? ack;
            while (_inbox.TryDequeue(out ack))
            {
                AckAction action = AckPolicy.Classify(ack.Reason);
                if (action != AckAction.Forget)
                {
                    _rejectionsByReason[ack.Reason]++;
                }

                int index = _outbox.IndexOf(ack);
                if (index < 0)
                {
                    UnmatchedAckCount++;
                    continue;
                }

                OutboxEntry entry = _outbox[index];
                switch (action)
                {
                    case AckAction.Forget:
                        _outbox.RemoveAt(index);
                        AcknowledgedCount++;
                        Forget(entry.Message);
                        break;
                    case AckAction.Drop:
                        _outbox.RemoveAt(index);
                        RejectedCount++;
                        Forget(entry.Message);
                        break;
                    case AckAction.RetryLater:
                        // Back off: the normal ack timeout, counted from this answer, decides the retry.
                        entry.LastSentMilliseconds = nowMs;
                        break;
                    default:
                        if (index == 0)
                        {
                            // The missing predecessor is not in the outbox (it was dropped or acknowledged), so
                            // re-sending at once cannot repair the chain: back off instead of hammering the gateway.
                            entry.LastSentMilliseconds = nowMs;
                        }
                        else
                        {
                            _outbox.MarkAllDue();
                        }

                        break;
                }

                ObservationAnswered?.Invoke(this, entry.Message, ack.Reason, action);
            }
        }

        private void UpdateWindow(ulong now)
        {
            if (now < _config.MinimumValidUnixTime)
            {
                return;
            }

            if (!_windowOpen)
            {
                OpenWindow(now);

                // Started inside the window: tips before the boot are missing from it.
                _windowFlags = now > _windowStart ? ObservationFlags.Rebooted : 0;
                return;
            }

            if (now < _windowEnd)
            {
                return;
            }

            // Closing later than a whole window after its end (host loop stalled, clock jumped forward): the tips
            // counted since the end cannot be placed, so the closed and the next window are both marked Gap.
            uint late = now - _windowEnd >= _config.WindowSeconds ? ObservationFlags.Gap : 0;
            CloseWindow(_windowFlags | late, now);
            OpenWindow(now);
            _windowFlags = late;
        }

        private void OpenWindow(ulong now)
        {
            _windowStart = now - (now % _config.WindowSeconds);
            _windowEnd = _windowStart + _config.WindowSeconds;
            _windowOpen = true;
        }

        private void CloseWindow(uint flags, ulong now)
        {
            if (_gauge != null && _rain != null)
            {
                CloseRainWindow(_gauge, _rain, flags);
            }
            else if (_meter != null && _energy != null)
            {
                CloseMeterWindow(_meter, _energy, flags, now);
            }

            uint expected = _config.WindowSeconds / _config.SampleIntervalSeconds;
            CloseChannel(_temperature, expected, flags);
            CloseChannel(_humidity, expected, flags);
            CloseChannel(_pressure, expected, flags);
            CloseChannel(_soilMoisture, expected, flags);
        }

        private void CloseRainWindow(RainGauge gauge, MetricChannel rain, uint flags)
        {
            uint tips = gauge.ReadAndReset();
            if (tips > _tipsSeen)
            {
                // Tips since the last sample belong to the hour they fell in, which is before the window's end.
                rain.AddSample(gauge.ToMicrometres(tips - _tipsSeen), tips - _tipsSeen, _windowEnd - 1);
            }

            _tipsSeen = 0;
            rain.CloseWindow(0);
            SignWindow(Metrics.Rainfall, gauge.ToMicrometres(tips), tips, flags);
        }

        private void CloseChannel(MetricChannel? channel, uint expected, uint windowFlags)
        {
            if (channel == null)
            {
                return;
            }

            long value = channel.WindowValue();
            uint count = channel.Window.Count;

            // A window the station did not see whole (Rebooted, or a late close) is short by design: no count check.
            uint flags = channel.CloseWindow(windowFlags == 0 ? expected : 0) | windowFlags;
            SignWindow(channel.Metric, value, count, flags);
        }

        private void SignWindow(uint metric, long value, uint sampleCount, uint flags)
        {
            if (!JournalHasRoom())
            {
                DroppedCount++;
                ObservationDropped?.Invoke(this, _windowStart, _windowEnd, sampleCount);
                return;
            }

            Observation observation = new Observation();
            observation.Metric = metric;
            observation.WindowStart = _windowStart;
            observation.WindowEnd = _windowEnd;
            observation.Value = value;
            observation.SampleCount = sampleCount;
            observation.Flags = flags;
            SignedMessage message = _signer.SignObservation(observation);
            Store(message);
            SignedCount++;
            ObservationSigned?.Invoke(this, message, observation);
        }

        private void Transmit(long nowMs)
        {
            if (!_transport.IsConnected)
            {
                _wasConnected = false;
                return;
            }

            if (!_wasConnected)
            {
                _wasConnected = true;
                ConnectCount++;
                _outbox.MarkAllDue();
            }

            for (int i = 0; i < _outbox.Count; i++)
            {
                OutboxEntry entry = _outbox[i];
                if (entry.Sent && nowMs - entry.LastSentMilliseconds < _config.AckTimeoutMilliseconds)
                {
                    continue;
                }

                if (!_transport.Publish(_topic, entry.Message.Envelope))
                {
                    // Stop here so later messages never overtake this one; the next poll tries again.
                    PublishFailureCount++;
                    return;
                }

                entry.Sent = true;
                entry.LastSentMilliseconds = nowMs;
                entry.SendCount++;
                PublishedCount++;
                ObservationPublished?.Invoke(this, entry.Message, entry.SendCount);
            }
        }
    }
}
