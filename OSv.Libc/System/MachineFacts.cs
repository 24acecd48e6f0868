// Facts about the machine for sysconf and friends, behind the platform seam: physical memory and
// a random byte source. Hosted (MachineFacts.Hosted.cs) they are the host's; in an image
// (MachineFacts.Metal.cs) they come from OSv.Core.
namespace OSv.Libc.Posix
{
    public static unsafe partial class MachineFacts
    {
        public const int PageBytes = 4096;

        /// <summary>Pages of physical memory (_SC_PHYS_PAGES), or -1 when unknown.</summary>
        public static long PhysicalPages => PhysicalPagesCore;

        /// <summary>Pages of free physical memory (_SC_AVPHYS_PAGES), or -1 when unknown.</summary>
        public static long AvailablePhysicalPages => AvailablePhysicalPagesCore;

        /// <summary>Fills destination with random bytes (getrandom, getentropy).</summary>
        public static void FillRandom(byte* destination, nuint count) => FillRandomCore(destination, count);
    }
}
