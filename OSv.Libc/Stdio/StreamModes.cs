// fopen's mode strings (C11 7.21.5.3, glibc extensions): the first character picks the access
// and the open(2) flags ("r" read; "w" write, create, truncate; "a" write, create, append); a
// '+' among the following characters adds the other direction; 'x' adds O_EXCL, 'e' O_CLOEXEC;
// 'b', 'm', 'c' are accepted and ignored; parsing stops at ',' (glibc's ",ccs=") or after
// ModifierCharactersMax characters, as glibc's does.
namespace OSv.Libc.Stdio
{
    using OSv.Libc.Files;

    public struct StreamMode
    {
        public int OpenFlags;
        public bool Readable;
        public bool Writable;
    }

    public static unsafe class StreamModes
    {
        private const int ModifierCharactersMax = 6;

        /// <summary>Parses <paramref name="mode"/>; false (the caller reports EINVAL) when it does
        /// not start with r, w or a.</summary>
        public static bool TryParse(byte* mode, out StreamMode parsed)
        {
            parsed = default;
            if (mode == null)
                return false;
            switch (mode[0])
            {
                case (byte)'r':
                    parsed.Readable = true;
                    parsed.OpenFlags = Files.OpenFlags.ReadOnly;
                    break;
                case (byte)'w':
                    parsed.Writable = true;
                    parsed.OpenFlags = Files.OpenFlags.WriteOnly | Files.OpenFlags.Create | Files.OpenFlags.Truncate;
                    break;
                case (byte)'a':
                    parsed.Writable = true;
                    parsed.OpenFlags = Files.OpenFlags.WriteOnly | Files.OpenFlags.Create | Files.OpenFlags.Append;
                    break;
                default:
                    return false;
            }
            for (int i = 1; i <= ModifierCharactersMax && mode[i] != 0 && mode[i] != (byte)','; i++)
                ApplyModifier(mode[i], ref parsed);
            return true;
        }

        private static void ApplyModifier(byte modifier, ref StreamMode parsed)
        {
            if (modifier == (byte)'+')
            {
                parsed.Readable = parsed.Writable = true;
                parsed.OpenFlags = (parsed.OpenFlags & ~Files.OpenFlags.AccessModeMask) | Files.OpenFlags.ReadWrite;
            }
            else if (modifier == (byte)'x')
            {
                parsed.OpenFlags |= Files.OpenFlags.Exclusive;
            }
            else if (modifier == (byte)'e')
            {
                parsed.OpenFlags |= Files.OpenFlags.CloseOnExec;
            }
        }
    }
}
