using System.Threading.Tasks;
using EdgeOracle.Gateway.CommandLine;
using Xunit;

namespace EdgeOracle.Gateway.Tests.CommandLine;

public sealed class GatewayCommandLineTests
{
    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "run" }, false)]
    [InlineData(new[] { "--Mqtt:Port=0" }, false)]
    [InlineData(new[] { "devices", "show", "0x00" }, true)]
    [InlineData(new[] { "devices", "list" }, true)]
    [InlineData(new[] { "--help" }, true)]
    public void IsCommand_SeparatesCommandsFromHostConfiguration(string[] args, bool expected) =>
        Assert.Equal(expected, GatewayCommandLine.IsCommand(args));

    [Fact]
    public void RunArguments_DropsTheWordRun_AndKeepsConfiguration() =>
        Assert.Equal(["--Mqtt:Port=0"], GatewayCommandLine.RunArguments(["run", "--Mqtt:Port=0"]));

    [Fact]
    public async Task Help_ExitsZero_AndAnUnknownCommandDoesNot()
    {
        Assert.Equal(0, await GatewayCommandLine.InvokeAsync(["--help"]));
        Assert.NotEqual(0, await GatewayCommandLine.InvokeAsync(["devices", "frobnicate"]));
    }

    [Fact]
    public void Deploy_IsNoLongerAGatewayCommand_TheForgeScriptIsTheOneDeployer() =>
        Assert.False(GatewayCommandLine.IsCommand(["deploy", "--artifact", "x.json"]));

    [Fact]
    public async Task DevicesList_ReadsAnEmptyStore()
    {
        using var temp = new TestSupport.TempDirectory();
        Assert.Equal(0, await GatewayCommandLine.InvokeAsync(["devices", "list", "--db", temp.File("gateway.db")]));
    }
}
