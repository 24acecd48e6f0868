// uname (POSIX.1-2017 <sys/utsname.h>; glibc's struct utsname: six 65-byte fields, sysname,
// nodename, release, version, machine, domainname) and the host name. The system names itself
// "OSv", release "0.1", machine "x86_64"; the host name starts as "osv" and sethostname may
// change it (there is one program, allowed to do what root may).
namespace OSv.Libc.Posix
{
    using System;

    public static unsafe class SystemName
    {
        public const int FieldBytes = 65;
        public const int FieldCount = 6;
        public const int HostNameMax = FieldBytes - 1;

        private static readonly OSv.Core.Sync.Mutex s_lock = new OSv.Core.Sync.Mutex();
        private static readonly byte[] s_hostName = NewDefaultHostName();
        private static int s_hostNameLength = 3;

        /// <summary>Fills a struct utsname.</summary>
        public static void Describe(byte* names)
        {
            new Span<byte>(names, FieldBytes * FieldCount).Clear();
            Copy(names + 0 * FieldBytes, "OSv"u8);
            CopyHostName(names + 1 * FieldBytes, FieldBytes);
            Copy(names + 2 * FieldBytes, "0.1"u8);
            Copy(names + 3 * FieldBytes, "#1 OSv.NET"u8);
            Copy(names + 4 * FieldBytes, "x86_64"u8);
            Copy(names + 5 * FieldBytes, "(none)"u8);
        }

        /// <summary>gethostname: 0, or ENAMETOOLONG when the name and its NUL do not fit (the
        /// buffer then holds as much of the name as fits, as glibc leaves it).</summary>
        public static int GetHostName(byte* destination, nuint capacity)
        {
            if (destination == null)
                return OSv.Libc.Errors.ErrnoCodes.EFAULT;
            s_lock.Lock();
            int length = s_hostNameLength;
            nuint copied = capacity < (nuint)length ? capacity : (nuint)length;
            for (nuint i = 0; i < copied; i++)
                destination[i] = s_hostName[(int)i];
            if (copied < capacity)
                destination[copied] = 0;
            s_lock.Unlock();
            return capacity > (nuint)length ? 0 : OSv.Libc.Errors.ErrnoCodes.ENAMETOOLONG;
        }

        /// <summary>sethostname: 0, or EINVAL for a length over HostNameMax.</summary>
        public static int SetHostName(byte* name, nuint length)
        {
            if (length > HostNameMax)
                return OSv.Libc.Errors.ErrnoCodes.EINVAL;
            if (name == null && length != 0)
                return OSv.Libc.Errors.ErrnoCodes.EFAULT;
            s_lock.Lock();
            for (int i = 0; i < (int)length; i++)
                s_hostName[i] = name[i];
            s_hostNameLength = (int)length;
            s_lock.Unlock();
            return 0;
        }

        private static byte[] NewDefaultHostName()
        {
            byte[] name = new byte[HostNameMax];
            name[0] = (byte)'o';
            name[1] = (byte)'s';
            name[2] = (byte)'v';
            return name;
        }

        private static void CopyHostName(byte* destination, int capacity)
        {
            s_lock.Lock();
            for (int i = 0; i < s_hostNameLength && i < capacity - 1; i++)
                destination[i] = s_hostName[i];
            s_lock.Unlock();
        }

        private static void Copy(byte* destination, ReadOnlySpan<byte> text)
        {
            for (int i = 0; i < text.Length; i++)
                destination[i] = text[i];
        }
    }
}
