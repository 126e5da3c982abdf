using System;
using System.IO;

namespace EdgeOracle.Gateway.Tests.TestSupport;

/// <summary>The gateway the test project was built with, for tests that run it as a child process.</summary>
public static class GatewayBinary
{
    /// <summary><c>gateway/EdgeOracle.Gateway/bin/&lt;Configuration&gt;/net10.0/EdgeOracle.Gateway.dll</c>, the configuration being the tests'.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (!File.Exists(System.IO.Path.Combine(root.FullName, "EdgeOracle.slnx")))
        {
            root = root.Parent!;
        }

        return System.IO.Path.Combine(root.FullName, "gateway", "EdgeOracle.Gateway", "bin", configuration, "net10.0", "EdgeOracle.Gateway.dll");
    }
}
