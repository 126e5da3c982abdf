using System;
using System.IO;

namespace EdgeOracle.Emulator.Tests.Support
{
    internal static class RepoPaths
    {
        /// <summary>The repository root: the nearest ancestor of the test binaries that holds Directory.Build.props.</summary>
        public static string Root
        {
            get
            {
                for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
                    {
                        return dir.FullName;
                    }
                }

                throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
            }
        }

        public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);
    }
}
