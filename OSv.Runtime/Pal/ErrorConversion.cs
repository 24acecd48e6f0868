// errno conversions between Linux numbering and the PAL's (Interop.Error), as
// libSystem.Native's ConvertErrorPlatformToPal / ConvertErrorPalToPlatform define them: one
// table of (Linux, PAL) pairs read in both directions, so the two conversions cannot disagree
// and every named error round-trips. Departures: none for Linux values. Unknown platform values
// become ENONSTANDARD; unknown PAL values become -1 (libSystem.Native asserts, then returns -1).
// EHOSTNOTFOUND and ESOCKETERROR have no errno: their platform numbers are the negated PAL values.
using System;
using System.Runtime;

namespace OSv.Runtime.Pal
{
    internal static class ErrorConversion
    {
        // Linux errno, PAL error; one pair per name (EOPNOTSUPP and EWOULDBLOCK share a pair).
        private static ReadOnlySpan<int> LinuxAndPalPairs => new int[]
        {
            LinuxErrno.EPERM, PalError.EPERM,
            LinuxErrno.ENOENT, PalError.ENOENT,
            LinuxErrno.ESRCH, PalError.ESRCH,
            LinuxErrno.EINTR, PalError.EINTR,
            LinuxErrno.EIO, PalError.EIO,
            LinuxErrno.ENXIO, PalError.ENXIO,
            LinuxErrno.E2BIG, PalError.E2BIG,
            LinuxErrno.ENOEXEC, PalError.ENOEXEC,
            LinuxErrno.EBADF, PalError.EBADF,
            LinuxErrno.ECHILD, PalError.ECHILD,
            LinuxErrno.EAGAIN, PalError.EAGAIN,
            LinuxErrno.ENOMEM, PalError.ENOMEM,
            LinuxErrno.EACCES, PalError.EACCES,
            LinuxErrno.EFAULT, PalError.EFAULT,
            LinuxErrno.EBUSY, PalError.EBUSY,
            LinuxErrno.EEXIST, PalError.EEXIST,
            LinuxErrno.EXDEV, PalError.EXDEV,
            LinuxErrno.ENODEV, PalError.ENODEV,
            LinuxErrno.ENOTDIR, PalError.ENOTDIR,
            LinuxErrno.EISDIR, PalError.EISDIR,
            LinuxErrno.EINVAL, PalError.EINVAL,
            LinuxErrno.ENFILE, PalError.ENFILE,
            LinuxErrno.EMFILE, PalError.EMFILE,
            LinuxErrno.ENOTTY, PalError.ENOTTY,
            LinuxErrno.ETXTBSY, PalError.ETXTBSY,
            LinuxErrno.EFBIG, PalError.EFBIG,
            LinuxErrno.ENOSPC, PalError.ENOSPC,
            LinuxErrno.ESPIPE, PalError.ESPIPE,
            LinuxErrno.EROFS, PalError.EROFS,
            LinuxErrno.EMLINK, PalError.EMLINK,
            LinuxErrno.EPIPE, PalError.EPIPE,
            LinuxErrno.EDOM, PalError.EDOM,
            LinuxErrno.ERANGE, PalError.ERANGE,
            LinuxErrno.EDEADLK, PalError.EDEADLK,
            LinuxErrno.ENAMETOOLONG, PalError.ENAMETOOLONG,
            LinuxErrno.ENOLCK, PalError.ENOLCK,
            LinuxErrno.ENOSYS, PalError.ENOSYS,
            LinuxErrno.ENOTEMPTY, PalError.ENOTEMPTY,
            LinuxErrno.ELOOP, PalError.ELOOP,
            LinuxErrno.ENOMSG, PalError.ENOMSG,
            LinuxErrno.EIDRM, PalError.EIDRM,
            LinuxErrno.ENODATA, PalError.ENODATA,
            LinuxErrno.ENOLINK, PalError.ENOLINK,
            LinuxErrno.EPROTO, PalError.EPROTO,
            LinuxErrno.EMULTIHOP, PalError.EMULTIHOP,
            LinuxErrno.EBADMSG, PalError.EBADMSG,
            LinuxErrno.EOVERFLOW, PalError.EOVERFLOW,
            LinuxErrno.EILSEQ, PalError.EILSEQ,
            LinuxErrno.ENOTSOCK, PalError.ENOTSOCK,
            LinuxErrno.EDESTADDRREQ, PalError.EDESTADDRREQ,
            LinuxErrno.EMSGSIZE, PalError.EMSGSIZE,
            LinuxErrno.EPROTOTYPE, PalError.EPROTOTYPE,
            LinuxErrno.ENOPROTOOPT, PalError.ENOPROTOOPT,
            LinuxErrno.EPROTONOSUPPORT, PalError.EPROTONOSUPPORT,
            LinuxErrno.ESOCKTNOSUPPORT, PalError.ESOCKTNOSUPPORT,
            LinuxErrno.ENOTSUP, PalError.ENOTSUP,
            LinuxErrno.EPFNOSUPPORT, PalError.EPFNOSUPPORT,
            LinuxErrno.EAFNOSUPPORT, PalError.EAFNOSUPPORT,
            LinuxErrno.EADDRINUSE, PalError.EADDRINUSE,
            LinuxErrno.EADDRNOTAVAIL, PalError.EADDRNOTAVAIL,
            LinuxErrno.ENETDOWN, PalError.ENETDOWN,
            LinuxErrno.ENETUNREACH, PalError.ENETUNREACH,
            LinuxErrno.ENETRESET, PalError.ENETRESET,
            LinuxErrno.ECONNABORTED, PalError.ECONNABORTED,
            LinuxErrno.ECONNRESET, PalError.ECONNRESET,
            LinuxErrno.ENOBUFS, PalError.ENOBUFS,
            LinuxErrno.EISCONN, PalError.EISCONN,
            LinuxErrno.ENOTCONN, PalError.ENOTCONN,
            LinuxErrno.ESHUTDOWN, PalError.ESHUTDOWN,
            LinuxErrno.ETIMEDOUT, PalError.ETIMEDOUT,
            LinuxErrno.ECONNREFUSED, PalError.ECONNREFUSED,
            LinuxErrno.EHOSTDOWN, PalError.EHOSTDOWN,
            LinuxErrno.EHOSTUNREACH, PalError.EHOSTUNREACH,
            LinuxErrno.EALREADY, PalError.EALREADY,
            LinuxErrno.EINPROGRESS, PalError.EINPROGRESS,
            LinuxErrno.ESTALE, PalError.ESTALE,
            LinuxErrno.EDQUOT, PalError.EDQUOT,
            LinuxErrno.ECANCELED, PalError.ECANCELED,
            LinuxErrno.EOWNERDEAD, PalError.EOWNERDEAD,
            LinuxErrno.ENOTRECOVERABLE, PalError.ENOTRECOVERABLE,
        };

        [RuntimeExport("SystemNative_ConvertErrorPlatformToPal")]
        internal static int PlatformToPal(int platformErrno)
        {
            if (platformErrno == 0)
                return PalError.SUCCESS;
            ReadOnlySpan<int> pairs = LinuxAndPalPairs;
            for (int i = 0; i < pairs.Length; i += 2)
            {
                if (pairs[i] == platformErrno)
                    return pairs[i + 1];
            }
            return PalError.ENONSTANDARD;
        }

        [RuntimeExport("SystemNative_ConvertErrorPalToPlatform")]
        internal static int PalToPlatform(int error)
        {
            if (error == PalError.SUCCESS)
                return 0;
            if (error == PalError.EHOSTNOTFOUND || error == PalError.ESOCKETERROR)
                return -error;
            ReadOnlySpan<int> pairs = LinuxAndPalPairs;
            for (int i = 0; i < pairs.Length; i += 2)
            {
                if (pairs[i + 1] == error)
                    return pairs[i];
            }
            return -1;
        }
    }
}
