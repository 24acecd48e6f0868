// The PAL's environment variables (SystemNative_GetEnv, GetEnviron, FreeEnviron): what the startup
// code puts there with Environment.Set (on metal, the NAME=VALUE words of the kernel command line;
// there is no parent process to inherit from). CoreLib reads it through GetEnv and keeps its own
// copy for Environment.SetEnvironmentVariable, as it does on Linux, so nothing but the startup
// writes here.
//
// Storage: up to PalLimits.EnvironmentVariablesMax entries, each a NUL-terminated "NAME=VALUE"
// in PalHeap memory, in a fixed table of pointers under one Mutex. Replacing a variable leaves its
// old string allocated, because a GetEnv caller on another thread may still be reading it (the
// startup sets each variable once, so this does not grow in practice). GetEnviron returns a
// NULL-terminated snapshot array (PalHeap) of pointers to the entries, freed by FreeEnviron.
using System;
using System.Runtime;
using System.Text;
using Mutex = OSv.Core.Sync.Mutex;

namespace OSv.Runtime.Pal
{
    internal static unsafe class Environment
    {
        private static readonly Mutex s_lock = new Mutex();

        // Runs the class constructor now (PalStartup): reading a static field is what triggers it.
        internal static void EnsureInitialized() => System.GC.KeepAlive(s_lock);
        private static readonly nint[] s_entries = new nint[PalLimits.EnvironmentVariablesMax];
        private static int s_count;

        // Sets (or replaces) name's value; false when the name is invalid (empty, or holding '='
        // or NUL), the value holds NUL, the table is full or memory ran out.
        public static bool Set(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            if (name.IsEmpty || name.IndexOf((byte)'=') >= 0 || name.IndexOf((byte)0) >= 0 || value.IndexOf((byte)0) >= 0)
                return false;
            var entry = (byte*)PalHeap.Malloc((nuint)(name.Length + 1 + value.Length + 1));
            if (entry == null)
                return false;
            name.CopyTo(new Span<byte>(entry, name.Length));
            entry[name.Length] = (byte)'=';
            value.CopyTo(new Span<byte>(entry + name.Length + 1, value.Length));
            entry[name.Length + 1 + value.Length] = 0;
            s_lock.Lock();
            int index = IndexOfLocked(name);
            bool stored = index >= 0 || s_count < s_entries.Length;
            if (index >= 0)
                s_entries[index] = (nint)entry;
            else if (stored)
                s_entries[s_count++] = (nint)entry;
            s_lock.Unlock();
            if (!stored)
                PalHeap.Free(entry);
            return stored;
        }

        public static bool Set(string name, string value) =>
            Set(Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(value));

        // Forgets every variable (tests). Strings stay allocated, as for replacement.
        internal static void Clear()
        {
            s_lock.Lock();
            Array.Clear(s_entries);
            s_count = 0;
            s_lock.Unlock();
        }

        [RuntimeExport("SystemNative_GetEnv")]
        internal static nint GetEnv(byte* name)
        {
            if (name == null)
                return 0;
            var nameSpan = new ReadOnlySpan<byte>(name, CStringLength(name));
            s_lock.Lock();
            int index = IndexOfLocked(nameSpan);
            nint value = index < 0 ? 0 : s_entries[index] + nameSpan.Length + 1;
            s_lock.Unlock();
            return value;
        }

        [RuntimeExport("SystemNative_GetEnviron")]
        internal static nint GetEnviron()
        {
            s_lock.Lock();
            var snapshot = (nint*)PalHeap.Malloc((nuint)((s_count + 1) * sizeof(nint)));
            if (snapshot != null)
            {
                for (int i = 0; i < s_count; i++)
                    snapshot[i] = s_entries[i];
                snapshot[s_count] = 0;
            }
            s_lock.Unlock();
            return (nint)snapshot;
        }

        [RuntimeExport("SystemNative_FreeEnviron")]
        internal static void FreeEnviron(nint environ) => PalHeap.Free((void*)environ);

        private static int IndexOfLocked(ReadOnlySpan<byte> name)
        {
            for (int i = 0; i < s_count; i++)
            {
                if (EntryHasName((byte*)s_entries[i], name))
                    return i;
            }
            return -1;
        }

        // Whether entry ("NAME=VALUE\0") starts with name then '='; stops at the entry's NUL.
        private static bool EntryHasName(byte* entry, ReadOnlySpan<byte> name)
        {
            for (int i = 0; i < name.Length; i++)
            {
                if (entry[i] != name[i]) // a NUL in entry never equals a byte of a valid name
                    return false;
            }
            return entry[name.Length] == (byte)'=';
        }

        private static int CStringLength(byte* text)
        {
            int length = 0;
            while (text[length] != 0)
                length++;
            return length;
        }
    }
}
