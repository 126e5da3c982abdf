using System;
using System.IO;

namespace EdgeOracle.Vectors
{
    /// <summary>Finds the repository (the folder holding EdgeOracle.slnx) and the committed vectors file in it.</summary>
    public static class RepositoryPaths
    {
        /// <summary>The vectors file's path relative to the repository root.</summary>
        public const string VectorsRelativePath = "firmware/protocol/vectors.json";

        /// <summary>Walks up from <paramref name="start"/> to the folder that holds EdgeOracle.slnx.</summary>
        /// <param name="start">A folder inside the repository.</param>
        /// <returns>The repository root.</returns>
        /// <exception cref="DirectoryNotFoundException">No EdgeOracle.slnx above <paramref name="start"/>.</exception>
        public static string FindRoot(string start)
        {
            for (DirectoryInfo? folder = new DirectoryInfo(start); folder != null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "EdgeOracle.slnx")))
                {
                    return folder.FullName;
                }
            }

            throw new DirectoryNotFoundException("no EdgeOracle.slnx in " + start + " or above it");
        }

        /// <summary>The committed vectors file, found from the current directory or else from this program's folder.</summary>
        /// <returns>Its full path.</returns>
        public static string DefaultVectorsFile()
        {
            string root;
            try
            {
                root = FindRoot(Directory.GetCurrentDirectory());
            }
            catch (DirectoryNotFoundException)
            {
                root = FindRoot(AppContext.BaseDirectory);
            }

            return Path.Combine(root, VectorsRelativePath);
        }
    }
}
