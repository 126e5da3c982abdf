using System;
using System.IO;

namespace EdgeOracle.Vectors
{
    /// <summary>
    /// Writes the protocol test vectors (PROTOCOL.md §9) computed by the firmware core:
    /// <c>EdgeOracle.Vectors [--check] [path]</c>. Without a path it writes firmware/protocol/vectors.json of the
    /// repository it runs in. With --check it writes nothing and exits 1 when the file differs from what the
    /// core computes now, so CI can catch a protocol change that was not regenerated.
    /// </summary>
    public static class Program
    {
        /// <summary>Entry point.</summary>
        /// <param name="args">Optional --check and an optional output path.</param>
        /// <returns>0 on success, 1 when --check finds a difference, 2 on a usage error.</returns>
        public static int Main(string[] args)
        {
            bool check = false;
            string? path = null;
            foreach (string arg in args)
            {
                if (arg == "--check")
                {
                    check = true;
                }
                else if (path == null && !arg.StartsWith("-", StringComparison.Ordinal))
                {
                    path = arg;
                }
                else
                {
                    Console.Error.WriteLine("usage: EdgeOracle.Vectors [--check] [path]");
                    return 2;
                }
            }

            path ??= RepositoryPaths.DefaultVectorsFile();
            string json = VectorGenerator.Generate();
            if (check)
            {
                bool same = File.Exists(path) && File.ReadAllText(path) == json;
                Console.WriteLine(same ? path + " is up to date" : path + " differs from what the firmware core computes; regenerate it");
                return same ? 0 : 1;
            }

            File.WriteAllText(path, json);
            Console.WriteLine("wrote " + path);
            return 0;
        }
    }
}
