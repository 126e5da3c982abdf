using System.Linq;
using System.Numerics;
using System.Text;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Protocol;
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
    private const string SubmitObservationSignature =
        "submitObservation((address,uint64,uint32,uint64,uint64,int64,uint32,uint32,bytes32),bytes)";

    private const string SettleSignature =
        "settle((address,address,address,uint256,uint64,bytes32,uint64,bytes32),bytes,(address,uint256,uint256,uint8,bytes32,bytes32))";

    [Theory]
    [InlineData(typeof(SubmitObservationFunction), SubmitObservationSignature)]
    [InlineData(typeof(SettleFunction), SettleSignature)]
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
    public void SubmitObservation_EncodesTheStructInline_AndTheSignatureAsDynamicBytes()
    {
        var message = new TestDevice().Observation(o => (o.Value, o.Flags) = (-7, 0b0011));
        EnvelopeDecoder.ReadObservation(message.Payload, out var envelope);
        var body = envelope!.Body;

        var expected = new AbiBuilder()
            .Selector(SubmitObservationSignature)
            .Address(body.Device).UInt(body.Sequence).UInt(body.Metric).UInt(body.WindowStart).UInt(body.WindowEnd)
            .Int(body.Value).UInt(body.SampleCount).UInt(body.Flags).Word(body.PrevHash.ToArray())
            .UInt(10 * 32)
            .Bytes(envelope.Signature.ToArray())
            .ToHex();

        Assert.Equal(expected, CallData(RelayCall.ForObservation(envelope)));
    }

    [Fact]
    public void Settle_EncodesIntentSignatureAndAuthorization_InOrder()
    {
        var customer = new TestDevice();
        var message = new TestDevice().Payment(customer, FakeDeviceRegistry.DefaultOwner, i => i.Amount = BigInteger.Pow(10, 30));
        EnvelopeDecoder.ReadPaymentSubmission(message.Payload, out var submission);
        var intent = submission!.Intent.Body;
        var auth = submission.Authorization;

        var expected = new AbiBuilder()
            .Selector(SettleSignature)
            .Address(intent.Terminal).Address(intent.Merchant).Address(intent.Token).Word(intent.Amount.ToArray()).UInt(intent.Expiry)
            .Word(intent.OrderRef.ToArray()).UInt(intent.Sequence).Word(intent.PrevHash.ToArray())
            .UInt(15 * 32)
            .Address(auth.From).UInt(auth.ValidAfter).UInt(auth.ValidBefore).UInt(auth.Signature.V)
            .Word(auth.Signature.R.ToArray()).Word(auth.Signature.S.ToArray())
            .Bytes(submission.Intent.Signature.ToArray())
            .ToHex();

        Assert.Equal(expected, CallData(RelayCall.ForPayment(submission)));
    }

    [Fact]
    public void FromStoredPayload_TargetsInsuranceForObservations_AndTheRouterForPayments()
    {
        var observation = new TestDevice().Observation();
        var payment = new TestDevice().Payment(new TestDevice(), FakeDeviceRegistry.DefaultOwner);

        var obsCall = RelayCall.FromStoredPayload(MessageKind.Observation, observation.Payload, TestChain.Insurance, TestChain.Router);
        var payCall = RelayCall.FromStoredPayload(MessageKind.PaymentIntent, payment.Payload, TestChain.Insurance, TestChain.Router);

        Assert.Equal(TestChain.Insurance, obsCall.Contract);
        Assert.IsType<SubmitObservationFunction>(obsCall.Function);
        Assert.Equal(TestChain.Router, payCall.Contract);
        Assert.IsType<SettleFunction>(payCall.Function);
        Assert.Throws<System.FormatException>(() =>
            RelayCall.FromStoredPayload(MessageKind.PaymentIntent, observation.Payload, TestChain.Insurance, TestChain.Router));
    }

    private static string CallData(FunctionMessage message) => message switch
    {
        SubmitObservationFunction f => f.GetCallData().ToHex(prefix: true),
        SettleFunction f => f.GetCallData().ToHex(prefix: true),
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
