// The console and terminal part of the PAL, as libSystem.Native behaves on Linux when no
// terminal is attached (the image's console is a serial line the program does not drive as a
// terminal; IsATty says so, which makes CoreLib treat stdout and stderr as redirected and never
// ask for terminfo, window sizes or keypad modes):
//
//   Write          descriptors 1 and 2 go to the console (ConsoleOutput); files and directories
//                  are not open for writing (EBADF); input is not writable (EBADF).
//   Dup            a new descriptor for the same thing (FileDescriptorTable: offset copied).
//   IsATty         0, errno ENOTTY (EBADF for a closed descriptor).
//   GetWindowSize  -1, errno ENOTTY (ioctl TIOCGWINSZ on a non-terminal).
//   GetControlCharacters  every value and the "disabled" value are 0 (Linux's _POSIX_VDISABLE),
//                  which is what libSystem.Native reports when tcgetattr fails.
//   InitializeTerminalAndSignalHandling  1 (success: there is no terminal to configure and no
//                  signal to hook). Uninitialize*, InitializeConsoleBeforeRead, SetKeypadXmit:
//                  nothing to do without a terminal, as in libSystem.Native. The invalidation
//                  handler is kept but never called (no SIGCONT/SIGCHLD/SIGWINCH exist).
//   ReadStdin      end of file (there is no console input device yet).
//   LogError       the message goes to the console's error stream.
//   SNPrintF_*     only used to expand terminfo strings, which never happens without a terminal:
//                  -1 with ENOSYS rather than a partial printf.
using System.Runtime;

namespace OSv.Runtime.Pal
{
    internal static unsafe class ConsolePal
    {
        private static delegate* unmanaged<void> s_terminalInvalidationHandler;

        [RuntimeExport("SystemNative_Write")]
        internal static int Write(nint fd, byte* buffer, int bufferSize)
        {
            DescriptorKind kind = FileDescriptorTable.KindOf(fd);
            if (kind != DescriptorKind.ConsoleOutput && kind != DescriptorKind.ConsoleError)
                return ThreadErrno.Fail(LinuxErrno.EBADF);
            if (bufferSize < 0)
                return ThreadErrno.Fail(LinuxErrno.EINVAL);
            if (buffer == null && bufferSize > 0)
                return ThreadErrno.Fail(LinuxErrno.EFAULT);
            int stream = kind == DescriptorKind.ConsoleError ? ConsoleOutput.ErrorStream : ConsoleOutput.OutputStream;
            if (bufferSize > 0 && !ConsoleOutput.Write(stream, buffer, bufferSize))
                return ThreadErrno.Fail(LinuxErrno.EIO);
            return bufferSize;
        }

        [RuntimeExport("SystemNative_Dup")]
        internal static nint Dup(nint oldfd)
        {
            if (!FileDescriptorTable.IsOpen(oldfd))
                return ThreadErrno.Fail(LinuxErrno.EBADF);
            int fd = FileDescriptorTable.Open(FileDescriptorTable.At(oldfd));
            return fd >= 0 ? fd : ThreadErrno.Fail(LinuxErrno.EMFILE);
        }

        [RuntimeExport("SystemNative_IsATty")]
        internal static int IsATty(nint fd)
        {
            ThreadErrno.Value = FileDescriptorTable.IsOpen(fd) ? LinuxErrno.ENOTTY : LinuxErrno.EBADF;
            return 0;
        }

        [RuntimeExport("SystemNative_GetWindowSize")]
        internal static int GetWindowSize(nint terminalHandle, void* winSize) =>
            ThreadErrno.Fail(FileDescriptorTable.IsOpen(terminalHandle) ? LinuxErrno.ENOTTY : LinuxErrno.EBADF);

        [RuntimeExport("SystemNative_GetControlCharacters")]
        internal static void GetControlCharacters(int* controlCharacterNames, byte* controlCharacterValues, int controlCharacterLength, byte* posixDisableValue)
        {
            *posixDisableValue = 0;
            for (int i = 0; i < controlCharacterLength; i++)
                controlCharacterValues[i] = 0;
        }

        [RuntimeExport("SystemNative_InitializeTerminalAndSignalHandling")]
        internal static int InitializeTerminalAndSignalHandling() => 1;

        [RuntimeExport("SystemNative_UninitializeTerminal")]
        internal static void UninitializeTerminal() { }

        [RuntimeExport("SystemNative_SetKeypadXmit")]
        internal static void SetKeypadXmit(nint terminalHandle, byte* terminfoString) { }

        [RuntimeExport("SystemNative_SetTerminalInvalidationHandler")]
        internal static void SetTerminalInvalidationHandler(delegate* unmanaged<void> handler) =>
            s_terminalInvalidationHandler = handler;

        [RuntimeExport("SystemNative_InitializeConsoleBeforeRead")]
        internal static void InitializeConsoleBeforeRead(byte minChars, byte decisecondsTimeout) { }

        [RuntimeExport("SystemNative_UninitializeConsoleAfterRead")]
        internal static void UninitializeConsoleAfterRead() { }

        [RuntimeExport("SystemNative_ReadStdin")]
        internal static int ReadStdin(byte* buffer, int bufferSize) => FileReads.Read(0, buffer, bufferSize);

        [RuntimeExport("SystemNative_LogError")]
        internal static void LogError(byte* buffer, int count)
        {
            if (buffer != null && count > 0)
                ConsoleOutput.Write(ConsoleOutput.ErrorStream, buffer, count);
        }

        [RuntimeExport("SystemNative_SNPrintF_1S")]
        internal static int SNPrintF1S(byte* str, int size, byte* format, byte* arg1) => ThreadErrno.Fail(LinuxErrno.ENOSYS);

        [RuntimeExport("SystemNative_SNPrintF_1I")]
        internal static int SNPrintF1I(byte* str, int size, byte* format, int arg1) => ThreadErrno.Fail(LinuxErrno.ENOSYS);
    }
}
