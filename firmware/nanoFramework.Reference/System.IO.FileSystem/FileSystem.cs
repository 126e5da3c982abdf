// Reference surface (hand-written, public signatures only): see ../README.md.
using System;

namespace System.IO
{
    /// <summary>How a file is opened or created.</summary>
    public enum FileMode
    {
        /// <summary>Create; fail if it exists.</summary>
        CreateNew = 1,

        /// <summary>Create, or truncate if it exists.</summary>
        Create = 2,

        /// <summary>Open; fail if it does not exist.</summary>
        Open = 3,
    }

    /// <summary>What a stream on a file may do.</summary>
    [Flags]
    public enum FileAccess
    {
        /// <summary>Read only.</summary>
        Read = 1,

        /// <summary>Write only.</summary>
        Write = 2,

        /// <summary>Read and write.</summary>
        ReadWrite = 3,
    }

    /// <summary>Whole-file operations.</summary>
    public static class File
    {
        /// <summary>Whether the file exists.</summary>
        public static bool Exists(string path) => throw new NotImplementedException();

        /// <summary>The file's contents.</summary>
        public static byte[] ReadAllBytes(string path) => throw new NotImplementedException();

        /// <summary>Creates or replaces the file with <paramref name="bytes"/>.</summary>
        public static void WriteAllBytes(string path, byte[] bytes) => throw new NotImplementedException();
    }

    /// <summary>Directory operations.</summary>
    public static class Directory
    {
        /// <summary>Whether the directory exists.</summary>
        public static bool Exists(string path) => throw new NotImplementedException();

        /// <summary>Creates the directory and its parents.</summary>
        public static DirectoryInfo CreateDirectory(string path) => throw new NotImplementedException();
    }

    /// <summary>A directory.</summary>
    public sealed class DirectoryInfo
    {
        private DirectoryInfo()
        {
        }
    }

    /// <summary>A file's properties.</summary>
    public sealed class FileInfo
    {
        /// <summary>The file at <paramref name="fileName"/>.</summary>
        public FileInfo(string fileName) => throw new NotImplementedException();

        /// <summary>The file's size in bytes.</summary>
        public long Length => throw new NotImplementedException();
    }

    /// <summary>A stream on a file.</summary>
    public class FileStream : Stream
    {
        /// <summary>Opens <paramref name="path"/>.</summary>
        public FileStream(string path, FileMode mode, FileAccess access) => throw new NotImplementedException();

        /// <inheritdoc/>
        public override int Read(byte[] buffer, int offset, int count) => throw new NotImplementedException();

        /// <inheritdoc/>
        public override void Write(byte[] buffer, int offset, int count) => throw new NotImplementedException();

        /// <inheritdoc/>
        public override long Seek(long offset, SeekOrigin origin) => throw new NotImplementedException();

        /// <inheritdoc/>
        public override void Flush() => throw new NotImplementedException();
    }
}
