using System;
using System.Numerics;
using System.Buffers.Binary;
using EdgeOracle.Protocol;
using EdgeOracle.Protocol.Nethereum;
using EdgeOracle.Protocol.Wire;
using Nethereum.ABI.EIP712;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using Nethereum.Util;
using GatewayAddress = EdgeOracle.Protocol.Address;

namespace EdgeOracle.Protocol.Tests.TestSupport;

/// <summary>
/// A device (or customer wallet) that signs with Nethereum's EIP-712 signer and keeps its own hash chain, the way
/// firmware does: each message it signs advances its sequence and prevHash unless told otherwise.
/// </summary>
public sealed class TestDevice
{
    public const ulong Now = 1_750_000_000;

    private readonly Domain _domain;

    public TestDevice(string? privateKey = null, long chainId = TestDomain.ChainId, string registry = TestDomain.Registry)
    {
        Key = privateKey is null ? EthECKey.GenerateKey() : new EthECKey(privateKey);
        Address = Key.GetPublicAddress().ToLowerInvariant();
        _domain = new Domain { Name = "EdgeOracle", Version = "1", ChainId = chainId, VerifyingContract = registry };
    }

    public EthECKey Key { get; }

    public string Address { get; }

    public GatewayAddress GatewayAddress => GatewayAddress.Parse(Address);

    public ulong LastSequence { get; private set; }

    public byte[] LastDigest { get; private set; } = new byte[32];

    public string Topic(string leaf) => $"eo/v1/{Address}/{leaf}";

    public SignedMessage Observation(Action<ObservationStruct>? change = null, bool advance = true)
    {
        var typed = new ObservationStruct
        {
            Device = Address,
            Sequence = LastSequence + 1,
            Metric = 1,
            WindowStart = Now - 600,
            WindowEnd = Now,
            Value = 200,
            SampleCount = 1,
            Flags = 0,
            PrevHash = (byte[])LastDigest.Clone(),
        };
        change?.Invoke(typed);
        var encoded = Encode(typed, _domain);
        var digest = Sha3Keccack.Current.CalculateHash(encoded);
        var signature = Eip712TypedDataSigner.Current.SignTypedDataV4(typed, TypedDataFactory.For<ObservationStruct>(_domain), Key).HexToByteArray();
        var body = new Observation(
            GatewayAddress.Parse(typed.Device), typed.Sequence, typed.Metric, typed.WindowStart, typed.WindowEnd, typed.Value,
            typed.SampleCount, typed.Flags, new Bytes32(typed.PrevHash));
        var payload = new byte[WireFormat.ObservationSize];
        EnvelopeEncoder.WriteObservation(body, DomainTag(encoded), EdgeOracle.Protocol.Signature.Read(signature), payload);
        Advance(advance, typed.Sequence, digest);
        return new SignedMessage(MessageKind.Observation, Topic("obs"), payload, digest, typed.Sequence);
    }

    /// <summary>A payment submission: this device's intent plus <paramref name="customer"/>'s EIP-3009 authorization.</summary>
    public SignedMessage Payment(
        TestDevice customer,
        string merchant,
        Action<PaymentIntentStruct>? change = null,
        Action<ReceiveWithAuthorizationStruct>? changeAuthorization = null,
        bool advance = true,
        PayWith? payWith = null,
        string? tokenName = null)
    {
        var intent = new PaymentIntentStruct
        {
            Terminal = Address,
            Merchant = merchant,
            Token = TestDomain.Token,
            Amount = 12_500_000,
            Expiry = Now + 300,
            OrderRef = Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes("receipt-" + (LastSequence + 1))),
            Sequence = LastSequence + 1,
            PrevHash = (byte[])LastDigest.Clone(),
        };
        change?.Invoke(intent);
        var encoded = Encode(intent, _domain);
        var digest = Sha3Keccack.Current.CalculateHash(encoded);
        var signature = Eip712TypedDataSigner.Current.SignTypedDataV4(intent, TypedDataFactory.For<PaymentIntentStruct>(_domain), Key).HexToByteArray();

        var authorization = new ReceiveWithAuthorizationStruct
        {
            From = customer.Address,
            To = TestDomain.Router,
            Value = payWith?.MaxInput ?? intent.Amount,
            ValidAfter = 0,
            ValidBefore = Now + 600,
            Nonce = digest,
        };
        changeAuthorization?.Invoke(authorization);
        var tokenDomain = new Domain
        {
            Name = payWith?.TokenName ?? tokenName ?? TestDomain.TokenName, Version = TestDomain.TokenVersion, ChainId = TestDomain.ChainId,
            VerifyingContract = payWith?.Token ?? intent.Token,
        };
        var customerSignature = Eip712TypedDataSigner.Current
            .SignTypedDataV4(authorization, TypedDataFactory.For<ReceiveWithAuthorizationStruct>(tokenDomain), customer.Key).HexToByteArray();

        var body = new PaymentIntent(
            GatewayAddress.Parse(intent.Terminal), GatewayAddress.Parse(intent.Merchant), GatewayAddress.Parse(intent.Token),
            Bytes32.FromUnsignedInteger(intent.Amount), intent.Expiry, new Bytes32(intent.OrderRef), intent.Sequence, new Bytes32(intent.PrevHash));
        var customerAuthorization = new CustomerAuthorization(
            GatewayAddress.Parse(authorization.From), (ulong)authorization.ValidAfter, (ulong)authorization.ValidBefore,
            EdgeOracle.Protocol.Signature.Read(customerSignature));
        byte[] payload;
        if (payWith is null)
        {
            payload = new byte[WireFormat.PaymentSubmissionSize];
            EnvelopeEncoder.WritePaymentSubmission(body, DomainTag(encoded), EdgeOracle.Protocol.Signature.Read(signature), customerAuthorization, payload);
        }
        else
        {
            payload = new byte[WireFormat.CrossBorderSubmissionSize];
            var terms = new CrossBorderTerms(GatewayAddress.Parse(payWith.Token), Bytes32.FromUnsignedInteger(payWith.MaxInput));
            EnvelopeEncoder.WriteCrossBorderSubmission(body, DomainTag(encoded), EdgeOracle.Protocol.Signature.Read(signature), customerAuthorization, terms, payload);
        }

        Advance(advance, intent.Sequence, digest);
        return new SignedMessage(MessageKind.PaymentIntent, Topic("pay"), payload, digest, intent.Sequence);
    }

    /// <summary>Makes the device forget its chain back to (sequence, digest), as after a lost flash write.</summary>
    public void ResetChain(ulong sequence, byte[] digest)
    {
        LastSequence = sequence;
        LastDigest = digest;
    }

    private void Advance(bool advance, ulong sequence, byte[] digest)
    {
        if (advance)
        {
            LastSequence = sequence;
            LastDigest = digest;
        }
    }

    private static byte[] Encode<T>(T message, Domain domain) =>
        Eip712TypedDataSigner.Current.EncodeTypedData(message, TypedDataFactory.For<T>(domain));

    // The tag is the first four bytes of the domain separator, here as Nethereum computed it (after 0x19 0x01).
    private static uint DomainTag(byte[] encoded) => BinaryPrimitives.ReadUInt32BigEndian(encoded.AsSpan(2, 4));

    /// <summary>secp256k1's order n, to build the high-s twin of a signature.</summary>
    public static readonly BigInteger CurveOrder =
        BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337");
}

/// <summary>A cross-border sale: the customer pays with <paramref name="Token"/> (domain name <paramref name="TokenName"/>), at most <paramref name="MaxInput"/>.</summary>
public sealed record PayWith(string Token, string TokenName, System.Numerics.BigInteger MaxInput);
