using System;
using System.Linq;
using EdgeOracle.Protocol.Crypto;
using EdgeOracle.Protocol.Eip712;
using EdgeOracle.Protocol.Mqtt;
using EdgeOracle.Protocol.Wire;
using Xunit;
using static EdgeOracle.Protocol.Tests.TestSupport.VectorsFile;

namespace EdgeOracle.Protocol.Tests;

// The firmware core wrote vectors.json; the library shares no code with the core, so agreeing on every vector is the
// evidence that the two implementations of PROTOCOL.md are the same protocol.
public class VectorsTests
{
    private static readonly Eip712Domain Devices = new(
        Text(Root.GetProperty("domain"), "name"), Text(Root.GetProperty("domain"), "version"),
        UInt(Root.GetProperty("domain"), "chainId"), Address.Parse(Text(Root.GetProperty("domain"), "verifyingContract")));

    [Fact]
    public void Keccak_ReproducesEveryVector()
    {
        var pairs = Array("keccak");

        Assert.Contains(pairs, p => Bytes(p, "input").Length == 136);
        Assert.All(pairs, p => Assert.Equal(Text(p, "hash"), Keccak256.Hash(Bytes(p, "input")).ToString()));
    }

    [Fact]
    public void Domain_AndTypeHashes_MatchTheVectors()
    {
        var types = Root.GetProperty("types");

        Assert.Equal(Text(Root.GetProperty("domain"), "separator"), Devices.Separator.ToString());
        Assert.Equal(Text(Root.GetProperty("domain"), "tag"), $"0x{Devices.Tag:x8}");
        Assert.Equal(Text(types.GetProperty("EIP712Domain"), "typeHash"), Eip712Domain.TypeHash.ToString());
        Assert.Equal(Text(types.GetProperty("Observation"), "typeHash"), TypedDataHasher.ObservationTypeHash.ToString());
        Assert.Equal(Text(types.GetProperty("PaymentIntent"), "typeHash"), TypedDataHasher.PaymentIntentTypeHash.ToString());
        Assert.Equal(Text(types.GetProperty("ReceiveWithAuthorization"), "typeHash"), TypedDataHasher.ReceiveWithAuthorizationTypeHash.ToString());
    }

    [Fact]
    public void Observations_Decode_Hash_AndEncodeBackToTheSameBytes()
    {
        var vectors = Array("observations");
        Assert.NotEmpty(vectors);
        foreach (var vector in vectors)
        {
            var wire = Bytes(vector, "wire");
            Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadObservation(wire, out var envelope));
            var body = envelope!.Body;
            Assert.Equal(Text(vector, "device"), body.Device.ToString());
            Assert.Equal(UInt(vector, "sequence"), body.Sequence);
            Assert.Equal(long.Parse(Text(vector, "value"), System.Globalization.CultureInfo.InvariantCulture), body.Value);
            Assert.Equal(Text(vector, "prevHash"), body.PrevHash.ToString());
            Assert.Equal(Devices.Tag, envelope.DomainTag);

            var structHash = TypedDataHasher.StructHash(body);
            Assert.Equal(Text(vector, "structHash"), structHash.ToString());
            Assert.Equal(Text(vector, "digest"), Devices.Digest(structHash).ToString());
            Assert.Equal(Text(vector, "topic"), Topics.Observations(body.Device));
            Assert.Equal(wire, EnvelopeEncoder.Encode(envelope));
        }
    }

    [Fact]
    public void PaymentIntents_Decode_Hash_AndEncodeBackToTheSameBytes()
    {
        var vectors = Array("paymentIntents");
        Assert.NotEmpty(vectors);
        foreach (var vector in vectors)
        {
            var submissionBytes = Bytes(vector, "submission");
            Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadPaymentSubmission(submissionBytes, out var submission));
            var intent = submission!.Intent.Body;
            Assert.Equal(Text(vector, "terminal"), intent.Terminal.ToString());
            Assert.Equal(Text(vector, "amount"), intent.Amount.ToUnsignedInteger().ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(UInt(vector, "expiry"), intent.Expiry);

            var digest = Devices.Digest(TypedDataHasher.StructHash(intent));
            Assert.Equal(Text(vector, "structHash"), TypedDataHasher.StructHash(intent).ToString());
            Assert.Equal(Text(vector, "digest"), digest.ToString());

            var customer = vector.GetProperty("customer");
            var token = new Eip712Domain(
                Text(customer, "tokenName"), Text(customer, "tokenVersion"), UInt(customer, "tokenChainId"), Address.Parse(Text(customer, "tokenAddress")));
            var authorization = submission.Authorization;
            var authorizationHash = TypedDataHasher.ReceiveWithAuthorizationHash(
                authorization.From, Address.Parse(Text(customer, "router")), intent.Amount, authorization.ValidAfter, authorization.ValidBefore, digest);
            Assert.Equal(Text(customer, "tokenSeparator"), token.Separator.ToString());
            Assert.Equal(Text(customer, "structHash"), authorizationHash.ToString());
            Assert.Equal(Text(customer, "digest"), token.Digest(authorizationHash).ToString());

            Assert.Equal(Text(vector, "topic"), Topics.Payments(intent.Terminal));
            Assert.Equal(submissionBytes, EnvelopeEncoder.Encode(submission));
            Assert.Equal(Bytes(vector, "wire"), EnvelopeEncoder.Encode(submission.Intent));
        }
    }

    [Fact]
    public void Rejections_OfTheEnvelopeItself_AreRefusedByTheDecoder_WithTheirReason()
    {
        // The other rejections (domain, signature, registry, topic, authorization, expiry) are the gateway's checks.
        var decodable = Array("rejections")
            .Where(r => Text(r, "reason") is "Truncated" or "Oversized" or "Malformed")
            .ToArray();
        Assert.Equal(10, decodable.Length);
        foreach (var rejection in decodable)
        {
            Assert.Equal(Text(rejection, "reason"), Decode(Bytes(rejection, "payload")).ToString());
        }
    }

    private static ReasonCode Decode(byte[] payload)
    {
        var header = EnvelopeDecoder.ReadHeader(payload, out var kind);
        if (header != ReasonCode.Accepted)
        {
            return header;
        }

        if (kind == MessageKind.Observation)
        {
            var read = EnvelopeDecoder.ReadObservation(payload, out var observation);
            return read != ReasonCode.Accepted ? read : EnvelopeDecoder.CheckRanges(observation!);
        }

        var readSubmission = EnvelopeDecoder.ReadPaymentSubmission(payload, out var submission);
        return readSubmission != ReasonCode.Accepted ? readSubmission : EnvelopeDecoder.CheckRanges(submission!);
    }
}
