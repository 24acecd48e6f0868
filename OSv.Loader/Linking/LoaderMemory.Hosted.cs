namespace OSv.Loader.Linking
{
    public static unsafe partial class LoaderMemory
    {
        private static byte* ReserveCore(ulong bytes)
        {
            nint result = NativeImports.Mmap(0, (nuint)bytes, NativeImports.ProtectRead | NativeImports.ProtectWrite,
                NativeImports.MapPrivate | NativeImports.MapAnonymous | NativeImports.MapNoReserve, -1, 0);
            return result == -1 ? null : (byte*)result;
        }

        private static void ReleaseCore(byte* start, ulong bytes) => NativeImports.Munmap((nint)start, (nuint)bytes);

        private static bool ProtectCore(byte* pageStart, ulong bytes, uint elfFlags)
        {
            int protection = 0;
            if ((elfFlags & OSv.Loader.Elf.ElfConstants.PfRead) != 0)
                protection |= NativeImports.ProtectRead;
            if ((elfFlags & OSv.Loader.Elf.ElfConstants.PfWrite) != 0)
                protection |= NativeImports.ProtectWrite;
            if ((elfFlags & OSv.Loader.Elf.ElfConstants.PfExecute) != 0)
                protection |= NativeImports.ProtectExecute;
            return NativeImports.Mprotect((nint)pageStart, (nuint)bytes, protection) == 0;
        }

        private static void FillRandomCore(byte* destination, int bytes) =>
            System.Security.Cryptography.RandomNumberGenerator.Fill(new System.Span<byte>(destination, bytes));
    }
}
