using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EdgeOracle.Firmware.Core.Crypto;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;

namespace EdgeOracle.Vectors
{
    /// <summary>
    /// Computes the protocol test vectors with the firmware core alone and renders them as JSON in a fixed
    /// layout (two-space indent, LF line ends, trailing newline), so that the same core always produces the
    /// same bytes and the committed file can be compared bit for bit.
    /// </summary>
    public sealed partial class VectorGenerator
    {
        private static readonly string[] Notes =
        {
            "Every integer is a decimal string and every byte string 0x-prefixed lower-case hex (PROTOCOL.md section 9).",
            "Private keys are keccak256(\"edgeoracle/vector/\" + label), e.g. label sensor/1; contract addresses are fixed small numbers, not deployments.",
            "Registry assumed by paymentIntents and rejections: the devices of observations are registered as sensors (role 1) owned by insurer/1, the devices of paymentIntents as terminals (role 2) owned by their intents' merchants; see registry, which also gives each device's registration proof (DeviceRegistration, PROTOCOL.md section 8).",
            "Each device's observations and payment intents form a valid chain in the order listed, starting from a fresh state (first prevHash zero); sequences may skip (section 5).",
            "Each rejection has exactly one fault and is meant for a gateway that knows the registry above and has stored nothing yet; reason is the spec name, reasonCode its decimal value.",
        };

        private const string RegistrationTypeString = "DeviceRegistration(address device,address owner,uint8 role)";
        private const string SensorOwnerLabel = "insurer/1";
        private static readonly byte[] RegistrationTypeHash = Keccak256.Hash(Encoding.UTF8.GetBytes(RegistrationTypeString));

        private readonly Eip712Domain domain = Eip712Domain.ForDeployment(VectorKeys.ChainId, VectorKeys.DeviceRegistry);
        private readonly Eip712Domain tokenDomain = new Eip712Domain(TokenName, TokenVersion, VectorKeys.ChainId, VectorKeys.Token);
        private readonly Utf8JsonWriter writer;

        private VectorGenerator(Stream output)
        {
            JsonWriterOptions options = new JsonWriterOptions
            {
                Indented = true,
                NewLine = "\n",
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            };
            writer = new Utf8JsonWriter(output, options);
        }

        /// <summary>Computes all vectors and returns the JSON text of vectors.json.</summary>
        /// <returns>The file's content, ending with a newline.</returns>
        public static string Generate()
        {
            using MemoryStream output = new MemoryStream();
            VectorGenerator generator = new VectorGenerator(output);
            generator.WriteAll();
            generator.writer.Flush();
            return Encoding.UTF8.GetString(output.ToArray()) + "\n";
        }

        private void WriteAll()
        {
            writer.WriteStartObject();
            writer.WriteString("protocol", "1");
            writer.WriteString("generator", "tools/EdgeOracle.Vectors (firmware core only)");
            writer.WriteStartArray("notes");
            foreach (string note in Notes)
            {
                writer.WriteStringValue(note);
            }

            writer.WriteEndArray();
            WriteDomain();
            WriteTypes();
            WriteRegistry();
            WriteKeccak();
            WriteObservations();
            WritePaymentIntents();
            WriteRejections();
            writer.WriteEndObject();
        }

        private void WriteDomain()
        {
            writer.WriteStartObject("domain");
            writer.WriteString("name", domain.Name);
            writer.WriteString("version", domain.Version);
            writer.WriteDecimal("chainId", domain.ChainId);
            writer.WriteHex("verifyingContract", domain.VerifyingContract);
            writer.WriteString("verifyingContractNote", "a fixed vector address standing for the DeviceRegistry, not a deployment");
            writer.WriteHex("separator", domain.Separator);
            writer.WriteHex("tag", domain.Tag);
            writer.WriteEndObject();
        }

        private void WriteTypes()
        {
            writer.WriteStartObject("types");
            WriteType("EIP712Domain", Eip712Domain.TypeString, Eip712Domain.TypeHash);
            WriteType("Observation", Observation.TypeString, Observation.TypeHash);
            WriteType("PaymentIntent", PaymentIntent.TypeString, PaymentIntent.TypeHash);
            WriteType("ReceiveWithAuthorization", ReceiveAuthorization.TypeString, ReceiveAuthorization.TypeHash);
            WriteType("DeviceRegistration", RegistrationTypeString, RegistrationTypeHash);
            writer.WriteEndObject();
        }

        private void WriteType(string name, string typeString, byte[] typeHash)
        {
            writer.WriteStartObject(name);
            writer.WriteString("typeString", typeString);
            writer.WriteHex("typeHash", typeHash);
            writer.WriteEndObject();
        }

        private void WriteRegistry()
        {
            writer.WriteStartObject("registry");
            writer.WriteStartArray("sensors");
            foreach (string label in SensorLabels)
            {
                writer.WriteStartObject();
                writer.WriteString("label", label);
                writer.WriteHex("address", VectorKeys.Address(label));
                writer.WriteDecimal("role", (ulong)DeviceRoles.Sensor);
                writer.WriteHex("owner", VectorKeys.Address(SensorOwnerLabel));
                WriteRegistrationProof(label, VectorKeys.Address(SensorOwnerLabel), DeviceRoles.Sensor);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("terminals");
            for (int i = 0; i < TerminalLabels.Length; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("label", TerminalLabels[i]);
                writer.WriteHex("address", VectorKeys.Address(TerminalLabels[i]));
                writer.WriteDecimal("role", (ulong)DeviceRoles.Terminal);
                writer.WriteHex("owner", VectorKeys.Address(MerchantLabels[i]));
                WriteRegistrationProof(TerminalLabels[i], VectorKeys.Address(MerchantLabels[i]), DeviceRoles.Terminal);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        /// <summary>
        /// The device's registration proof (PROTOCOL.md §8): its signature over
        /// DeviceRegistration(address device,address owner,uint8 role) on the deployment domain.
        /// </summary>
        private void WriteRegistrationProof(string label, byte[] owner, byte role)
        {
            byte[] encoded = new byte[4 * 32];
            Array.Copy(RegistrationTypeHash, 0, encoded, 0, 32);
            Array.Copy(VectorKeys.Address(label), 0, encoded, 32 + 12, 20); // addresses left-padded to a word
            Array.Copy(owner, 0, encoded, 64 + 12, 20);
            encoded[127] = role; // uint8, the word's last byte
            byte[] structHash = Keccak256.Hash(encoded);
            byte[] digest = Eip712.Digest(domain, structHash);
            writer.WriteHex("registrationStructHash", structHash);
            writer.WriteHex("registrationDigest", digest);
            writer.WriteHex("registrationProof", new DeviceIdentity(VectorKeys.Key(label)).Sign(digest));
        }

        private void WriteKeccak()
        {
            int[] lengths = { 0, 3, 32, 135, 136, 137, 200, 272 };
            writer.WriteStartArray("keccak");
            foreach (int length in lengths)
            {
                // Length 3 is "abc"; the others are the byte pattern (31 i + 7) mod 256, easy to regenerate anywhere.
                byte[] input = length == 3 ? Encoding.ASCII.GetBytes("abc") : Pattern(length);
                writer.WriteStartObject();
                writer.WriteHex("input", input);
                writer.WriteHex("hash", Keccak256.Hash(input));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        private static byte[] Pattern(int length)
        {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++)
            {
                bytes[i] = (byte)((31 * i) + 7);
            }

            return bytes;
        }
    }
}
