using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EdgeOracle.Devnet;
using EdgeOracle.Firmware.Core.Device;
using EdgeOracle.Firmware.Core.Protocol;
using EdgeOracle.Gateway.Chain;
using Nethereum.Contracts;

namespace EdgeOracle.Provisioning.Tests
{
    /// <summary><c>edge-provision --region ID</c>: a sensor station joins a QuorumInsurance region, or nothing is sent.</summary>
    public sealed class RegionProvisioningTests : DeployedChainTest
    {
        private static readonly string RegisteredTopic = "0x" + Convert.ToHexStringLower(
            Firmware.Core.Crypto.Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes("DeviceRegistered(address,address,uint8)")));

        private EdgeContracts _insurer = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();

            // The dev deployer owns QuorumInsurance: it is the insurer here.
            _insurer = new EdgeContracts(Deployment, DevAccounts.Deployer);
        }

        [Fact]
        public async Task Provision_WithARegion_AddsTheNewStationToThatRegionOnChain_AtTheNextIndex()
        {
            uint region = await CreateRegionOfAsync(2);

            ProvisionResult result = await Provisioner.ProvisionAsync(Request("sensor", DevAccounts.Deployer, "joined") with { Region = region });

            Assert.Equal(region, result.Region);
            Assert.NotNull(result.RegionTransaction);
            List<string> sensors = await RegionSensorsAsync(region);
            Assert.Equal(3, sensors.Count);
            Assert.Equal(result.Device, sensors[2].ToLowerInvariant());
            SensorStateOutput state = await QuorumInsurance().GetFunction("sensorState").CallDeserializingToObjectAsync<SensorStateOutput>(result.Device);
            Assert.Equal((region, (byte)2), (state.RegionId, state.Index));
        }

        [Fact]
        public async Task Provision_WithAnUnknownRegion_IsRefusedInOneSentence_BeforeAnythingIsWrittenOrSent()
        {
            await CreateRegionOfAsync(1);
            string output = Path.Combine(Dir, "unknown");
            int before = await DevicesRegisteredSinceDeployAsync();

            ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => Provisioner.ProvisionAsync(Request("sensor", DevAccounts.Deployer, "unknown") with { Region = 7 }));

            Assert.StartsWith("Region 7 does not exist in QuorumInsurance " + Deployment.QuorumInsurance.ToLowerInvariant(), e.Message, StringComparison.Ordinal);
            Assert.False(Directory.Exists(output));
            Assert.Equal(before, await DevicesRegisteredSinceDeployAsync());
        }

        [Fact]
        public async Task Provision_WithARegion_ByAnAccountThatDoesNotOwnQuorumInsurance_IsRefusedBeforeRegistering()
        {
            uint region = await CreateRegionOfAsync(1);
            int before = await DevicesRegisteredSinceDeployAsync();

            ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => Provisioner.ProvisionAsync(Request("sensor", DevAccounts.Insurer, "not-owner") with { Region = region }));

            Assert.StartsWith("Only QuorumInsurance's owner " + _insurer.From.ToLowerInvariant() + " adds stations to regions", e.Message, StringComparison.Ordinal);
            Assert.Equal(before, await DevicesRegisteredSinceDeployAsync());
        }

        [Fact]
        public async Task Provision_WithARegion_RefusesATerminalOrAMeter_BeforeTouchingTheChain()
        {
            uint region = await CreateRegionOfAsync(1);

            foreach (string role in new[] { "terminal", "meter" })
            {
                ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => Provisioner.ProvisionAsync(Request(role, DevAccounts.Deployer, role) with { Region = region }));
                Assert.Equal($"Only a sensor station joins a QuorumInsurance region, not a {role}: drop --region or use --role sensor. (Parameter 'request')", e.Message);
                Assert.False(Directory.Exists(Path.Combine(Dir, role)));
            }
        }

        [Fact]
        public async Task Provision_WithAFullRegion_IsRefusedBeforeRegistering()
        {
            uint region = await CreateRegionOfAsync(EdgeOracle.Protocol.ContractLimits.MaxRegionSensors);
            int before = await DevicesRegisteredSinceDeployAsync();

            ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => Provisioner.ProvisionAsync(Request("sensor", DevAccounts.Deployer, "full") with { Region = region }));

            Assert.Equal($"Region {region} is full (32 stations, the contract's most): pick another --region.", e.Message);
            Assert.Equal(before, await DevicesRegisteredSinceDeployAsync());
        }

        private ProvisionRequest Request(string role, string ownerKey, string folder) => new()
        {
            Role = role,
            OwnerKey = ownerKey,
            DeploymentPath = DeploymentPath,
            RpcUrl = Anvil.RpcUrl,
            OutputDirectory = Path.Combine(Dir, folder),
        };

        /// <summary>Registers <paramref name="n"/> fresh sensors under the insurer and makes a region of them.</summary>
        private async Task<uint> CreateRegionOfAsync(int n)
        {
            List<string> sensors = [];
            for (int i = 0; i < n; i++)
            {
                byte[] key = Provisioner.CreatePrivateKey();
                await _insurer.RegisterDeviceAsync(key, DeviceRoles.Sensor);
                sensors.Add(new DeviceIdentity(key).AddressHex);
            }

            return await _insurer.CreateRegionAsync(sensors);
        }

        private Task<List<string>> RegionSensorsAsync(uint region) =>
            QuorumInsurance().GetFunction("regionSensors").CallAsync<List<string>>(region);

        private Contract QuorumInsurance() => _insurer.Contract("QuorumInsurance", Deployment.QuorumInsurance);

        /// <summary>How many DeviceRegistered events the registry emitted, to show that a refusal registered nothing.</summary>
        private async Task<int> DevicesRegisteredSinceDeployAsync()
        {
            var logs = await _insurer.Web3.Eth.Filters.GetLogs.SendRequestAsync(new Nethereum.RPC.Eth.DTOs.NewFilterInput
            {
                Address = [Deployment.DeviceRegistry],
                FromBlock = Nethereum.RPC.Eth.DTOs.BlockParameter.CreateEarliest(),
                ToBlock = Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest(),
            });
            return logs.Count(l => l.Topics.Length > 0 && string.Equals(l.Topics[0]?.ToString(), RegisteredTopic, StringComparison.OrdinalIgnoreCase));
        }
    }
}
