// Hosted: the host's memory as the .NET GC sees it (the machine's, or the container's limit),
// and the host's cryptographic random source.
namespace OSv.Libc.Posix
{
    public static unsafe partial class MachineFacts
    {
        private static long PhysicalPagesCore => global::System.GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / PageBytes;

        private static long AvailablePhysicalPagesCore
        {
            get
            {
                global::System.GCMemoryInfo info = global::System.GC.GetGCMemoryInfo();
                long free = info.TotalAvailableMemoryBytes - info.MemoryLoadBytes;
                return (free < 0 ? 0 : free) / PageBytes;
            }
        }

        private static void FillRandomCore(byte* destination, nuint count)
        {
            const int ChunkBytes = 1 << 20;
            while (count > 0)
            {
                int chunk = count > ChunkBytes ? ChunkBytes : (int)count;
                global::System.Security.Cryptography.RandomNumberGenerator.Fill(new global::System.Span<byte>(destination, chunk));
                destination += chunk;
                count -= (nuint)chunk;
            }
        }
    }
}
