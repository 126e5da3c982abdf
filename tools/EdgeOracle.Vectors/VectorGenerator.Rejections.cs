using System;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Vectors
{
    /// <content>Payloads a gateway must refuse, each with exactly one fault and the reason it must give.</content>
    public sealed partial class VectorGenerator
    {
        // n, big-endian, to turn a low s into its high twin.
        private static readonly byte[] Order = Hex.Decode("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

        private void WriteRejections()
        {
            writer.WriteStartArray("rejections");
            string sensor1 = Hex.Encode(VectorKeys.Address("sensor/1"));
            string obsTopic = Topics.Observations(sensor1);
            byte[] observation = firstObservationWire;
            string payTopic = Topics.Payments(Hex.Encode(VectorKeys.Address(TerminalLabels[0])));

            Reject("truncated observation", "the first observation without its last byte", obsTopic, Resize(observation, -1), ReasonCodes.Truncated);
            Reject("oversized observation", "the first observation with one zero byte appended", obsTopic, Resize(observation, 1), ReasonCodes.Oversized);
            Reject("truncated payment submission", "the first payment submission without its last byte", payTopic, Resize(firstSubmission, -1), ReasonCodes.Truncated);
            Reject("oversized payment submission", "the first payment submission with one zero byte appended", payTopic, Resize(firstSubmission, 1), ReasonCodes.Oversized);

            Eip712Domain otherChain = Eip712Domain.ForDeployment(1, VectorKeys.DeviceRegistry);
            Reject("wrong domain", "sensor/1's first observation signed for chain id 1 instead of 31337", obsTopic, SignedObservation("sensor/1", otherChain, Start, Start + 3600, 0), ReasonCodes.WrongDomain);

            byte[] tampered = Copy(observation);
            tampered[Envelope.HeaderSize + 55] ^= 0x01;
            Reject("bad signature", "the first observation with its value changed after signing (lowest bit flipped)", obsTopic, tampered, ReasonCodes.BadSignature);
            Reject("high-s signature", "the first observation with s replaced by n - s and v flipped: valid for ecrecover, refused by EIP-2", obsTopic, HighS(observation), ReasonCodes.BadSignature);

            byte[] badV = Copy(observation);
            badV[badV.Length - 1] = 29;
            Reject("malformed v", "the first observation with v = 29", obsTopic, badV, ReasonCodes.Malformed);

            string unknown = Hex.Encode(VectorKeys.Address("unknown/1"));
            Reject("unknown device", "a well-formed observation signed by unknown/1, which the registry does not hold, on its own topic", Topics.Observations(unknown), SignedObservation("unknown/1", domain, Start, Start + 3600, 0), ReasonCodes.UnknownDevice);
            Reject("wrong role: sensor sends a payment", "sensor/1 signs a payment intent (with a valid customer authorization) and publishes it on its pay topic", Topics.Payments(sensor1), SensorPayment(), ReasonCodes.WrongRole);
            string terminal1 = Hex.Encode(VectorKeys.Address(TerminalLabels[0]));
            Reject("wrong role: terminal sends an observation", "terminal/1 signs an observation and publishes it on its obs topic", Topics.Observations(terminal1), SignedObservation(TerminalLabels[0], domain, Start, Start + 3600, 0), ReasonCodes.WrongRole);
            Reject("topic mismatch", "sensor/1's first observation published on sensor/2's obs topic", Topics.Observations(Hex.Encode(VectorKeys.Address("sensor/2"))), observation, ReasonCodes.TopicMismatch);

            byte[] version = Copy(observation);
            version[0] = 0x02;
            Reject("malformed version", "the first observation with envelope version 2", obsTopic, version, ReasonCodes.Malformed);
            byte[] kind = Copy(observation);
            kind[1] = 0x03;
            Reject("malformed kind", "the first observation with the unknown kind 3", obsTopic, kind, ReasonCodes.Malformed);
            Reject("malformed window: end equals start", "a signed observation of sensor/1 with windowEnd = windowStart", obsTopic, SignedObservation("sensor/1", domain, Start, Start, 0), ReasonCodes.Malformed);
            Reject("malformed window: end before start", "a signed observation of sensor/1 with windowEnd < windowStart", obsTopic, SignedObservation("sensor/1", domain, Start + 3600, Start, 0), ReasonCodes.Malformed);
            Reject("malformed flags: reserved bit", "a signed observation of sensor/1 with the reserved flag bit 4 set", obsTopic, SignedObservation("sensor/1", domain, Start, Start + 3600, 1u << 4), ReasonCodes.Malformed);

            Reject("bad customer authorization", "terminal/1's first intent with an authorization signed by customer/2 but naming customer/1 as from", payTopic, TerminalPayment(FarFuture, "customer/2"), ReasonCodes.BadAuthorization);
            Reject("expired intent", "terminal/1's first intent with expiry 1700000000 (2023-11-14), in the past for any current clock", payTopic, TerminalPayment(1700000000, "customer/1"), ReasonCodes.Expired);
            writer.WriteEndArray();
        }

        private void Reject(string name, string description, string topic, byte[] payload, byte reason)
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteString("description", description);
            writer.WriteString("topic", topic);
            writer.WriteHex("payload", payload);
            writer.WriteString("reason", ReasonCodes.Name(reason));
            writer.WriteDecimal("reasonCode", (ulong)reason);
            writer.WriteEndObject();
        }

        // A first (sequence 1, zero prevHash) rainfall observation of `label`, correctly signed under `signingDomain`.
        private static byte[] SignedObservation(string label, Eip712Domain signingDomain, ulong windowStart, ulong windowEnd, uint flags)
        {
            Observation o = NewObservation(label, 1, new byte[32], Metrics.Rainfall, windowStart, windowEnd, 1200, 6, flags);
            byte[] signature = new DeviceIdentity(VectorKeys.Key(label)).Sign(o.Digest(signingDomain));
            return Envelope.EncodeObservation(o, signingDomain, signature);
        }

        private byte[] SensorPayment()
        {
            PaymentIntent p = NewPaymentIntent("sensor/1", MerchantLabels[0], 1, new byte[32], 12500000, FarFuture, "receipt/0001");
            return Submission("sensor/1", p, "customer/1", "customer/1");
        }

        // terminal/1's first intent with the given expiry, authorized by `signer` on behalf of customer/1.
        private byte[] TerminalPayment(ulong expiry, string signer)
        {
            PaymentIntent p = NewPaymentIntent(TerminalLabels[0], MerchantLabels[0], 1, new byte[32], 12500000, expiry, "receipt/0001");
            return Submission(TerminalLabels[0], p, "customer/1", signer);
        }

        private byte[] Submission(string device, PaymentIntent p, string customer, string signer)
        {
            byte[] digest = p.Digest(domain);
            byte[] wire = Envelope.EncodePaymentIntent(p, domain, new DeviceIdentity(VectorKeys.Key(device)).Sign(digest));
            ReceiveAuthorization authorization = Authorize(customer, p.Amount, 0, FarFuture, digest);
            byte[] customerSignature = Secp256k1.Sign(authorization.Digest(tokenDomain), VectorKeys.Key(signer));
            return Envelope.EncodeSubmission(wire, authorization.From, 0, FarFuture, customerSignature);
        }

        private static byte[] HighS(byte[] envelope)
        {
            byte[] result = Copy(envelope);
            int s = result.Length - 33;
            int borrow = 0;
            for (int i = 31; i >= 0; i--)
            {
                int d = Order[i] - envelope[s + i] - borrow;
                borrow = d < 0 ? 1 : 0;
                result[s + i] = (byte)d;
            }

            result[result.Length - 1] = (byte)(envelope[envelope.Length - 1] == 27 ? 28 : 27);
            return result;
        }

        private static byte[] Resize(byte[] payload, int delta)
        {
            byte[] result = new byte[payload.Length + delta];
            Array.Copy(payload, result, Math.Min(payload.Length, result.Length));
            return result;
        }

        private static byte[] Copy(byte[] payload)
        {
            return (byte[])payload.Clone();
        }
    }
}
