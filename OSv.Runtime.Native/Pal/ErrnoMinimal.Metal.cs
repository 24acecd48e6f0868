// MINIMAL, for the spine: errno as System.Native exposes it. CoreLib's P/Invoke stubs with
// SetLastError clear it before every such call (SetErrNo(0)) and read it after (GetErrNo), so
// even Console.WriteLine needs the pair. Here errno is ONE machine-wide value, which is right
// only while one thread runs managed code; the PAL helper replaces this file with a per-thread
// errno (OSv.Libc's, so C and C# agree) — the names are exactly the PAL's exports.
using System.Runtime;

namespace OSv.Runtime.Native.Pal
{
    internal static class ErrnoMinimal
    {
        private static int s_errno;

        [RuntimeExport("SystemNative_GetErrNo")]
        internal static int GetErrNo() => s_errno;

        [RuntimeExport("SystemNative_SetErrNo")]
        internal static void SetErrNo(int value) => s_errno = value;
    }
}
