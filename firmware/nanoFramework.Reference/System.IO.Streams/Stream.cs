// Reference surface (hand-written, public signatures only): see ../README.md.
using System;

namespace System.IO
{
    /// <summary>Where <see cref="Stream.Seek"/> counts from.</summary>
    public enum SeekOrigin
    {
        /// <summary>The start of the stream.</summary>
        Begin = 0,

        /// <summary>The current position.</summary>
        Current = 1,

        /// <summary>The end of the stream.</summary>
        End = 2,
    }

    /// <summary>A sequence of bytes.</summary>
    public abstract class Stream : MarshalByRefObject, IDisposable
    {
        /// <summary>Reads up to <paramref name="count"/> bytes; returns how many were read.</summary>
        public abstract int Read(byte[] buffer, int offset, int count);

        /// <summary>Writes <paramref name="count"/> bytes.</summary>
        public abstract void Write(byte[] buffer, int offset, int count);

        /// <summary>Moves the position; returns the new one.</summary>
        public abstract long Seek(long offset, SeekOrigin origin);

        /// <summary>Writes buffered data to the device.</summary>
        public abstract void Flush();

        /// <summary>Releases the stream.</summary>
        public void Dispose() => throw new NotImplementedException();
    }
}
