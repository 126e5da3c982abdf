using System.Threading.Tasks;

namespace EdgeOracle.Emulator.Tests.Support
{
    /// <summary>Base for tests that need a real broker and the test playing the gateway on it; both are per test.</summary>
    public abstract class BrokerTest : IAsyncLifetime
    {
        protected InProcessBroker Broker { get; private set; } = null!;

        protected TestGateway Gateway { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Broker = await InProcessBroker.StartAsync();
            Gateway = await TestGateway.StartAsync(Broker);
        }

        public async Task DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Broker.DisposeAsync();
        }
    }
}
