// <stdlib.h>'s environment functions and the environment's data objects as C exports. Errors
// per glibc: setenv/unsetenv with a NULL, empty or '='-holding name are EINVAL (-1); ENOMEM when
// the table or memory is full. secure_getenv is getenv: programs here never run set-user-ID.
namespace OSv.Libc.Environ
{
    using System.Runtime.InteropServices;
    using OSv.Libc.Errors;

    public static unsafe class EnvironmentExports
    {
        public static void Register(OSv.Libc.Abi.ExportTable table)
        {
            table.Add("environ"u8, (nint)EnvironmentTable.Cell);
            table.Add("__environ"u8, (nint)EnvironmentTable.Cell);
            table.Add("_environ"u8, (nint)EnvironmentTable.Cell);
            table.Add("program_invocation_name"u8, (nint)ProgramEnvironment.InvocationNameCell);
            table.Add("__progname_full"u8, (nint)ProgramEnvironment.InvocationNameCell);
            table.Add("program_invocation_short_name"u8, (nint)ProgramEnvironment.InvocationShortNameCell);
            table.Add("__progname"u8, (nint)ProgramEnvironment.InvocationShortNameCell);
            table.Add("getenv"u8, (nint)(delegate* unmanaged<byte*, byte*>)&GetEnv);
            table.Add("secure_getenv"u8, (nint)(delegate* unmanaged<byte*, byte*>)&GetEnv);
            table.Add("__secure_getenv"u8, (nint)(delegate* unmanaged<byte*, byte*>)&GetEnv);
            table.Add("setenv"u8, (nint)(delegate* unmanaged<byte*, byte*, int, int>)&SetEnv);
            table.Add("unsetenv"u8, (nint)(delegate* unmanaged<byte*, int>)&UnsetEnv);
            table.Add("putenv"u8, (nint)(delegate* unmanaged<byte*, int>)&PutEnv);
            table.Add("clearenv"u8, (nint)(delegate* unmanaged<int>)&ClearEnv);
        }

        [UnmanagedCallersOnly]
        public static byte* GetEnv(byte* name) => EnvironmentTable.Get(name);

        [UnmanagedCallersOnly]
        public static int SetEnv(byte* name, byte* value, int overwrite) =>
            Result(EnvironmentTable.Set(name, value, overwrite != 0));

        [UnmanagedCallersOnly]
        public static int UnsetEnv(byte* name) => Result(EnvironmentTable.Unset(name));

        [UnmanagedCallersOnly]
        public static int PutEnv(byte* entry) => Result(EnvironmentTable.Put(entry));

        [UnmanagedCallersOnly]
        public static int ClearEnv()
        {
            EnvironmentTable.Clear();
            return 0;
        }

        private static int Result(int error)
        {
            if (error == 0)
                return 0;
            Errno.Set(error);
            return -1;
        }
    }
}
