using System;
using System.Numerics;
using EdgeOracle.Protocol.Eip712;
using EdgeOracle.Protocol.Nethereum;
using EdgeOracle.Protocol.Tests.TestSupport;
using EdgeOracle.Protocol.Wire;
using Nethereum.Signer.EIP712;
using Nethereum.Util;
using Xunit;

namespace EdgeOracle.Protocol.Tests.Nethereum;

// The structs as Nethereum hashes them against the library's own span-based hasher: two encoders, one digest.
public class TypedStructsTests
{
    [Fact]
    public void ObservationStruct_OfADecodedObservation_HashesToTheLibrarysDigest()
    {
        var message = new TestDevice().Observation(o => o.Value = -5);
        Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadObservation(message.Payload, out var envelope));

        var typed = ObservationStruct.Of(envelope!.Body);
        var nethereum = Sha3Keccack.Current.CalculateHash(Eip712TypedDataSigner.Current.EncodeTypedData(
            typed, TypedDataFactory.ForDeployment<ObservationStruct>((ulong)TestDomain.ChainId, TestDomain.Registry)));

        Assert.Equal(-5, typed.Value);
        Assert.Equal(message.Digest, nethereum);
        Assert.Equal(new Bytes32(nethereum), TestDomain.Devices.Digest(TypedDataHasher.StructHash(envelope.Body)));
    }

    [Fact]
    public void PaymentIntentStruct_OfADecodedIntent_HashesToTheLibrarysDigest_AndKeepsA256BitAmount()
    {
        var amount = BigInteger.Pow(2, 256) - 1;
        var message = new TestDevice().Payment(new TestDevice(), TestDomain.DefaultOwner, i => i.Amount = amount);
        Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadPaymentSubmission(message.Payload, out var submission));

        var typed = PaymentIntentStruct.Of(submission!.Intent.Body);
        var nethereum = Sha3Keccack.Current.CalculateHash(Eip712TypedDataSigner.Current.EncodeTypedData(
            typed, TypedDataFactory.ForDeployment<PaymentIntentStruct>((ulong)TestDomain.ChainId, TestDomain.Registry)));
        var authorization = CustomerAuthorizationStruct.Of(submission.Authorization);

        Assert.Equal(amount, typed.Amount);
        Assert.Equal(message.Digest, nethereum);
        Assert.Equal(submission.Authorization.Signature.V, authorization.V);
        Assert.Equal(submission.Authorization.From.ToString(), authorization.From);
    }

    [Fact]
    public void TypedDataFactory_NamesThePrimaryTypeFromTheStructAttribute_AndRefusesAClassWithout()
    {
        Assert.Equal("ReceiveWithAuthorization", TypedDataFactory.For<ReceiveWithAuthorizationStruct>(1, "T", "1", TestDomain.Token).PrimaryType);
        Assert.Throws<ArgumentException>(() => TypedDataFactory.ForDeployment<CustomerAuthorizationStruct>(1, TestDomain.Registry));
    }
}
