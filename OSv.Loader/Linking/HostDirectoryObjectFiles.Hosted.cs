// Hosted IObjectFiles: a name with a '/' is a host path; a bare name is looked for in each
// directory in order (as ld.so searches LD_LIBRARY_PATH). Each file is read once into native
// memory that lives as long as this instance (Dispose frees it).
namespace OSv.Loader.Linking
{
    using System;
    using System.Collections.Generic;
    using System.IO;
    using System.Runtime.InteropServices;
    using System.Text;

    public sealed unsafe class HostDirectoryObjectFiles : IObjectFiles, IDisposable
    {
        private readonly string[] _directories;
        private readonly Dictionary<string, (nint Data, long Length)> _opened = new();

        public HostDirectoryObjectFiles(params string[] directories) => _directories = directories;

        public bool TryOpen(ReadOnlySpan<byte> name, out byte* data, out long length)
        {
            data = null;
            length = 0;
            string text = Encoding.UTF8.GetString(name);
            if (text.Length == 0 || text.IndexOf('\0') >= 0)
                return false;
            string? path = text.Contains('/') ? (File.Exists(text) ? text : null) : Find(text);
            if (path == null)
                return false;
            lock (_opened)
            {
                if (!_opened.TryGetValue(path, out var cached))
                {
                    byte[] bytes = File.ReadAllBytes(path);
                    nint copy = (nint)NativeMemory.Alloc((nuint)Math.Max(1, bytes.Length));
                    bytes.CopyTo(new Span<byte>((void*)copy, bytes.Length));
                    cached = (copy, bytes.Length);
                    _opened[path] = cached;
                }
                data = (byte*)cached.Data;
                length = cached.Length;
            }
            return true;
        }

        private string? Find(string name)
        {
            foreach (string directory in _directories)
            {
                string candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                    return candidate;
            }
            return null;
        }

        public void Dispose()
        {
            lock (_opened)
            {
                foreach (var entry in _opened.Values)
                    NativeMemory.Free((void*)entry.Data);
                _opened.Clear();
            }
        }
    }
}
