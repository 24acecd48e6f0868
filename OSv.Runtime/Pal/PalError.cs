// The PAL's own error numbers (Interop.Error in CoreLib, Error_* in libSystem.Native's
// pal_error_common.h): values far from errnos, HRESULTs and Win32 codes so that a raw int
// misread as one of those is recognisable. These are a wire contract with the pinned CoreLib
// (checked against its metadata: tests/OSv.Runtime.Tests/Pal/ErrorConversionTests.cs
// compares every name and value with the running CoreLib's Interop+Error).
namespace OSv.Runtime.Pal
{
    internal static class PalError
    {
        public const int SUCCESS = 0;
        public const int E2BIG = 0x10001;
        public const int EACCES = 0x10002;
        public const int EADDRINUSE = 0x10003;
        public const int EADDRNOTAVAIL = 0x10004;
        public const int EAFNOSUPPORT = 0x10005;
        public const int EAGAIN = 0x10006;
        public const int EALREADY = 0x10007;
        public const int EBADF = 0x10008;
        public const int EBADMSG = 0x10009;
        public const int EBUSY = 0x1000A;
        public const int ECANCELED = 0x1000B;
        public const int ECHILD = 0x1000C;
        public const int ECONNABORTED = 0x1000D;
        public const int ECONNREFUSED = 0x1000E;
        public const int ECONNRESET = 0x1000F;
        public const int EDEADLK = 0x10010;
        public const int EDESTADDRREQ = 0x10011;
        public const int EDOM = 0x10012;
        public const int EDQUOT = 0x10013;
        public const int EEXIST = 0x10014;
        public const int EFAULT = 0x10015;
        public const int EFBIG = 0x10016;
        public const int EHOSTUNREACH = 0x10017;
        public const int EIDRM = 0x10018;
        public const int EILSEQ = 0x10019;
        public const int EINPROGRESS = 0x1001A;
        public const int EINTR = 0x1001B;
        public const int EINVAL = 0x1001C;
        public const int EIO = 0x1001D;
        public const int EISCONN = 0x1001E;
        public const int EISDIR = 0x1001F;
        public const int ELOOP = 0x10020;
        public const int EMFILE = 0x10021;
        public const int EMLINK = 0x10022;
        public const int EMSGSIZE = 0x10023;
        public const int EMULTIHOP = 0x10024;
        public const int ENAMETOOLONG = 0x10025;
        public const int ENETDOWN = 0x10026;
        public const int ENETRESET = 0x10027;
        public const int ENETUNREACH = 0x10028;
        public const int ENFILE = 0x10029;
        public const int ENOBUFS = 0x1002A;
        public const int ENODEV = 0x1002C;
        public const int ENOENT = 0x1002D;
        public const int ENOEXEC = 0x1002E;
        public const int ENOLCK = 0x1002F;
        public const int ENOLINK = 0x10030;
        public const int ENOMEM = 0x10031;
        public const int ENOMSG = 0x10032;
        public const int ENOPROTOOPT = 0x10033;
        public const int ENOSPC = 0x10034;
        public const int ENOSYS = 0x10037;
        public const int ENOTCONN = 0x10038;
        public const int ENOTDIR = 0x10039;
        public const int ENOTEMPTY = 0x1003A;
        public const int ENOTRECOVERABLE = 0x1003B;
        public const int ENOTSOCK = 0x1003C;
        public const int ENOTSUP = 0x1003D;
        public const int ENOTTY = 0x1003E;
        public const int ENXIO = 0x1003F;
        public const int EOVERFLOW = 0x10040;
        public const int EOWNERDEAD = 0x10041;
        public const int EPERM = 0x10042;
        public const int EPIPE = 0x10043;
        public const int EPROTO = 0x10044;
        public const int EPROTONOSUPPORT = 0x10045;
        public const int EPROTOTYPE = 0x10046;
        public const int ERANGE = 0x10047;
        public const int EROFS = 0x10048;
        public const int ESPIPE = 0x10049;
        public const int ESRCH = 0x1004A;
        public const int ESTALE = 0x1004B;
        public const int ETIMEDOUT = 0x1004D;
        public const int ETXTBSY = 0x1004E;
        public const int EXDEV = 0x1004F;
        public const int ESOCKTNOSUPPORT = 0x1005E;
        public const int EPFNOSUPPORT = 0x10060;
        public const int ESHUTDOWN = 0x1006C;
        public const int EHOSTDOWN = 0x10070;
        public const int ENODATA = 0x10071;

        // Errors beyond the kernel's (name resolution, sockets); their platform numbers are the
        // negated PAL values, as in libSystem.Native.
        public const int EHOSTNOTFOUND = 0x20001;
        public const int ESOCKETERROR = 0x20002;

        // POSIX lets these equal another name; the PAL makes them always equal.
        public const int EOPNOTSUPP = ENOTSUP;
        public const int EWOULDBLOCK = EAGAIN;

        // A platform errno with no PAL name.
        public const int ENONSTANDARD = 0x1FFFF;
    }
}
