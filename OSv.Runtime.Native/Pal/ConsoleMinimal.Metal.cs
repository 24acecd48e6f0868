// MINIMAL, for the spine: the System.Native functions Console.WriteLine reaches, so that an image
// on the real CoreLib can print. Standard output and error go to the serial console; the console
// is not a terminal (IsATty 0), so CoreLib needs no terminal control. The PAL helper (Pal/)
// merges these with its own; the names are exactly the PAL's exports. Errors return -1 (errno
// handling is the PAL's).
using System.Runtime;
using OSv.Core.Console;

namespace OSv.Runtime.Native.Pal
{
    internal static unsafe class ConsoleMinimal
    {
        private const int StandardOutput = 1;
        private const int StandardError = 2;

        [RuntimeExport("SystemNative_Write")]
        internal static int Write(nint fileDescriptor, byte* buffer, int count)
        {
            if (fileDescriptor != StandardOutput && fileDescriptor != StandardError)
                return -1;
            if (count < 0)
                return -1;
            Serial16550.Write(buffer, count);
            return count;
        }

        [RuntimeExport("SystemNative_IsATty")]
        internal static int IsATty(nint fileDescriptor) => 0;

        // The standard streams are the console itself: a duplicate is the same descriptor.
        [RuntimeExport("SystemNative_Dup")]
        internal static nint Dup(nint fileDescriptor) =>
            fileDescriptor >= 0 && fileDescriptor <= StandardError ? fileDescriptor : -1;

        [RuntimeExport("SystemNative_InitializeTerminalAndSignalHandling")]
        internal static int InitializeTerminalAndSignalHandling() => 1;

        // The console is no terminal: nothing ever invalidates terminal settings.
        [RuntimeExport("SystemNative_SetTerminalInvalidationHandler")]
        internal static void SetTerminalInvalidationHandler(delegate* unmanaged<void> handler)
        {
        }

        // No terminal, so no special control characters: every value is "disabled" (0).
        [RuntimeExport("SystemNative_GetControlCharacters")]
        internal static void GetControlCharacters(int* names, byte* values, int count, byte* posixDisableValue)
        {
            for (int i = 0; i < count; i++)
                values[i] = 0;
            *posixDisableValue = 0;
        }

        // No environment yet: every variable is unset.
        [RuntimeExport("SystemNative_GetEnv")]
        internal static byte* GetEnv(byte* name) => null;
    }
}
