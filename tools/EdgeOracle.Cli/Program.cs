using System.CommandLine;
using EdgeOracle.Cli.Commands;

var root = new RootCommand("EdgeOracle: signed field-device events relayed to on-chain finance.")
{
    DemoCommand.Create(),
    DeployCommand.Create(),
    LenderCommand.Create(),
    InvestorCommand.Create(),
    TraderCommand.Create(),
    FarmerCommand.Create(),
    MerchantCommand.Create(),
    InsurerCommand.Create(),
    OperatorCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
