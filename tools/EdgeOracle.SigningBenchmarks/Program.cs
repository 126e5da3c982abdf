using System;
using BenchmarkDotNet.Running;

namespace EdgeOracle.SigningBenchmarks
{
    /// <summary>Runs the BenchmarkDotNet suite, or with the argument "counts" prints the operation counts.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "counts")
            {
                return SigningCounts.Print(Console.Out);
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
