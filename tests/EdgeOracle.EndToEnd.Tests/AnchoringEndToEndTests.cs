using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Gateway.Anchoring;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Protocol.Nethereum;
using EdgeOracle.Protocol.Wire;
using MessageKind = EdgeOracle.Protocol.MessageKind;
using ReasonCode = EdgeOracle.Protocol.ReasonCode;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Web3;
using Xunit;

namespace EdgeOracle.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class AnchoringEndToEndTests(SystemFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task StoredReading_HasProofFromApi_ThatVerifiesOnChainWithTheReadingsSignature()
    {
        var system = fixture.System;
        Assert.False(string.IsNullOrEmpty(system.Deployment.MerkleAnchor), "MerkleAnchor is deployed");
        var sensor = await system.ProvisionSensorAsync();
        await using var station = await Scenario.StartStationAsync(system, sensor, Scenario.DaysAgo(3));
        var days = await station.RunDaysAsync([1.5, 0.0, 2.5]);
        Assert.All(days, d => Assert.Equal(ReasonCodes.Accepted, d.Reason));
        var day = days[1];

        var proof = await WaitForAnchoredProofAsync(system, sensor.Address, day.Sequence, TimeSpan.FromSeconds(60));
        Assert.Equal(day.Sequence, proof.Sequence);
        Assert.True(proof.Proof.Count <= Math.Ceiling(Math.Log2(proof.Count)), "at most one sibling per tree level");

        // On chain: the reading's digest as QuorumInsurance computes it, the proof, and the device's signature. The
        // sensor is in no region: its readings are stored and anchored, not relayed.
        Assert.Equal(ReasonCode.Accepted, EnvelopeDecoder.ReadObservation(day.Envelope, out var envelope));
        var signature = envelope!.Signature.ToArray();
        var web3 = new Web3(system.Deployment.RpcUrl);
        var digest = await web3.Eth.GetContractQueryHandler<ObservationDigestFunction>()
            .QueryAsync<byte[]>(system.Deployment.QuorumInsurance, new ObservationDigestFunction { Obs = ObservationStruct.Of(envelope.Body) });
        Assert.Equal(proof.Leaf, digest.ToHex(true));

        var siblings = proof.Proof.Select(p => p.HexToByteArray()).ToList();
        var reading = await web3.Eth.GetContractQueryHandler<VerifyReadingFunction>()
            .QueryDeserializingToObjectAsync<VerifyReadingOutput>(
                new VerifyReadingFunction { Digest = digest, Proof = siblings, Signature = signature },
                system.Deployment.MerkleAnchor);
        Assert.Equal(proof.Root, reading.Root.ToHex(true));
        Assert.Equal(sensor.Address, reading.Signer.ToLowerInvariant());
        Assert.Equal(
            new Nethereum.Signer.EthECKey(DevAccounts.Relayer).GetPublicAddress().ToLowerInvariant(),
            reading.Anchor.Submitter.ToLowerInvariant());
        Assert.Equal(proof.BlockNumber, (long)reading.Anchor.BlockNumber);

        var verified = await web3.Eth.GetContractQueryHandler<VerifyFunction>()
            .QueryAsync<bool>(system.Deployment.MerkleAnchor, new VerifyFunction { Leaf = digest, Proof = siblings });
        Assert.True(verified, "verify(leaf, proof)");

        // A proof for a tampered leaf leads nowhere.
        var forged = (byte[])digest.Clone();
        forged[0] ^= 1;
        Assert.False(await web3.Eth.GetContractQueryHandler<VerifyFunction>()
            .QueryAsync<bool>(system.Deployment.MerkleAnchor, new VerifyFunction { Leaf = forged, Proof = siblings }));
        fixture.AssertGatewayLoggedNoErrors();
    }

    [Fact]
    public async Task ProofEndpoint_AnswersNotFound_ForAReadingNeverStored()
    {
        using var http = new HttpClient { BaseAddress = fixture.System.Gateway.HttpAddress };
        var response = await http.GetAsync($"/api/proofs/{DeviceKey.Create().Address}/1");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("not stored", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<ReadingProof> WaitForAnchoredProofAsync(LocalEdgeSystem system, string device, ulong sequence, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = system.Gateway.HttpAddress };
        var clock = Stopwatch.StartNew();
        string last = "no answer";
        while (clock.Elapsed < timeout)
        {
            var response = await http.GetAsync($"/api/proofs/{device}/{sequence}");
            if (response.IsSuccessStatusCode)
            {
                var proof = (await response.Content.ReadFromJsonAsync<ReadingProof>(Json))!;
                if (proof.Status == AnchorStatus.Anchored)
                {
                    return proof;
                }

                last = "status " + proof.Status;
            }
            else
            {
                last = response.StatusCode + ": " + await response.Content.ReadAsStringAsync();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{device} #{sequence} was not anchored within {timeout} (last: {last}).");
    }

    [Function("verify", "bool")]
    private sealed class VerifyFunction : FunctionMessage
    {
        [Parameter("bytes32", "leaf", 1)]
        public byte[] Leaf { get; set; } = [];

        [Parameter("bytes32[]", "proof", 2)]
        public System.Collections.Generic.List<byte[]> Proof { get; set; } = [];
    }

    [Function("verifyReading", typeof(VerifyReadingOutput))]
    private sealed class VerifyReadingFunction : FunctionMessage
    {
        [Parameter("bytes32", "digest", 1)]
        public byte[] Digest { get; set; } = [];

        [Parameter("bytes32[]", "proof", 2)]
        public System.Collections.Generic.List<byte[]> Proof { get; set; } = [];

        [Parameter("bytes", "signature", 3)]
        public byte[] Signature { get; set; } = [];
    }

    [FunctionOutput]
    private sealed class VerifyReadingOutput : IFunctionOutputDTO
    {
        [Parameter("bytes32", "root", 1)]
        public byte[] Root { get; set; } = [];

        [Parameter("tuple", "anchored", 2)]
        public AnchorStruct Anchor { get; set; } = new();

        [Parameter("address", "signer", 3)]
        public string Signer { get; set; } = string.Empty;
    }

    private sealed class AnchorStruct
    {
        [Parameter("address", "submitter", 1)]
        public string Submitter { get; set; } = string.Empty;

        [Parameter("uint64", "count", 2)]
        public ulong Count { get; set; }

        [Parameter("uint64", "blockNumber", 3)]
        public ulong BlockNumber { get; set; }
    }
}
