// The process environment (POSIX.1-2017 XBD 8, getenv/setenv/unsetenv/putenv; glibc's clearenv):
// `environ` is a C data object, a char** cell, that C reads and may even assign. This class keeps
// the address of that cell and edits the array it points at.
//
// Ownership: at program start the cell points at the envp array the loader built (not ours).
// The first change that needs room copies the array into one this library owns (page memory),
// sized with headroom so that later additions rarely copy again; a later copy leaves the old
// array alive (a thread may be iterating over it, and C may hold `environ`'s old value), so the
// arrays leak at most twice the final size. If the program assigns `environ` itself, the next
// change finds the cell no longer pointing at the owned array and copies again. setenv's strings
// come from EnvironmentStrings (never freed); putenv inserts the caller's own string, so a later
// change to that string changes the environment (POSIX). unsetenv removes every entry with the
// name, shifting the array in place, as glibc does even in envp.
//
// Concurrency: changes take one lock; getenv does not (glibc's getenv does not either: a program
// that changes its environment while another thread reads it races in C too).
// Bounds: at most VariablesMax entries (an addition beyond is ENOMEM); entries past that many in a
// foreign array are not seen.
namespace OSv.Libc.Environ
{
    using OSv.Libc.Errors;

    public static unsafe class EnvironmentTable
    {
        public const int VariablesMax = 16 * 1024;
        private const int InitialCapacity = 64;

        private static readonly OSv.Core.Sync.Mutex s_lock = new OSv.Core.Sync.Mutex();
        private static byte*** s_cell;        // the `environ` cell C reads
        private static byte** s_ownedArray;   // the array this library allocated, or null
        private static int s_ownedCapacity;   // entries it holds, the NULL included

        /// <summary>The address of the `environ` cell (allocated on first use).</summary>
        public static byte*** Cell
        {
            get
            {
                if (s_cell == null)
                    s_cell = (byte***)OSv.Libc.Memory.CellMemory.AllocateZeroed((nuint)sizeof(byte**));
                return s_cell;
            }
        }

        /// <summary>Points `environ` at a new array (the program's envp), not owned.</summary>
        public static void Reset(byte** environment)
        {
            s_lock.Lock();
            *Cell = environment;
            s_lock.Unlock();
        }

        /// <summary>Moves the `environ` cell (a program's copy made by a COPY relocation): from now
        /// on this library reads and edits that one; its current value is carried over.</summary>
        public static void MoveCell(byte*** programCell)
        {
            s_lock.Lock();
            *programCell = *Cell;
            s_cell = programCell;
            s_lock.Unlock();
        }

        /// <summary>getenv: the value of the first entry named <paramref name="name"/>, or null.</summary>
        public static byte* Get(byte* name)
        {
            int nameLength = NameLength(name);
            if (nameLength <= 0)
                return null;
            byte** entries = *Cell;
            int index = IndexOf(entries, name, nameLength);
            return index < 0 ? null : entries[index] + nameLength + 1;
        }

        /// <summary>setenv: 0, or an errno value (EINVAL for a bad name or a NULL value, ENOMEM).</summary>
        public static int Set(byte* name, byte* value, bool overwrite)
        {
            int nameLength = NameLength(name);
            if (nameLength <= 0 || value == null)
                return ErrnoCodes.EINVAL;
            s_lock.Lock();
            int result = 0;
            int index = IndexOf(*Cell, name, nameLength);
            if (index < 0 || overwrite)
            {
                byte* entry = EnvironmentStrings.Join(name, nameLength, value, (int)OSv.Libc.String.CStrings.Length(value));
                result = entry == null ? ErrnoCodes.ENOMEM : Store(entry, nameLength, index);
            }
            s_lock.Unlock();
            return result;
        }

        /// <summary>putenv: inserts <paramref name="entry"/> itself ("NAME=value"); an entry
        /// without '=' removes NAME (glibc). 0, or an errno value.</summary>
        public static int Put(byte* entry)
        {
            if (entry == null)
                return ErrnoCodes.EINVAL;
            int nameLength = 0;
            while (entry[nameLength] != 0 && entry[nameLength] != (byte)'=')
                nameLength++;
            if (entry[nameLength] == 0)
                return RemoveAll(entry, nameLength);
            s_lock.Lock();
            int result = Store(entry, nameLength, IndexOf(*Cell, entry, nameLength));
            s_lock.Unlock();
            return result;
        }

        /// <summary>unsetenv: 0, or EINVAL for a bad name.</summary>
        public static int Unset(byte* name)
        {
            int nameLength = NameLength(name);
            if (nameLength <= 0)
                return ErrnoCodes.EINVAL;
            return RemoveAll(name, nameLength);
        }

        /// <summary>clearenv: `environ` becomes NULL, as in glibc.</summary>
        public static void Clear()
        {
            s_lock.Lock();
            *Cell = null;
            s_lock.Unlock();
        }

        // Replaces entry index (or appends when it is negative). The caller holds the lock.
        private static int Store(byte* entry, int nameLength, int index)
        {
            if (index >= 0 && *Cell == s_ownedArray)
            {
                s_ownedArray[index] = entry;
                return 0;
            }
            int count = Count(*Cell);
            int needed = index >= 0 ? count + 1 : count + 2;
            if (needed > VariablesMax + 1)
                return ErrnoCodes.ENOMEM;
            if (!EnsureOwned(count, needed))
                return ErrnoCodes.ENOMEM;
            if (index >= 0)
            {
                s_ownedArray[index] = entry;
                return 0;
            }
            s_ownedArray[count] = entry;
            s_ownedArray[count + 1] = null;
            return 0;
        }

        // Makes the cell point at an owned array of at least `needed` entries holding the current
        // `count` entries and the NULL.
        private static bool EnsureOwned(int count, int needed)
        {
            if (*Cell == s_ownedArray && s_ownedArray != null && s_ownedCapacity >= needed)
                return true;
            int capacity = needed * 2 < InitialCapacity ? InitialCapacity : needed * 2;
            if (capacity > VariablesMax + 1)
                capacity = VariablesMax + 1;
            byte** array = (byte**)OSv.Libc.Memory.PageSource.Allocate((nuint)capacity * (nuint)sizeof(byte*));
            if (array == null)
                return false;
            byte** current = *Cell;
            for (int i = 0; i < count; i++)
                array[i] = current[i];
            array[count] = null;
            s_ownedArray = array;
            s_ownedCapacity = capacity;
            *Cell = array;
            return true;
        }

        private static int RemoveAll(byte* name, int nameLength)
        {
            s_lock.Lock();
            byte** entries = *Cell;
            if (entries != null)
            {
                int write = 0;
                for (int read = 0; read < VariablesMax && entries[read] != null; read++)
                {
                    if (!Matches(entries[read], name, nameLength))
                        entries[write++] = entries[read];
                }
                entries[write] = null;
            }
            s_lock.Unlock();
            return 0;
        }

        private static int IndexOf(byte** entries, byte* name, int nameLength)
        {
            if (entries == null)
                return -1;
            for (int i = 0; i < VariablesMax && entries[i] != null; i++)
            {
                if (Matches(entries[i], name, nameLength))
                    return i;
            }
            return -1;
        }

        private static int Count(byte** entries)
        {
            if (entries == null)
                return 0;
            int count = 0;
            while (count < VariablesMax && entries[count] != null)
                count++;
            return count;
        }

        private static bool Matches(byte* entry, byte* name, int nameLength)
        {
            for (int i = 0; i < nameLength; i++)
            {
                if (entry[i] != name[i])
                    return false;
            }
            return entry[nameLength] == (byte)'=';
        }

        // The length of a valid variable name (non-empty, no '='), or -1.
        private static int NameLength(byte* name)
        {
            if (name == null || name[0] == 0)
                return -1;
            int length = 0;
            while (name[length] != 0)
            {
                if (name[length] == (byte)'=')
                    return -1;
                length++;
            }
            return length;
        }
    }
}
