// Who the program is. An image runs one program with no users, so it answers as Linux answers a
// root process with no supplementary groups: effective uid and gid 0, process id 1 (it is the
// first and only process), the password entry of root only (home "/", no login shell), host name
// "osv". GetPwUidR follows getpwuid_r through libSystem.Native: 0 and a filled entry, -1 for an
// unknown uid, or ERANGE (returned, not in errno) when the caller's buffer is too small, which
// makes CoreLib retry with a bigger one.
using System;
using System.Runtime;

namespace OSv.Runtime.Pal
{
    internal static unsafe class ProcessIdentity
    {
        public const uint RootId = 0;
        public const int ProcessId = 1;

        // Interop.Sys.Passwd (48 bytes).
        internal struct Passwd
        {
            public byte* Name;
            public byte* Password;
            public uint UserId;
            public uint GroupId;
            public byte* UserInfo;
            public byte* HomeDirectory;
            public byte* Shell;
        }

        [RuntimeExport("SystemNative_GetEUid")]
        internal static uint GetEUid() => RootId;

        [RuntimeExport("SystemNative_GetEGid")]
        internal static uint GetEGid() => RootId;

        [RuntimeExport("SystemNative_GetPid")]
        internal static int GetPid() => ProcessId;

        [RuntimeExport("SystemNative_GetGroups")]
        internal static int GetGroups(int ngroups, uint* groups) =>
            ngroups < 0 ? ThreadErrno.Fail(LinuxErrno.EINVAL) : 0;

        [RuntimeExport("SystemNative_GetHostName")]
        internal static int GetHostName(byte* name, int nameLength)
        {
            ReadOnlySpan<byte> hostName = "osv"u8;
            if (nameLength < hostName.Length + 1)
                return ThreadErrno.Fail(LinuxErrno.ENAMETOOLONG);
            hostName.CopyTo(new Span<byte>(name, nameLength));
            name[hostName.Length] = 0;
            return 0;
        }

        [RuntimeExport("SystemNative_GetPwUidR")]
        internal static int GetPwUidR(uint uid, Passwd* pwd, byte* buf, int bufLen)
        {
            *pwd = default;
            if (uid != RootId)
                return -1;
            var buffer = new Span<byte>(buf, Math.Max(bufLen, 0));
            int used = 0;
            byte* name = Put("root"u8, buffer, ref used);
            byte* password = Put("x"u8, buffer, ref used);
            byte* info = Put("root"u8, buffer, ref used);
            byte* home = Put("/"u8, buffer, ref used);
            byte* shell = Put("/sbin/nologin"u8, buffer, ref used);
            if (shell == null)
                return LinuxErrno.ERANGE;
            *pwd = new Passwd
            {
                Name = name, Password = password, UserId = RootId, GroupId = RootId,
                UserInfo = info, HomeDirectory = home, Shell = shell,
            };
            return 0;
        }

        // Copies text and a NUL at used; null once the buffer is full (and from then on).
        private static byte* Put(ReadOnlySpan<byte> text, Span<byte> buffer, ref int used)
        {
            if (used < 0 || used + text.Length + 1 > buffer.Length)
            {
                used = -1;
                return null;
            }
            text.CopyTo(buffer.Slice(used));
            buffer[used + text.Length] = 0;
            fixed (byte* start = buffer)
            {
                byte* result = start + used;
                used += text.Length + 1;
                return result;
            }
        }
    }
}
