using System.Linq;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Crypto;
using EdgeOracle.Protocol.Eip712;
using EdgeOracle.Protocol.Wire;
using EdgeOracle.Gateway.Tests.TestSupport;
using EdgeOracle.Gateway.Verification;
using Xunit;
using static EdgeOracle.Gateway.Tests.TestSupport.ProtocolVectors;

namespace EdgeOracle.Gateway.Tests.Verification;

// The firmware core's vectors, read by the gateway's own decoder, hasher and recovery.
public class ProtocolVectorsTests
{
    private static readonly ProtocolVectors Vectors = Instance;
    private static readonly Deployment Deployment = Vectors.Deployment();
    private static readonly EdgeOracle.Protocol.Eip712.Eip712Domain TokenDomain = System.Linq.Enumerable.Single(Deployment.Tokens).Domain;

    [Fact]
    public void Keccak_ReproducesEveryVector_IncludingTheRateBoundaries()
    {
        var pairs = Vectors.Keccak.ToArray();

        Assert.Contains(pairs, p => Bytes(p, "input").Length == 136);
        Assert.All(pairs, p => Assert.Equal(Text(p, "hash"), Keccak256.Hash(Bytes(p, "input")).ToString()));
    }

    [Fact]
    public void Domain_ReproducesTheSeparatorAndTag_OfTheDeviceAndTokenDomains()
    {
        Assert.Equal(Text(Vectors.Domain, "separator"), Deployment.DeviceDomain.Separator.ToString());
        Assert.Equal(Text(Vectors.Domain, "tag"), $"0x{Deployment.DeviceDomain.Tag:x8}");
        Assert.Equal(Text(Vectors.Customer, "tokenSeparator"), TokenDomain.Separator.ToString());
    }

    [Fact]
    public void TypeHashes_MatchTheVectors()
    {
        var types = Vectors.Root.GetProperty("types");

        Assert.Equal(Text(types.GetProperty("EIP712Domain"), "typeHash"), Eip712Domain.TypeHash.ToString());
        Assert.Equal(Text(types.GetProperty("Observation"), "typeHash"), TypedDataHasher.ObservationTypeHash.ToString());
        Assert.Equal(Text(types.GetProperty("PaymentIntent"), "typeHash"), TypedDataHasher.PaymentIntentTypeHash.ToString());
        Assert.Equal(Text(types.GetProperty("ReceiveWithAuthorization"), "typeHash"), TypedDataHasher.ReceiveWithAuthorizationTypeHash.ToString());
    }

    [Fact]
    public void Observations_DecodeHashAndRecover_ToTheVectorValues()
    {
        Assert.NotEmpty(Vectors.Observations);
        foreach (var vector in Vectors.Observations)
        {
            Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadObservation(Bytes(vector, "wire"), out var envelope));
            Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.CheckRanges(envelope!));
            var body = envelope!.Body;
            Assert.Equal(Text(vector, "device"), body.Device.ToString());
            Assert.Equal(UInt(vector, "sequence"), body.Sequence);
            Assert.Equal(UInt(vector, "metric"), body.Metric);
            Assert.Equal(UInt(vector, "windowStart"), body.WindowStart);
            Assert.Equal(UInt(vector, "windowEnd"), body.WindowEnd);
            Assert.Equal(long.Parse(Text(vector, "value")), body.Value);
            Assert.Equal(UInt(vector, "sampleCount"), body.SampleCount);
            Assert.Equal(UInt(vector, "flags"), body.Flags);
            Assert.Equal(Text(vector, "prevHash"), body.PrevHash.ToString());
            Assert.Equal(Text(vector, "signature"), "0x" + System.Convert.ToHexStringLower(envelope.Signature.ToArray()));

            var structHash = TypedDataHasher.StructHash(body);
            var digest = Deployment.DeviceDomain.Digest(structHash);
            Assert.Equal(Text(vector, "structHash"), structHash.ToString());
            Assert.Equal(Text(vector, "digest"), digest.ToString());
            Assert.True(SignatureRecovery.IsSignedBy(digest, envelope.Signature, body.Device), Text(vector, "label"));
        }
    }

    [Fact]
    public void PaymentIntents_DecodeHashAndVerify_IntentAndCustomerAuthorization()
    {
        var authorizations = new AuthorizationVerifier(Deployment);
        Assert.NotEmpty(Vectors.PaymentIntents);
        foreach (var vector in Vectors.PaymentIntents)
        {
            var submissionBytes = Bytes(vector, "submission");
            Assert.Equal(Bytes(vector, "wire"), submissionBytes[..WireFormat.PaymentIntentSize]);
            Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadPaymentSubmission(submissionBytes, out var submission));
            var intent = submission!.Intent.Body;
            Assert.Equal(Text(vector, "terminal"), intent.Terminal.ToString());
            Assert.Equal(Text(vector, "merchant"), intent.Merchant.ToString());
            Assert.Equal(Text(vector, "token"), intent.Token.ToString());
            Assert.Equal(Text(vector, "amount"), intent.Amount.ToUnsignedInteger().ToString());
            Assert.Equal(UInt(vector, "expiry"), intent.Expiry);
            Assert.Equal(Text(vector, "orderRef"), intent.OrderRef.ToString());
            Assert.Equal(UInt(vector, "sequence"), intent.Sequence);
            Assert.Equal(Text(vector, "prevHash"), intent.PrevHash.ToString());

            var structHash = TypedDataHasher.StructHash(intent);
            var digest = Deployment.DeviceDomain.Digest(structHash);
            Assert.Equal(Text(vector, "structHash"), structHash.ToString());
            Assert.Equal(Text(vector, "digest"), digest.ToString());
            Assert.True(SignatureRecovery.IsSignedBy(digest, submission.Intent.Signature, intent.Terminal));

            var customer = vector.GetProperty("customer");
            var authorization = submission.Authorization;
            Assert.Equal(Text(customer, "from"), authorization.From.ToString());
            Assert.Equal(UInt(customer, "validAfter"), authorization.ValidAfter);
            Assert.Equal(UInt(customer, "validBefore"), authorization.ValidBefore);
            var authorizationHash = TypedDataHasher.ReceiveWithAuthorizationHash(
                authorization.From, Deployment.PaymentHub, intent.Amount, authorization.ValidAfter, authorization.ValidBefore, digest);
            Assert.Equal(Text(customer, "structHash"), authorizationHash.ToString());
            Assert.Equal(Text(customer, "digest"), TokenDomain.Digest(authorizationHash).ToString());
            Assert.Equal(ReasonCode.Accepted, authorizations.Verify(submission, digest, (ulong)Now.ToUnixTimeSeconds()).Reason);
        }
    }
}
