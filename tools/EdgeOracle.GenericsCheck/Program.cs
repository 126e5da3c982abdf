using System;
using System.IO;

namespace EdgeOracle.GenericsCheck
{
    /// <summary>
    /// <c>EdgeOracle.GenericsCheck &lt;assembly.dll&gt;</c>: exit 0 with one line when the assembly uses no generics,
    /// exit 1 listing every offence, exit 2 on a usage or file error.
    /// </summary>
    public static class Program
    {
        /// <summary>Entry point.</summary>
        /// <param name="args">The path of the assembly to check.</param>
        /// <returns>0 clean, 1 generics found, 2 usage or file error.</returns>
        public static int Main(string[] args)
        {
            return Run(args, Console.Out, Console.Error);
        }

        /// <summary>Runs the check writing to the given writers, so tests can read what it says.</summary>
        /// <param name="args">The command-line arguments.</param>
        /// <param name="output">Receives the verdict and the offences.</param>
        /// <param name="error">Receives usage and file errors.</param>
        /// <returns>The exit code.</returns>
        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            if (args.Length != 1)
            {
                error.WriteLine("usage: EdgeOracle.GenericsCheck <assembly.dll>");
                return 2;
            }

            ScanResult result;
            try
            {
                result = GenericsScanner.Scan(args[0]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException)
            {
                error.WriteLine("cannot read " + args[0] + ": " + e.Message);
                return 2;
            }

            if (result.Offences.Count == 0)
            {
                output.WriteLine("no generics in " + result.AssemblyFile + " (" + result.TypeCount + " types, " + result.MethodCount + " methods scanned)");
                return 0;
            }

            output.WriteLine(result.Offences.Count + " uses of generics in " + result.AssemblyFile + " (nanoFramework has no generics):");
            foreach (string offence in result.Offences)
            {
                output.WriteLine("  " + offence);
            }

            return 1;
        }
    }
}
