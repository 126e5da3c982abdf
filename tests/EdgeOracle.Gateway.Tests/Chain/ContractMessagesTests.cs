using System.Linq;
using System.Numerics;
using System.Text;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Eip712;
using EdgeOracle.Protocol.Wire;
using EdgeOracle.Gateway.Tests.TestSupport;
using Nethereum.Contracts;
using Nethereum.Contracts.Extensions;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;
using Xunit;

namespace EdgeOracle.Gateway.Tests.Chain;

// The relayer's Nethereum messages against the Solidity signatures of PROTOCOL.md §8 and a hand-made ABI encoding.
public class ContractMessagesTests
{
    private const string SubmitRoundSignature = "submitRound(uint32,uint32,uint64,uint64,bytes)";

    private const string SettleBatchSignature =
        "settleBatch((address,address,address,uint256,uint64,bytes32,uint64,bytes32)[],bytes[],(address,uint256,uint256,uint8,bytes32,bytes32)[])";

    private const string SubmitProductionSignature =
        "submitProduction((address,uint64,uint32,uint64,uint64,int64,uint32,uint32,bytes32)[],bytes[])";

    [Theory]
    [InlineData(typeof(SubmitRoundFunction), SubmitRoundSignature)]
    [InlineData(typeof(ObservationDigestFunction), "observationDigest((address,uint64,uint32,uint64,uint64,int64,uint32,uint32,bytes32))")]
    [InlineData(typeof(SettleBatchFunction), SettleBatchSignature)]
    [InlineData(typeof(SubmitProductionFunction), SubmitProductionSignature)]
    [InlineData(typeof(DeviceInfoFunction), "deviceInfo(address)")]
    public void FunctionSelector_IsKeccakOfTheSoliditySignature(System.Type function, string signature)
    {
        var expected = Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes(signature))[..4].ToHex();

        var abi = Nethereum.ABI.FunctionEncoding.Attributes.FunctionAttribute.GetAttribute(function);
        var message = (FunctionMessage)System.Activator.CreateInstance(function)!;

        Assert.NotNull(abi);
        Assert.StartsWith("0x" + expected, CallData(message), System.StringComparison.Ordinal);
    }

    [Fact]
    public void SettleBatch_EncodesThreeArrays_IntentsAndAuthorizationsInline_SignaturesAsDynamicBytes()
    {
        var customer = new TestDevice();
        var message = new TestDevice().Payment(customer, FakeDeviceRegistry.DefaultOwner, i => i.Amount = BigInteger.Pow(10, 30));
        EnvelopeDecoder.ReadPaymentSubmission(message.Payload, out var submission);
        var intent = submission!.Intent.Body;
        var auth = submission.Authorization;

        // Heads: three offsets. intents = length + 8 words; signatures = length + offset + length + 3 words; auths = length + 6 words.
        var expected = new AbiBuilder()
            .Selector(SettleBatchSignature)
            .UInt(3 * 32).UInt((3 + 9) * 32).UInt((3 + 9 + 6) * 32)
            .UInt(1)
            .Address(intent.Terminal).Address(intent.Merchant).Address(intent.Token).Word(intent.Amount.ToArray()).UInt(intent.Expiry)
            .Word(intent.OrderRef.ToArray()).UInt(intent.Sequence).Word(intent.PrevHash.ToArray())
            .UInt(1).UInt(32)
            .Bytes(submission.Intent.Signature.ToArray())
            .UInt(1)
            .Address(auth.From).UInt(auth.ValidAfter).UInt(auth.ValidBefore).UInt(auth.Signature.V)
            .Word(auth.Signature.R.ToArray()).Word(auth.Signature.S.ToArray())
            .ToHex();

        var call = RelayCall.For(RelayTarget.PaymentHub, [Row(1, MessageKind.PaymentIntent, message.Payload)], Addresses);

        Assert.Equal(expected, call.Data);
    }

    [Fact]
    public void For_BuildsOneCallPerTarget_AndKeysEachItemAsItsContractsEventsDo()
    {
        var sensor = new TestDevice();
        var meter = new TestDevice();
        var terminal = new TestDevice();
        var rain = Row(1, MessageKind.Observation, sensor.Observation().Payload);
        var energy = Row(2, MessageKind.Observation, meter.Observation(o => o.Metric = RelayRoute.EnergyMetric).Payload);
        var sale = Row(3, MessageKind.PaymentIntent, terminal.Payment(new TestDevice(), FakeDeviceRegistry.DefaultOwner).Payload);

        var production = RelayCall.For(RelayRoute.Of(energy, Addresses), [energy], Addresses);
        var payments = RelayCall.For(RelayRoute.Of(sale, Addresses), [sale], Addresses);

        // A sensor in no QuorumInsurance region: no contract takes its rainfall.
        Assert.Equal(RelayTarget.None, RelayRoute.Of(rain, Addresses));
        Assert.Throws<System.ArgumentException>(() => RelayCall.For(RelayTarget.None, [rain], Addresses));
        Assert.Equal((RelayTarget.RevenueDistributor, TestChain.Distributor), (production.Target, production.Contract));
        Assert.Equal(meter.Address, Assert.Single(Assert.IsType<SubmitProductionFunction>(production.Function).Observations).Device, ignoreCase: true);
        Assert.Equal(RelayCall.AddressTopic(Address.Parse(meter.Address)), Assert.Single(production.Items).EventKey);
        Assert.Equal((RelayTarget.PaymentHub, TestChain.Router), (payments.Target, payments.Contract));
        EnvelopeDecoder.ReadPaymentSubmission(sale.Payload, out var submission);
        var digest = Eip712Domain.ForDevices((ulong)TestChain.ChainId, Address.Parse(TestChain.Registry)).Digest(TypedDataHasher.StructHash(submission!.Intent.Body));
        Assert.Equal(digest, Assert.Single(payments.Items).EventKey);
        Assert.Throws<System.FormatException>(() => RelayCall.For(RelayTarget.PaymentHub, [rain with { Kind = MessageKind.PaymentIntent }], Addresses));
    }

    [Fact]
    public void Route_TakesNoObservation_WithoutTheContractForIt_AndSaysWhichOneIsMissing()
    {
        var meter = new TestDevice();
        var energy = Row(1, MessageKind.Observation, meter.Observation(o => o.Metric = RelayRoute.EnergyMetric).Payload) with { Device = Address.Parse(meter.Address) };
        var noDistributor = Addresses with { RevenueDistributor = string.Empty, QuorumInsurance = string.Empty };

        Assert.Equal(RelayTarget.None, RelayRoute.Of(energy, noDistributor));
        Assert.Equal(
            "no contract takes observations: Chain:QuorumInsuranceAddress is not set and the deployment file names no QuorumInsurance",
            RelayRoute.NotTaken(energy, noDistributor));
        Assert.Equal(
            $"sensor {meter.Address.ToLowerInvariant()} is in no QuorumInsurance region (an insurer's createRegion puts it in one; readings from then on are relayed)",
            RelayRoute.NotTaken(energy, noDistributor with { QuorumInsurance = "0x00000000000000000000000000000000000000aa" }));
    }

    private static RelayAddresses Addresses => RelayAddresses.Of(TestChain.Options());

    private static Gateway.Storage.OutboxItem Row(long id, MessageKind kind, byte[] payload) =>
        new(id, default, 1, kind, Gateway.Storage.OutboxStatus.Pending, 0, default, null, payload);

    private static string CallData(FunctionMessage message) => message switch
    {
        SubmitRoundFunction f => f.GetCallData().ToHex(prefix: true),
        ObservationDigestFunction f => f.GetCallData().ToHex(prefix: true),
        SettleBatchFunction f => f.GetCallData().ToHex(prefix: true),
        SubmitProductionFunction f => f.GetCallData().ToHex(prefix: true),
        DeviceInfoFunction f => f.GetCallData().ToHex(prefix: true),
        _ => throw new System.NotSupportedException(),
    };

    /// <summary>A by-hand ABI encoder: 32-byte words, and dynamic bytes as length plus right-padded data.</summary>
    private sealed class AbiBuilder
    {
        private readonly StringBuilder _hex = new("0x");

        public AbiBuilder Selector(string signature)
        {
            _hex.Append(Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes(signature))[..4].ToHex());
            return this;
        }

        public AbiBuilder Address(Address address) => Word(new byte[12].Concat(address.ToArray()).ToArray());

        public AbiBuilder UInt(ulong value) => Word(Bytes32.FromUnsignedInteger(value).ToArray());

        public AbiBuilder Int(long value) =>
            Word(Enumerable.Repeat(value < 0 ? (byte)0xff : (byte)0, 24).Concat(System.BitConverter.GetBytes(value).Reverse()).ToArray());

        public AbiBuilder Word(byte[] word)
        {
            Assert.Equal(32, word.Length);
            _hex.Append(word.ToHex());
            return this;
        }

        public AbiBuilder Bytes(byte[] data)
        {
            UInt((ulong)data.Length);
            var padded = new byte[(data.Length + 31) / 32 * 32];
            data.CopyTo(padded, 0);
            _hex.Append(padded.ToHex());
            return this;
        }

        public string ToHex() => _hex.ToString();
    }
}
