namespace OSv.Loader.Linking
{
    public static unsafe partial class LoaderMemory
    {
        private static ulong s_randomState;

        private static byte* ReserveCore(ulong bytes) =>
            OSv.Core.Memory.PageMemory.TryAllocatePages((int)(bytes / PageBytes));

        private static void ReleaseCore(byte* start, ulong bytes) =>
            OSv.Core.Memory.PageMemory.FreePages(start, (int)(bytes / PageBytes));

        // Not enforced yet: the kernel's page tables map all RAM read/write/execute.
        private static bool ProtectCore(byte* pageStart, ulong bytes, uint elfFlags) => true;

        // SplitMix64 (Steele, Lea, Flood 2014) over a state stirred with the clock on every call.
        private static void FillRandomCore(byte* destination, int bytes)
        {
            s_randomState += (ulong)OSv.Core.Time.Clock.NowNanoseconds;
            for (int i = 0; i < bytes; i++)
            {
                if ((i & 7) == 0)
                    s_randomState += 0x9E3779B97F4A7C15UL;
                ulong mixed = s_randomState;
                mixed = (mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9UL;
                mixed = (mixed ^ (mixed >> 27)) * 0x94D049BB133111EBUL;
                mixed ^= mixed >> 31;
                destination[i] = (byte)(mixed >> ((i & 7) * 8));
            }
        }
    }
}
