using System;
using System.IO;
using System.Threading.Tasks;
using EdgeOracle.Devnet;

namespace EdgeOracle.Provisioning.Tests
{
    /// <summary>What every provisioning test stands on: a fresh anvil chain, the contracts deployed by the dev deployer, and the deployment file in a scratch folder.</summary>
    public abstract class DeployedChainTest : IAsyncLifetime
    {
        /// <summary>Gets the scratch folder (deleted after the test).</summary>
        protected string Dir { get; } = Path.Combine(Path.GetTempPath(), "edge-provision-" + Guid.NewGuid().ToString("N"));

        /// <summary>Gets the chain.</summary>
        protected AnvilNode Anvil { get; private set; } = null!;

        /// <summary>Gets the deployment on it.</summary>
        protected Deployment Deployment { get; private set; } = null!;

        /// <summary>Gets the deployment file, as <c>edge deploy</c> writes it.</summary>
        protected string DeploymentPath { get; private set; } = null!;

        /// <inheritdoc />
        public virtual async Task InitializeAsync()
        {
            Anvil = await AnvilNode.StartAsync();
            Deployment = await EdgeContracts.DeployAsync(Anvil.RpcUrl, Anvil.ChainId, DevAccounts.Deployer);
            Directory.CreateDirectory(Dir);
            DeploymentPath = Path.Combine(Dir, "deployment.json");
            Deployment.Save(DeploymentPath);
        }

        /// <inheritdoc />
        public async Task DisposeAsync()
        {
            await Anvil.DisposeAsync();
            Directory.Delete(Dir, recursive: true);
        }
    }
}
