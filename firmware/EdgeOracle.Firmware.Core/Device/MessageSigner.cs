using System;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Firmware.Core.Device
{
    /// <summary>
    /// Turns unsigned messages into signed envelopes on the device's chain: fills in the device address, the next
    /// sequence and the previous digest, signs the EIP-712 digest, encodes, and advances the chain. Keeping these
    /// steps in one place means application code cannot sign a message that breaks the chain.
    /// </summary>
    public sealed class MessageSigner
    {
        private readonly DeviceIdentity identity;
        private readonly Eip712Domain domain;
        private readonly MessageChain chain;

        /// <summary>Creates a signer for one device, domain and chain.</summary>
        /// <param name="id">The device's identity.</param>
        /// <param name="domain">The deployment's EIP-712 domain.</param>
        /// <param name="chain">The device's chain position; advanced by every signature.</param>
        public MessageSigner(DeviceIdentity id, Eip712Domain domain, MessageChain chain)
        {
            if (id == null || domain == null || chain == null)
            {
                throw new ArgumentNullException(id == null ? nameof(id) : domain == null ? nameof(domain) : nameof(chain));
            }

            identity = id;
            this.domain = domain;
            this.chain = chain;
        }

        /// <summary>The chain this signer advances.</summary>
        public MessageChain Chain
        {
            get { return chain; }
        }

        /// <summary>Signs an observation; sets its Device, Sequence and PrevHash first.</summary>
        /// <param name="o">The observation; modified in place.</param>
        /// <returns>The signed message with its 167-byte envelope.</returns>
        public SignedMessage SignObservation(Observation o)
        {
            if (o == null)
            {
                throw new ArgumentNullException(nameof(o));
            }

            o.Device = identity.Address;
            o.Sequence = chain.LastSequence + 1;
            o.PrevHash = chain.LastDigest;
            byte[] digest = o.Digest(domain);
            byte[] envelope = Envelope.EncodeObservation(o, domain, identity.Sign(digest));
            chain.Advance(o.Sequence, digest);
            return new SignedMessage(MessageKinds.Observation, o.Sequence, digest, envelope);
        }

        /// <summary>Signs a payment intent; sets its Terminal, Sequence and PrevHash first.</summary>
        /// <param name="p">The intent with Merchant, Token, Amount, Expiry and OrderRef set; modified in place.</param>
        /// <returns>The signed message with its 243-byte envelope.</returns>
        public SignedMessage SignPaymentIntent(PaymentIntent p)
        {
            if (p == null)
            {
                throw new ArgumentNullException(nameof(p));
            }

            p.Terminal = identity.Address;
            p.Sequence = chain.LastSequence + 1;
            p.PrevHash = chain.LastDigest;
            byte[] digest = p.Digest(domain);
            byte[] envelope = Envelope.EncodePaymentIntent(p, domain, identity.Sign(digest));
            chain.Advance(p.Sequence, digest);
            return new SignedMessage(MessageKinds.PaymentIntent, p.Sequence, digest, envelope);
        }
    }
}
