using System.IO;
using OSv.Core.Files;
using OSv.Loader.Linking;

namespace LinuxPrograms
{
    public static partial class Program
    {
        // The image's layout from the build output: the C programs in /bin and /lib, the Lua
        // scripts in /lua; lua5.4 and its libraries straight from the host.
        private static IObjectFiles ObjectFiles()
        {
            string project = Path.GetFullPath(Path.Combine(System.AppContext.BaseDirectory, "..", "..", ".."));
            string programs = Path.Combine(project, "obj", "programs");
            ImageFileSystem.Mount(programs, "/bin");
            ImageFileSystem.Mount(programs, "/lib");
            ImageFileSystem.Mount(Path.Combine(project, "..", "..", "fixtures", "lua"), "/lua");
            return new FirstFound(new OSv.Libc.Process.ImageObjectFiles(), new HostDirectoryObjectFiles("/lib/x86_64-linux-gnu"));
        }

        private sealed unsafe class FirstFound : IObjectFiles
        {
            private readonly IObjectFiles _first, _second;

            public FirstFound(IObjectFiles first, IObjectFiles second)
            {
                _first = first;
                _second = second;
            }

            public bool TryOpen(System.ReadOnlySpan<byte> name, out byte* data, out long length) =>
                _first.TryOpen(name, out data, out length) || _second.TryOpen(name, out data, out length);
        }
    }
}
