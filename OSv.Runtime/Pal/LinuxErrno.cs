// Linux x86-64 errno values (asm-generic/errno-base.h, asm-generic/errno.h): the "platform"
// numbering that GetErrNo returns and ConvertErrorPlatformToPal translates. The kernel's PAL
// sets these, exactly as libSystem.Native's errno would hold them on Linux, so that CoreLib's
// Interop.GetLastErrorInfo and error messages behave as on Linux.
namespace OSv.Runtime.Pal
{
    internal static class LinuxErrno
    {
        public const int EPERM = 1;
        public const int ENOENT = 2;
        public const int ESRCH = 3;
        public const int EINTR = 4;
        public const int EIO = 5;
        public const int ENXIO = 6;
        public const int E2BIG = 7;
        public const int ENOEXEC = 8;
        public const int EBADF = 9;
        public const int ECHILD = 10;
        public const int EAGAIN = 11;
        public const int ENOMEM = 12;
        public const int EACCES = 13;
        public const int EFAULT = 14;
        public const int EBUSY = 16;
        public const int EEXIST = 17;
        public const int EXDEV = 18;
        public const int ENODEV = 19;
        public const int ENOTDIR = 20;
        public const int EISDIR = 21;
        public const int EINVAL = 22;
        public const int ENFILE = 23;
        public const int EMFILE = 24;
        public const int ENOTTY = 25;
        public const int ETXTBSY = 26;
        public const int EFBIG = 27;
        public const int ENOSPC = 28;
        public const int ESPIPE = 29;
        public const int EROFS = 30;
        public const int EMLINK = 31;
        public const int EPIPE = 32;
        public const int EDOM = 33;
        public const int ERANGE = 34;
        public const int EDEADLK = 35;
        public const int ENAMETOOLONG = 36;
        public const int ENOLCK = 37;
        public const int ENOSYS = 38;
        public const int ENOTEMPTY = 39;
        public const int ELOOP = 40;
        public const int ENOMSG = 42;
        public const int EIDRM = 43;
        public const int ENODATA = 61;
        public const int ENOLINK = 67;
        public const int EPROTO = 71;
        public const int EMULTIHOP = 72;
        public const int EBADMSG = 74;
        public const int EOVERFLOW = 75;
        public const int EILSEQ = 84;
        public const int ENOTSOCK = 88;
        public const int EDESTADDRREQ = 89;
        public const int EMSGSIZE = 90;
        public const int EPROTOTYPE = 91;
        public const int ENOPROTOOPT = 92;
        public const int EPROTONOSUPPORT = 93;
        public const int ESOCKTNOSUPPORT = 94;
        public const int ENOTSUP = 95; // also EOPNOTSUPP on Linux
        public const int EPFNOSUPPORT = 96;
        public const int EAFNOSUPPORT = 97;
        public const int EADDRINUSE = 98;
        public const int EADDRNOTAVAIL = 99;
        public const int ENETDOWN = 100;
        public const int ENETUNREACH = 101;
        public const int ENETRESET = 102;
        public const int ECONNABORTED = 103;
        public const int ECONNRESET = 104;
        public const int ENOBUFS = 105;
        public const int EISCONN = 106;
        public const int ENOTCONN = 107;
        public const int ESHUTDOWN = 108;
        public const int ETIMEDOUT = 110;
        public const int ECONNREFUSED = 111;
        public const int EHOSTDOWN = 112;
        public const int EHOSTUNREACH = 113;
        public const int EALREADY = 114;
        public const int EINPROGRESS = 115;
        public const int ESTALE = 116;
        public const int EDQUOT = 122;
        public const int ECANCELED = 125;
        public const int EOWNERDEAD = 130;
        public const int ENOTRECOVERABLE = 131;
    }
}
