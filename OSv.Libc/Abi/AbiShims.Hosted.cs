namespace OSv.Libc.Abi
{
    public static unsafe partial class AbiShims
    {
        // The blob the build assembled from libc.S (see OSv.Libc.csproj), copied once into
        // executable memory; its header is its first byte.
        private static byte* LocateHeader()
        {
            using System.IO.Stream? stream = typeof(AbiShims).Assembly.GetManifestResourceStream("OSv.Libc.libc-abi.bin");
            OSv.Core.Diagnostics.Invariant.Assert(stream != null, "the libc.S blob is missing from OSv.Libc's resources");
            int length = (int)stream!.Length;
            byte* code = ExecutableMemory.Allocate((nuint)length);
            stream.ReadExactly(new System.Span<byte>(code, length));
            return code;
        }
    }
}
