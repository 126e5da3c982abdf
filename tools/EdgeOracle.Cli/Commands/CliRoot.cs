using System.CommandLine;

namespace EdgeOracle.Cli.Commands;

/// <summary>The command tree of <c>edge-cli</c>: what the program runs, and what the demo runs in-process for each actor.</summary>
internal static class CliRoot
{
    public static RootCommand Create() => new("EdgeOracle: signed field-device events relayed to on-chain finance.")
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
}
