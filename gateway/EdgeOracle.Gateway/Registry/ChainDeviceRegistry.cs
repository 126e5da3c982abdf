using System;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Gateway.Chain;
using EdgeOracle.Gateway.Options;
using EdgeOracle.Protocol;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Registry;

/// <summary>Reads <c>DeviceRegistry.deviceInfo(address)</c> through Nethereum.</summary>
public sealed class ChainDeviceRegistry(ChainConnection connection, IOptions<ChainOptions> options) : IDeviceRegistry
{
    private readonly string _registry = options.Value.DeviceRegistryAddress;

    /// <inheritdoc />
    public async ValueTask<DeviceInfo> GetAsync(Address device, CancellationToken cancellationToken)
    {
        DeviceInfoOutput output;
        try
        {
            output = await connection.Web3.Eth.GetContractQueryHandler<DeviceInfoFunction>()
                .QueryDeserializingToObjectAsync<DeviceInfoOutput>(new DeviceInfoFunction { Device = device.ToString() }, _registry)
                .WaitAsync(cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new RegistryUnavailableException($"deviceInfo({device}) failed: {exception.Message}", exception);
        }

        return Address.TryParse(output.Owner, out var owner)
            ? new DeviceInfo(owner, (DeviceRole)output.Role, output.Active)
            : DeviceInfo.Unregistered;
    }
}
