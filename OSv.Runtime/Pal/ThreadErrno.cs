// errno for the PAL: one per thread, as C's errno is. CoreLib reads it right after a failed PAL
// call (Interop.Sys.GetLastErrorInfo → GetErrNo → ConvertErrorPlatformToPal), on the same thread,
// so a thread-static int is exactly the contract. Values are Linux errnos (LinuxErrno.cs).
// Fail(...) is how every PAL function reports an error: it sets errno and returns -1, so that
// "-1 with errno" is written one way everywhere.
using System;
using System.Runtime;

namespace OSv.Runtime.Pal
{
    internal static class ThreadErrno
    {
        [ThreadStatic]
        private static int t_errno;

        public static int Value
        {
            get => t_errno;
            set => t_errno = value;
        }

        // Sets errno to linuxErrno and returns -1 (the failure value of most PAL functions).
        public static int Fail(int linuxErrno)
        {
            t_errno = linuxErrno;
            return -1;
        }

        // The same for functions that return a 64-bit value or a descriptor.
        public static long FailLong(int linuxErrno)
        {
            t_errno = linuxErrno;
            return -1;
        }

        // The same for functions that return a pointer or handle, whose failure value is null.
        public static nint FailNull(int linuxErrno)
        {
            t_errno = linuxErrno;
            return 0;
        }

        [RuntimeExport("SystemNative_GetErrNo")]
        internal static int GetErrNo() => t_errno;

        [RuntimeExport("SystemNative_SetErrNo")]
        internal static void SetErrNo(int errorCode) => t_errno = errorCode;
    }
}
