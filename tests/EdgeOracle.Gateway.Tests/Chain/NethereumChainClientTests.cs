using System.Linq;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Protocol.Wire;
using EdgeOracle.Gateway.Tests.TestSupport;
using Nethereum.Model;
using Bytes32 = EdgeOracle.Protocol.Bytes32;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Chain;

// How the Nethereum adapter reads node answers: a revert at estimation is permanent, an unreachable node transient,
// pool refusals are sorted, and transactions are signed locally so their hash is known before they are sent.
public class NethereumChainClientTests
{
    // anvil's answer to eth_createAccessList / eth_estimateGas for a call that reverts with a custom error (selector + one argument).
    private const string CustomErrorData = "0x1d6b654e0000000000000000000000000000000000000000000000000000000000000002";

    [Fact]
    public async Task EstimateAsync_ReportsARevert_AsRevertedWithItsData()
    {
        await using var node = new FakeJsonRpcServer();
        Node(node).Fail("eth_createAccessList", 3, "execution reverted: custom error 1d6b654e", CustomErrorData);

        var result = await Client(node.Url).EstimateAsync(Call(), CancellationToken.None);

        Assert.Equal(EstimateStatus.Reverted, result.Status);
        Assert.Contains(CustomErrorData[2..], result.Error, System.StringComparison.Ordinal);
        Assert.DoesNotContain("eth_sendRawTransaction", node.Calls);
        Assert.DoesNotContain("eth_estimateGas", node.Calls);
    }

    [Fact]
    public async Task EstimateAsync_AsksEstimateGasForTheReason_WhenTheNodeReportsARevertWithoutData()
    {
        // geth reports a revert of eth_createAccessList in the answer, without the revert data.
        await using var node = new FakeJsonRpcServer();
        Node(node)
            .On("eth_createAccessList", _ => new JsonObject { ["accessList"] = new JsonArray(), ["gasUsed"] = "0x5208", ["error"] = "execution reverted" })
            .Fail("eth_estimateGas", 3, "execution reverted: custom error 1d6b654e", CustomErrorData);

        var result = await Client(node.Url).EstimateAsync(Call(), CancellationToken.None);

        Assert.Equal(EstimateStatus.Reverted, result.Status);
        Assert.Contains(CustomErrorData[2..], result.Error, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task EstimateAsync_ReportsAnUnreachableNode_AsTransient()
    {
        var result = await Client(FakeJsonRpcServer.ClosedUrl()).EstimateAsync(Call(), CancellationToken.None);

        Assert.Equal(EstimateStatus.Transient, result.Status);
    }

    [Fact]
    public async Task EstimateAsync_ReturnsTheGasOneExecutionUsed_With30PercentForRefundsAndForwardedGas()
    {
        await using var node = new FakeJsonRpcServer();
        Node(node).On("eth_createAccessList", _ => new JsonObject { ["accessList"] = new JsonArray(), ["gasUsed"] = "0x30000" });

        Assert.Equal(Estimate.Ready(0x30000 * 130 / 100), await Client(node.Url).EstimateAsync(Call(), CancellationToken.None));
        Assert.DoesNotContain("eth_estimateGas", node.Calls);
    }

    [Fact]
    public void Sign_GivesTheBytesOfNethereumsOwnSigner_WithBothYParities()
    {
        // Both sign deterministically (RFC 6979, low s): the native signature must be the managed one, byte for byte.
        var options = TestChain.Options(relayEnabled: true);
        var client = Client(FakeJsonRpcServer.ClosedUrl());
        var fees = new ChainFees(3_000_000_000, 1_500_000_000);
        var call = Call();
        var parities = new System.Collections.Generic.HashSet<BigInteger>();
        for (var nonce = 0; nonce < 40; nonce++)
        {
            var signed = client.Sign(TransactionDraft.For(call, nonce, 150_000, fees));

            var reference = new Transaction1559(options.ChainId, nonce, fees.MaxPriorityFeePerGas, fees.MaxFeePerGas, 150_000, call.Contract, BigInteger.Zero, call.Data, []);
            var expected = new Nethereum.Signer.Transaction1559Signer().SignTransaction(options.RelayerPrivateKey, reference);
            Assert.Equal(expected.StartsWith("0x", System.StringComparison.Ordinal) ? expected : "0x" + expected, signed.Raw);
            var decoded = Assert.IsType<Transaction1559>(TransactionFactory.CreateTransaction(signed.Raw));
            parities.Add(new BigInteger(decoded.Signature.V, isUnsigned: true, isBigEndian: true));
        }

        Assert.Equal(2, parities.Count);
    }

    [Fact]
    public async Task Sign_MakesATypeTwoTransaction_WithTheGivenNonceAndFees_AndItsHash()
    {
        var client = Client(FakeJsonRpcServer.ClosedUrl());
        var fees = new ChainFees(3_000_000_000, 1_500_000_000);
        var call = Call();

        var signed = client.Sign(TransactionDraft.For(call, 42, 150_000, fees));

        var decoded = Assert.IsType<Transaction1559>(TransactionFactory.CreateTransaction(signed.Raw));
        Assert.Equal((BigInteger)42, decoded.Nonce);
        Assert.Equal((BigInteger)150_000, decoded.GasLimit);
        Assert.Equal((fees.MaxFeePerGas, fees.MaxPriorityFeePerGas), (decoded.MaxFeePerGas!.Value, decoded.MaxPriorityFeePerGas!.Value));
        Assert.Equal(TestChain.Quorum, decoded.ReceiverAddress, ignoreCase: true);
        Assert.Equal(call.Data[2..], decoded.Data.StartsWith("0x", System.StringComparison.Ordinal) ? decoded.Data[2..] : decoded.Data, ignoreCase: true);
        Assert.Equal("0x" + System.Convert.ToHexStringLower(decoded.Hash), signed.Hash);
        Assert.Equal(signed, client.Sign(TransactionDraft.For(call, 42, 150_000, fees)));
    }

    [Theory]
    [InlineData("already known", BroadcastStatus.Accepted)]
    [InlineData("transaction already imported", BroadcastStatus.Accepted)]
    [InlineData("nonce too low", BroadcastStatus.NonceTooLow)]
    [InlineData("replacement transaction underpriced", BroadcastStatus.Underpriced)]
    [InlineData("max fee per gas less than block base fee", BroadcastStatus.FeeTooLow)]
    [InlineData("transaction underpriced", BroadcastStatus.FeeTooLow)]
    [InlineData("insufficient funds for gas * price + value", BroadcastStatus.Transient)]
    public async Task BroadcastAsync_SortsTheNodesRefusals(string message, BroadcastStatus expected)
    {
        await using var node = new FakeJsonRpcServer();
        Node(node).Fail("eth_sendRawTransaction", -32003, message);
        var client = Client(node.Url);

        var result = await client.BroadcastAsync(client.Sign(TransactionDraft.For(Call(), 0, 100_000, new ChainFees(2, 1))), CancellationToken.None);

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public async Task BroadcastAsync_SendsTheRawTransaction()
    {
        await using var node = new FakeJsonRpcServer();
        string? sent = null;
        Node(node).On("eth_sendRawTransaction", p => (sent = p[0]!.GetValue<string>()) is { } ? "0x" + new string('a', 64) : "");
        var client = Client(node.Url);
        var signed = client.Sign(TransactionDraft.For(Call(), 0, 100_000, new ChainFees(2, 1)));

        Assert.Equal(BroadcastResult.Accepted, await client.BroadcastAsync(signed, CancellationToken.None));
        Assert.Equal(signed.Raw, sent);
    }

    [Fact]
    public async Task GetFeesAsync_ReadsTheNextBaseFee_AndTheSuggestedTip()
    {
        await using var node = new FakeJsonRpcServer();
        Node(node).On("eth_feeHistory", _ => new JsonObject
        {
            ["oldestBlock"] = "0x1",
            ["baseFeePerGas"] = new JsonArray("0x3b9aca00", "0x77359400"),
            ["gasUsedRatio"] = new JsonArray(0.5),
            ["reward"] = new JsonArray(new JsonArray("0x1")),
        });

        var fees = await Client(node.Url).GetFeesAsync(CancellationToken.None);

        Assert.Equal(new FeeSuggestion(2_000_000_000, 1_000_000_000), fees);
    }

    [Fact]
    public async Task Reads_ReturnReceiptHeadAndPoolState_AndNullWhileNotMined()
    {
        await using var node = new FakeJsonRpcServer();
        var mined = "0x" + new string('b', 64);
        var block = "0x" + new string('e', 64);
        node.On("eth_getTransactionReceipt", p => p[0]!.GetValue<string>() == mined
            ? new JsonObject
            {
                ["transactionHash"] = mined, ["blockNumber"] = "0xc", ["blockHash"] = block, ["status"] = "0x1", ["to"] = TestChain.Quorum,
                ["logs"] = new JsonArray(new JsonObject
                {
                    ["address"] = TestChain.Quorum, ["topics"] = new JsonArray("0x" + new string('1', 64), "0x" + new string('2', 64)), ["data"] = "0x0102",
                }),
            }
            : (JsonNode)JsonValue.Create((string?)null)!);
        node.On("eth_getTransactionByHash", p => p[0]!.GetValue<string>() == mined
            ? new JsonObject { ["hash"] = mined, ["nonce"] = "0x7", ["gas"] = "0x5208", ["maxFeePerGas"] = "0x64", ["maxPriorityFeePerGas"] = "0x2", ["input"] = "0x" }
            : (JsonNode)JsonValue.Create((string?)null)!);
        node.On("eth_getBlockByNumber", _ => new JsonObject { ["number"] = "0x10", ["hash"] = block, ["transactions"] = new JsonArray() });
        node.On("eth_getTransactionCount", p => p[1]!.GetValue<string>() == "pending" ? "0x9" : "0x8");
        var client = Client(node.Url);

        var receipt = await client.GetReceiptAsync(mined, CancellationToken.None);
        Assert.Equal((mined, true, 12L, block, true), (receipt!.TransactionHash, receipt.Succeeded, receipt.BlockNumber, receipt.BlockHash, receipt.LoggedByContract));
        var log = Assert.Single(receipt.Logs);
        Assert.Equal(TestChain.Quorum, log.Address, ignoreCase: true);
        Assert.Equal([Bytes32.Parse("0x" + new string('1', 64)), Bytes32.Parse("0x" + new string('2', 64))], log.Topics);
        Assert.Equal([1, 2], log.Data);
        Assert.Null(await client.GetReceiptAsync("0x" + new string('c', 64), CancellationToken.None));
        Assert.Equal(new KnownTransaction(7, 21_000, new ChainFees(100, 2)), await client.FindTransactionAsync(mined, CancellationToken.None));
        Assert.Null(await client.FindTransactionAsync("0x" + new string('c', 64), CancellationToken.None));
        Assert.Equal(new ChainHead(16, block), await client.GetHeadAsync(CancellationToken.None));
        Assert.Equal((9L, 8L), (await client.GetNonceAsync(true, CancellationToken.None), await client.GetNonceAsync(false, CancellationToken.None)));
    }

    [Fact]
    public async Task Reads_ThrowChainUnavailable_WhenTheNodeCannotBeReached()
    {
        var client = Client(FakeJsonRpcServer.ClosedUrl());

        await Assert.ThrowsAsync<ChainUnavailableException>(() => client.GetHeadAsync(CancellationToken.None));
        await Assert.ThrowsAsync<ChainUnavailableException>(() => client.GetNonceAsync(true, CancellationToken.None));
        await Assert.ThrowsAsync<ChainUnavailableException>(() => client.Nonces.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CheckDeploymentAsync_NamesTheWrongChain_AndTheFirstContractWithoutCode()
    {
        await using var node = new FakeJsonRpcServer();
        var empty = "0x" + new string('d', 40);
        Node(node).On("eth_getCode", p => string.Equals(p[0]!.GetValue<string>(), empty, System.StringComparison.OrdinalIgnoreCase) ? "0x" : "0x6080");
        var client = Client(node.Url);
        (string, string)[] deployed = [("DeviceRegistry", TestChain.Registry), ("PaymentHub", TestChain.Router)];

        Assert.Null(await client.CheckDeploymentAsync(31337, deployed, CancellationToken.None));
        Assert.Contains("the node is chain 31337, but Chain:ChainId (and the deployment) is chain 1", await client.CheckDeploymentAsync(1, deployed, CancellationToken.None), System.StringComparison.Ordinal);
        var stale = await client.CheckDeploymentAsync(31337, [.. deployed, ("token tUSD", empty)], CancellationToken.None);
        Assert.Contains("no contract code at token tUSD " + empty, stale, System.StringComparison.Ordinal);
        await Assert.ThrowsAsync<ChainUnavailableException>(() => Client(FakeJsonRpcServer.ClosedUrl()).CheckDeploymentAsync(31337, deployed, CancellationToken.None));
    }

    private static FakeJsonRpcServer Node(FakeJsonRpcServer node) => node
        .On("eth_chainId", _ => "0x7a69")
        .On("eth_getTransactionCount", _ => "0x0")
        .On("eth_gasPrice", _ => "0x3b9aca00")
        .On("eth_maxPriorityFeePerGas", _ => "0x3b9aca00")
        .On("eth_getBlockByNumber", _ => new JsonObject { ["number"] = "0x1", ["baseFeePerGas"] = "0x3b9aca00", ["transactions"] = new JsonArray() })
        .On("eth_feeHistory", _ => new JsonObject
        {
            ["oldestBlock"] = "0x1",
            ["baseFeePerGas"] = new JsonArray("0x3b9aca00", "0x3b9aca00"),
            ["gasUsedRatio"] = new JsonArray(0.5),
            ["reward"] = new JsonArray(new JsonArray("0x3b9aca00")),
        });

    private static RelayCall Call()
    {
        var message = new TestDevice().Observation();
        EnvelopeDecoder.ReadObservation(message.Payload, out var envelope);
        var round = new SubmitRoundFunction { RegionId = 1, Metric = envelope!.Body.Metric, WindowStart = envelope.Body.WindowStart, WindowEnd = envelope.Body.WindowEnd, Items = new byte[QuorumItems.ItemLength] };
        QuorumItems.Write(round.Items, 0, envelope);
        return new RelayCall(TestChain.Quorum, round, RelayTarget.Quorum, [new RelayItem(envelope.Body.Device, envelope.Body.Sequence, RelayCall.AddressTopic(envelope.Body.Device))]);
    }

    private static NethereumChainClient Client(string url)
    {
        var options = TestChain.Options(relayEnabled: true);
        options.RpcUrl = url;
        return new NethereumChainClient(new ChainConnection(Microsoft.Extensions.Options.Options.Create(options)));
    }
}
