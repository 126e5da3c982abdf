using System;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Tests.Protocol
{
    public sealed class PaymentRequestTests
    {
        private static readonly Eip712Domain Domain = Eip712Domain.ForDeployment(31337, Hex.Decode("0x00000000000000000000000000000000000e0e0e"));
        private static readonly byte[] TerminalKey = Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes("edgeoracle/test/payment-request-terminal"));

        [Fact]
        public void Format_ThenTryParse_GivesBackEveryFieldAndTheSignature()
        {
            Random random = new Random(21);
            for (int i = 0; i < 200; i++)
            {
                PaymentIntent intent = RandomMessages.PaymentIntent(random);
                intent.Amount = Math.Max(1, intent.Amount);
                intent.Sequence = Math.Max(1, intent.Sequence);
                byte[] signature = RandomMessages.Bytes(random, 65);
                ulong chainId = Math.Max(1, RandomMessages.UInt64(random));

                Assert.True(PaymentRequest.TryParse(PaymentRequest.Format(intent, chainId, signature), out PaymentRequest? back, out string? error), error);

                Assert.Equal(chainId, back!.ChainId);
                Assert.Equal(signature, back.Signature);
                Assert.Equal(intent.StructHash(), back.Intent.StructHash());
                Assert.Equal(intent.Amount, back.Intent.Amount);
                Assert.Equal(intent.Terminal, back.Intent.Terminal);
            }
        }

        [Fact]
        public void Format_IsAnEip681TokenTransfer_ToTheMerchant_WithTheIntentsFieldsAfterIt()
        {
            SignedMessage signed = Sign(12_500_000, 1_900_000_000);
            string uri = PaymentRequest.Format(signed.Envelope, 31337);
            PaymentIntent intent = Envelope.DecodePaymentIntent(signed.Envelope);

            Assert.StartsWith(
                "ethereum:" + Hex.Encode(intent.Token) + "@31337/transfer?address=" + Hex.Encode(intent.Merchant) + "&uint256=12500000&terminal="
                + Hex.Encode(intent.Terminal) + "&sequence=1&expiry=1900000000&orderRef=" + Hex.Encode(intent.OrderRef) + "&prevHash=0x" + new string('0', 64)
                + "&signature=0x",
                uri);
            Assert.Equal(uri.Length, uri.IndexOf("&signature=", StringComparison.Ordinal) + "&signature=0x".Length + 130);
        }

        [Fact]
        public void ASignedRequest_RecoversToItsTerminal_AndRebuildsTheEnvelopeByteForByte()
        {
            SignedMessage signed = Sign(4_500_000, 1_900_000_000);

            Assert.True(PaymentRequest.TryParse(PaymentRequest.Format(signed.Envelope, 31337), out PaymentRequest? request, out _));

            Assert.True(request!.SignedByTerminal(Domain));
            Assert.Equal(signed.Envelope, request.ToEnvelope(Domain));
            Assert.Equal(signed.Digest, request.Digest(Domain));
        }

        [Theory]
        [InlineData("uint256=4500000", "uint256=4500001")]
        [InlineData("expiry=1900000000", "expiry=1900086400")]
        [InlineData("sequence=1", "sequence=2")]
        [InlineData("address=0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "address=0x90f79bf6eb2c4f870365e785982e1f101e93b906")]
        [InlineData("ethereum:0x5fbdb2315678afecb367f032d93f642f64180aa3", "ethereum:0xe7f1725e7734ce288f8367e1bb143e90bb3f0512")]
        [InlineData("orderRef=0x", "orderRef=0x00")]
        public void AnAlteredRequest_StillParses_ButItsSignatureIsNoLongerTheTerminals(string field, string altered)
        {
            string uri = PaymentRequest.Format(Sign(4_500_000, 1_900_000_000).Envelope, 31337);
            Assert.Contains(field, uri, StringComparison.Ordinal);
            string tampered = uri.Replace(field, altered, StringComparison.Ordinal);
            if (field == "orderRef=0x")
            {
                // Keep the length: change the reference's first byte, not its size.
                int at = uri.IndexOf("orderRef=0x", StringComparison.Ordinal) + "orderRef=0x".Length;
                tampered = uri.Substring(0, at) + (uri[at] == 'f' ? "e" : "f") + uri.Substring(at + 1);
            }

            Assert.True(PaymentRequest.TryParse(tampered, out PaymentRequest? request, out string? error), error);

            Assert.False(request!.SignedByTerminal(Domain));
        }

        [Fact]
        public void ARequestSignedForAnotherDeployment_IsNotTheTerminalsUnderThisOne()
        {
            PaymentRequest.TryParse(PaymentRequest.Format(Sign(4_500_000, 1_900_000_000).Envelope, 31337), out PaymentRequest? request, out _);

            Assert.False(request!.SignedByTerminal(Eip712Domain.ForDeployment(1, Hex.Decode("0x00000000000000000000000000000000000e0e0e"))));
            Assert.False(request.SignedByTerminal(Eip712Domain.ForDeployment(31337, Hex.Decode("0x00000000000000000000000000000000000e0e0f"))));
        }

        [Theory]
        [InlineData("ethereum:", "bitcoin:", "does not start with ethereum:")]
        [InlineData("/transfer?", "/approve?", "its function is not transfer")]
        [InlineData("@31337/", "@0/", "chain id")]
        [InlineData("uint256=4500000", "uint256=4.5e6", "the amount (uint256)")]
        [InlineData("uint256=4500000", "uint256=04500000", "the amount (uint256)")]
        [InlineData("uint256=4500000", "uint256=18446744073709551616", "the amount (uint256)")]
        [InlineData("uint256=4500000", "uint256=4500000&uint256=1", "'uint256' appears twice")]
        [InlineData("&sequence=1", "", "'sequence' is missing")]
        [InlineData("&sequence=1", "&sequence=1&value=5", "unknown parameter 'value'")]
        [InlineData("&sequence=1", "&sequence=1&", "has no name=value form")]
        [InlineData("terminal=0x", "terminal=0X", "not an address")]
        public void AMalformedRequest_IsRefused_SayingWhatIsWrong(string part, string replacement, string reason)
        {
            string uri = PaymentRequest.Format(Sign(4_500_000, 1_900_000_000).Envelope, 31337);
            Assert.Contains(part, uri, StringComparison.Ordinal);

            Assert.False(PaymentRequest.TryParse(uri.Replace(part, replacement, StringComparison.Ordinal), out PaymentRequest? request, out string? error));

            Assert.Null(request);
            Assert.Contains(reason, error, StringComparison.Ordinal);
        }

        [Fact]
        public void TheSignatureMustBe65Bytes()
        {
            string uri = PaymentRequest.Format(Sign(4_500_000, 1_900_000_000).Envelope, 31337);

            Assert.False(PaymentRequest.TryParse(uri.Substring(0, uri.Length - 2), out _, out string? error));
            Assert.Contains("signature is not hex of the right length", error, StringComparison.Ordinal);
        }

        // A terminal's first intent, signed by the core's signer: merchant and token are anvil's second account and first contract.
        private static SignedMessage Sign(ulong amount, ulong expiry)
        {
            MessageSigner signer = new MessageSigner(new DeviceIdentity(TerminalKey), Domain, new MessageChain());
            PaymentIntent intent = new PaymentIntent
            {
                Merchant = Hex.Decode("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"),
                Token = Hex.Decode("0x5fbdb2315678afecb367f032d93f642f64180aa3"),
                Amount = amount,
                Expiry = expiry,
                OrderRef = Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes("R-1001")),
            };
            return signer.SignPaymentIntent(intent);
        }
    }
}
