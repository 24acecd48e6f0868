// TEMPORARY STAND-IN (H5): hosted Mount/Unmount/Reset of the image filesystem contract; see
// ImageFileSystemStandIn.cs. Each mounted file is copied once into unmanaged memory that is
// never freed (a test process mounts a handful of small folders).
namespace OSv.Core.Files
{
    using System.IO;

    public static unsafe partial class ImageFileSystem
    {
        /// <summary>Adds every file under <paramref name="hostDirectory"/> as
        /// <paramref name="imagePrefix"/>/relative/path.</summary>
        public static void Mount(string hostDirectory, string imagePrefix)
        {
            string prefix = imagePrefix.TrimEnd('/');
            foreach (string hostPath in Directory.GetFiles(hostDirectory, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(hostDirectory, hostPath).Replace('\\', '/');
                byte[] bytes = File.ReadAllBytes(hostPath);
                byte* data = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc((nuint)System.Math.Max(1, bytes.Length));
                new System.ReadOnlySpan<byte>(bytes).CopyTo(new System.Span<byte>(data, bytes.Length));
                AddEntry(System.Text.Encoding.UTF8.GetBytes(prefix + "/" + relative), data, bytes.Length);
            }
        }

        public static void Unmount() => Reset();

        public static void Reset() => s_count = 0;
    }
}
