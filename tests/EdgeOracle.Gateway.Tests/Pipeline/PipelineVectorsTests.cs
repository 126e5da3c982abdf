using System.Threading.Tasks;
using EdgeOracle.Protocol;
using EdgeOracle.Gateway.Tests.TestSupport;
using Xunit;
using static EdgeOracle.Gateway.Tests.TestSupport.ProtocolVectors;

namespace EdgeOracle.Gateway.Tests.Pipeline;

// The firmware core's vectors through the whole pipeline, with the registry the vectors' notes describe.
public class PipelineVectorsTests
{
    [Fact]
    public async Task Pipeline_AcceptsEveryVectorMessage_InListedOrder()
    {
        using var harness = NewHarness();
        foreach (var vector in Instance.Observations)
        {
            var outcome = await harness.SendAsync(Text(vector, "topic"), Bytes(vector, "wire"));
            Assert.Equal((ReasonCode.Accepted, Text(vector, "digest")), (outcome.Reason, outcome.Digest.ToString()));
        }

        foreach (var vector in Instance.PaymentIntents)
        {
            var outcome = await harness.SendAsync(Text(vector, "topic"), Bytes(vector, "submission"));
            Assert.Equal((ReasonCode.Accepted, Text(vector, "digest")), (outcome.Reason, outcome.Digest.ToString()));
        }

        Assert.Equal(Instance.Observations.Count + Instance.PaymentIntents.Count, await harness.Store.CountMessagesAsync(default));
        harness.Logs.AssertNoErrors();
    }

    [Theory]
    [MemberData(nameof(RejectionNames), MemberType = typeof(ProtocolVectors))]
    public async Task Pipeline_RefusesEachVectorRejection_WithExactlyItsReason(string name)
    {
        using var harness = NewHarness();
        var vector = System.Linq.Enumerable.Single(Instance.Rejections, r => Text(r, "name") == name);

        var outcome = await harness.SendAsync(Text(vector, "topic"), Bytes(vector, "payload"));

        Assert.Equal(Text(vector, "reason"), outcome.Reason.ToString());
        Assert.Equal(UInt(vector, "reasonCode"), (byte)outcome.Reason);
        Assert.Equal(0, await harness.Store.CountMessagesAsync(default));
        harness.Logs.AssertNoErrors();
    }

    private static PipelineHarness NewHarness()
    {
        var harness = new PipelineHarness(Instance.Deployment(), Now);
        Instance.RegisterDevices(harness.Registry);
        return harness;
    }
}
