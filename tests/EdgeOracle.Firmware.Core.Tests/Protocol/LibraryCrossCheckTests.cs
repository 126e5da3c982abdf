using System;
using System.Buffers.Binary;
using EdgeOracle.Firmware.Core.Protocol;
using Library = EdgeOracle.Protocol;
using LibraryEip712 = EdgeOracle.Protocol.Eip712;
using LibraryWire = EdgeOracle.Protocol.Wire;

namespace EdgeOracle.Firmware.Core.Tests.Protocol
{
    /// <summary>
    /// The device-side core against the .NET hosts' protocol library (EdgeOracle.Protocol): the two implementations
    /// share no code, so envelopes the core writes must decode, hash and re-encode identically in the library.
    /// </summary>
    public sealed class LibraryCrossCheckTests
    {
        [Fact]
        public void CoreObservationEnvelopes_DecodeAndHashAlike_InTheLibrary()
        {
            Random random = new Random(21);
            for (int i = 0; i < 300; i++)
            {
                Eip712Domain domain = RandomMessages.Domain(random);
                Observation o = RandomMessages.Observation(random);
                byte[] envelope = Envelope.EncodeObservation(o, domain, RandomMessages.Bytes(random, 65));

                Assert.Equal(Library.ReasonCode.Accepted, LibraryWire.EnvelopeDecoder.ReadObservation(envelope, out LibraryWire.ObservationEnvelope? read));
                LibraryEip712.Eip712Domain libraryDomain = LibraryDomain(domain);
                Assert.Equal(domain.Separator, libraryDomain.Separator.ToArray());
                Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(domain.Tag), read!.DomainTag);
                Assert.Equal(o.StructHash(), LibraryEip712.TypedDataHasher.StructHash(read.Body).ToArray());
                Assert.Equal(o.Digest(domain), libraryDomain.Digest(LibraryEip712.TypedDataHasher.StructHash(read.Body)).ToArray());
                Assert.Equal(envelope, LibraryWire.EnvelopeEncoder.Encode(read));
            }
        }

        [Fact]
        public void CoreSubmissions_DecodeAndHashAlike_InTheLibrary()
        {
            Random random = new Random(22);
            for (int i = 0; i < 300; i++)
            {
                Eip712Domain domain = RandomMessages.Domain(random);
                PaymentIntent p = RandomMessages.PaymentIntent(random);
                byte[] intent = Envelope.EncodePaymentIntent(p, domain, RandomMessages.Bytes(random, 65));
                byte[] submission = Envelope.EncodeSubmission(
                    intent, RandomMessages.Bytes(random, 20), RandomMessages.UInt64(random), RandomMessages.UInt64(random), RandomMessages.Bytes(random, 65));

                Assert.Equal(Library.ReasonCode.Accepted, LibraryWire.EnvelopeDecoder.ReadPaymentSubmission(submission, out LibraryWire.PaymentSubmission? read));
                Assert.Equal(p.StructHash(), LibraryEip712.TypedDataHasher.StructHash(read!.Intent.Body).ToArray());
                Assert.Equal(Eip712.Digest(domain.Separator, p.StructHash()), LibraryDomain(domain).Digest(LibraryEip712.TypedDataHasher.StructHash(read.Intent.Body)).ToArray());
                Assert.Equal(submission, LibraryWire.EnvelopeEncoder.Encode(read));
            }
        }

        private static LibraryEip712.Eip712Domain LibraryDomain(Eip712Domain domain) =>
            new LibraryEip712.Eip712Domain(domain.Name, domain.Version, domain.ChainId, new Library.Address(domain.VerifyingContract));
    }
}
