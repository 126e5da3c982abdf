// Reference surface (hand-written, public signatures only): see ../README.md.
using System;

namespace System.Text
{
    /// <summary>Character encodings; the device has UTF-8 only.</summary>
    public abstract class Encoding
    {
        /// <summary>The UTF-8 encoding.</summary>
        public static Encoding UTF8 => throw new NotImplementedException();

        /// <summary>Decodes <paramref name="count"/> bytes from <paramref name="index"/>.</summary>
        public virtual string GetString(byte[] bytes, int index, int count) => throw new NotImplementedException();
    }
}
