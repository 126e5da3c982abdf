using System.Text;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Vectors
{
    /// <content>The signed observations and payment intents (with their customers' authorizations).</content>
    public sealed partial class VectorGenerator
    {
        private const string TokenName = "Test USD";
        private const string TokenVersion = "1";

        // 2026-01-01T00:00:00Z, and 2100-01-01T00:00:00Z for expiries that stay in the future.
        private const ulong Start = 1767225600;
        private const ulong FarFuture = 4102444800;

        private static readonly string[] SensorLabels = { "sensor/1", "sensor/2", "sensor/3" };
        private static readonly string[] TerminalLabels = { "terminal/1", "terminal/2" };
        private static readonly string[] MerchantLabels = { "merchant/1", "merchant/2" };

        // Kept for the rejections, which start from valid messages.
        private byte[] firstObservationWire = new byte[0];
        private byte[] firstSubmission = new byte[0];

        private void WriteObservations()
        {
            writer.WriteStartArray("observations");

            // sensor/1: a rainfall hour, then a chained temperature mean below zero.
            byte[] digest = WriteObservation("sensor/1", 1, new byte[32], Metrics.Rainfall, Start, Start + 3600, 1200, 6, 0);
            WriteObservation("sensor/1", 2, digest, Metrics.AirTemperature, Start + 3600, Start + 7200, -1250, 60, 0);

            // sensor/2: extreme values, then a jump to the largest sequence with the smallest value and health flags.
            digest = WriteObservation("sensor/2", 1, new byte[32], Metrics.EnergyProduced, ulong.MaxValue - 1, ulong.MaxValue, long.MaxValue, uint.MaxValue, 0);
            WriteObservation("sensor/2", ulong.MaxValue, digest, Metrics.AirPressure, Start, Start + 60, long.MinValue, 1, ObservationFlags.Stuck | ObservationFlags.Gap | ObservationFlags.Rebooted);

            // sensor/3: soil moisture with an out-of-range sample.
            WriteObservation("sensor/3", 1, new byte[32], Metrics.SoilMoisture, Start, Start + 900, 3175, 12, ObservationFlags.OutOfRange);
            writer.WriteEndArray();
        }

        private byte[] WriteObservation(string label, ulong sequence, byte[] prevHash, uint metric, ulong windowStart, ulong windowEnd, long value, uint samples, uint flags)
        {
            Observation o = NewObservation(label, sequence, prevHash, metric, windowStart, windowEnd, value, samples, flags);
            byte[] structHash = o.StructHash();
            byte[] digest = Eip712.Digest(domain, structHash);
            byte[] signature = new DeviceIdentity(VectorKeys.Key(label)).Sign(digest);
            byte[] wire = Envelope.EncodeObservation(o, domain, signature);
            if (firstObservationWire.Length == 0)
            {
                firstObservationWire = wire;
            }

            writer.WriteStartObject();
            writer.WriteString("label", label);
            writer.WriteHex("privateKey", VectorKeys.Key(label));
            writer.WriteHex("device", o.Device);
            writer.WriteDecimal("sequence", o.Sequence);
            writer.WriteDecimal("metric", (ulong)o.Metric);
            writer.WriteDecimal("windowStart", o.WindowStart);
            writer.WriteDecimal("windowEnd", o.WindowEnd);
            writer.WriteDecimal("value", o.Value);
            writer.WriteDecimal("sampleCount", (ulong)o.SampleCount);
            writer.WriteDecimal("flags", (ulong)o.Flags);
            writer.WriteHex("prevHash", o.PrevHash);
            writer.WriteHex("structHash", structHash);
            writer.WriteHex("digest", digest);
            writer.WriteHex("signature", signature);
            writer.WriteHex("wire", wire);
            writer.WriteString("topic", Topics.Observations(Hex.Encode(o.Device)));
            writer.WriteEndObject();
            return digest;
        }

        private static Observation NewObservation(string label, ulong sequence, byte[] prevHash, uint metric, ulong windowStart, ulong windowEnd, long value, uint samples, uint flags)
        {
            Observation o = new Observation();
            o.Device = VectorKeys.Address(label);
            o.Sequence = sequence;
            o.Metric = metric;
            o.WindowStart = windowStart;
            o.WindowEnd = windowEnd;
            o.Value = value;
            o.SampleCount = samples;
            o.Flags = flags;
            o.PrevHash = prevHash;
            return o;
        }

        private void WritePaymentIntents()
        {
            writer.WriteStartArray("paymentIntents");

            // terminal/1 (merchant/1): 12.50 USD, then a chained 1-unit sale authorized from a later time.
            byte[] digest = WritePaymentIntent(0, 1, new byte[32], 12500000, "receipt/0001", "customer/1", 0);
            WritePaymentIntent(0, 2, digest, 1, "receipt/0002", "customer/2", Start);

            // terminal/2 (merchant/2): the largest amount a uint64 holds, to pin the uint256 encoding.
            WritePaymentIntent(1, 1, new byte[32], ulong.MaxValue, "receipt/0003", "customer/3", Start);
            writer.WriteEndArray();
        }

        private byte[] WritePaymentIntent(int terminal, ulong sequence, byte[] prevHash, ulong amount, string receipt, string customer, ulong validAfter)
        {
            string label = TerminalLabels[terminal];
            PaymentIntent p = NewPaymentIntent(label, MerchantLabels[terminal], sequence, prevHash, amount, FarFuture, receipt);
            byte[] structHash = p.StructHash();
            byte[] digest = Eip712.Digest(domain, structHash);
            byte[] signature = new DeviceIdentity(VectorKeys.Key(label)).Sign(digest);
            byte[] wire = Envelope.EncodePaymentIntent(p, domain, signature);
            ReceiveAuthorization authorization = Authorize(customer, p.Amount, validAfter, FarFuture, digest);
            byte[] customerDigest = authorization.Digest(tokenDomain);
            byte[] customerSignature = Secp256k1.Sign(customerDigest, VectorKeys.Key(customer));
            byte[] submission = Envelope.EncodeSubmission(wire, authorization.From, validAfter, FarFuture, customerSignature);
            if (firstSubmission.Length == 0)
            {
                firstSubmission = submission;
            }

            writer.WriteStartObject();
            writer.WriteString("label", label);
            writer.WriteHex("privateKey", VectorKeys.Key(label));
            writer.WriteHex("terminal", p.Terminal);
            writer.WriteHex("merchant", p.Merchant);
            writer.WriteHex("token", p.Token);
            writer.WriteDecimal("amount", p.Amount);
            writer.WriteDecimal("expiry", p.Expiry);
            writer.WriteHex("orderRef", p.OrderRef);
            writer.WriteString("orderRefPreimage", receipt);
            writer.WriteDecimal("sequence", p.Sequence);
            writer.WriteHex("prevHash", p.PrevHash);
            writer.WriteHex("structHash", structHash);
            writer.WriteHex("digest", digest);
            writer.WriteHex("signature", signature);
            writer.WriteHex("wire", wire);
            writer.WriteStartObject("customer");
            writer.WriteString("label", customer);
            writer.WriteHex("privateKey", VectorKeys.Key(customer));
            writer.WriteHex("from", authorization.From);
            writer.WriteDecimal("validAfter", validAfter);
            writer.WriteDecimal("validBefore", FarFuture);
            writer.WriteString("tokenName", TokenName);
            writer.WriteString("tokenVersion", TokenVersion);
            writer.WriteDecimal("tokenChainId", tokenDomain.ChainId);
            writer.WriteHex("tokenAddress", VectorKeys.Token);
            writer.WriteHex("tokenSeparator", tokenDomain.Separator);
            writer.WriteHex("router", VectorKeys.Router);
            writer.WriteHex("structHash", authorization.StructHash());
            writer.WriteHex("digest", customerDigest);
            writer.WriteHex("signature", customerSignature);
            writer.WriteEndObject();
            writer.WriteHex("submission", submission);
            writer.WriteString("topic", Topics.Payments(Hex.Encode(p.Terminal)));
            writer.WriteEndObject();
            return digest;
        }

        private static PaymentIntent NewPaymentIntent(string terminal, string merchant, ulong sequence, byte[] prevHash, ulong amount, ulong expiry, string receipt)
        {
            PaymentIntent p = new PaymentIntent();
            p.Terminal = VectorKeys.Address(terminal);
            p.Merchant = VectorKeys.Address(merchant);
            p.Token = VectorKeys.Token;
            p.Amount = amount;
            p.Expiry = expiry;
            p.OrderRef = Keccak256.Hash(Encoding.UTF8.GetBytes(receipt));
            p.Sequence = sequence;
            p.PrevHash = prevHash;
            return p;
        }

        private static ReceiveAuthorization Authorize(string customer, ulong amount, ulong validAfter, ulong validBefore, byte[] intentDigest)
        {
            ReceiveAuthorization authorization = new ReceiveAuthorization();
            authorization.From = VectorKeys.Address(customer);
            authorization.To = VectorKeys.Router;
            authorization.Value = amount;
            authorization.ValidAfter = validAfter;
            authorization.ValidBefore = validBefore;
            authorization.Nonce = intentDigest;
            return authorization;
        }
    }
}
