// SystemNative_SysConf: the two names CoreLib asks for. _SC_CLK_TCK is 100 (Linux's USER_HZ, the
// unit of times() that CoreLib converts with it) and _SC_PAGESIZE the kernel's page size. Any
// other name fails with EINVAL, as sysconf does for a name it does not know.
using System.Runtime;

namespace OSv.Runtime.Pal
{
    internal static class SystemConfiguration
    {
        // Interop.Sys.SysConfName.
        public const int _SC_CLK_TCK = 1, _SC_PAGESIZE = 2;
        public const long ClockTicksPerSecond = 100;

        [RuntimeExport("SystemNative_SysConf")]
        internal static long SysConf(int name) => name switch
        {
            _SC_CLK_TCK => ClockTicksPerSecond,
            _SC_PAGESIZE => PalPages.PageBytes,
            _ => ThreadErrno.FailLong(LinuxErrno.EINVAL),
        };
    }
}
