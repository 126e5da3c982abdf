using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Monitoring;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Tests.TestSupport;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Monitoring;

public class GatewayMetricsTests
{
    [Fact]
    public async Task Metrics_CountEachAnswer_ByReasonTag_AndInTheSnapshot()
    {
        using var harness = new PipelineHarness();
        var scenario = new Scenario(harness.Registry, async m => (await harness.SendAsync(m)).Reason, harness.Time.Advance);
        var measured = new List<(long Value, string? Reason)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Other tests run in parallel with their own gateways: listen to this harness's meter only.
            if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Name == "eo.gateway.messages"
                && ReferenceEquals(instrument.Meter.Scope, harness.MeterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    measured.Add((value, tag.Value as string));
                }
            }
        });
        listener.Start();

        await harness.SendAsync(scenario.Sensor.Observation());
        await harness.SendAsync(scenario.Stranger.Observation());
        await harness.SendAsync(scenario.Stranger.Observation());

        Assert.Equal([(1L, "Accepted"), (1L, "UnknownDevice"), (1L, "UnknownDevice")], measured);
        var stats = harness.Metrics.Snapshot();
        Assert.Equal(3, stats.Received);
        Assert.Equal(2, stats.Messages[nameof(ReasonCode.UnknownDevice)]);
        Assert.Equal(0, stats.Messages[nameof(ReasonCode.BadSignature)]);
    }

    [Fact]
    public void Snapshot_CountsRelayAttempts_ByOutcome()
    {
        using var harness = new PipelineHarness();

        harness.Metrics.RecordRelay(RelayStatus.Relayed);
        harness.Metrics.RecordRelay(RelayStatus.Retrying);
        harness.Metrics.RecordRelay(RelayStatus.Retrying);
        harness.Metrics.RecordRelay(RelayStatus.Failed);

        var stats = harness.Metrics.Snapshot();
        Assert.Equal((1, 1, 2), (stats.Relayed, stats.RelayFailed, stats.RelayRetries));
    }
}
