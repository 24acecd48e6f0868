// An IObjectFiles over byte arrays held in native memory, by name: lets tests load patched copies.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using OSv.Loader.Linking;

namespace OSv.Loader.Tests
{
    public sealed unsafe class MemoryObjectFiles : IObjectFiles
    {
        private readonly Dictionary<string, (nint Data, int Length)> _files = new();

        public void Add(string name, byte[] bytes)
        {
            nint copy = (nint)NativeMemory.Alloc((nuint)Math.Max(1, bytes.Length));
            bytes.CopyTo(new Span<byte>((void*)copy, bytes.Length));
            _files[name] = (copy, bytes.Length);
        }

        public bool TryOpen(ReadOnlySpan<byte> name, out byte* data, out long length)
        {
            bool found = _files.TryGetValue(Encoding.UTF8.GetString(name), out var file);
            data = found ? (byte*)file.Data : null;
            length = found ? file.Length : 0;
            return found;
        }
    }
}
