// ctype.h for the C locale (C11 7.4): the classification of each byte, and glibc's tables that
// gcc-compiled code indexes directly. `isalpha(c)` in a glibc program compiles to
// `(*__ctype_b_loc())[c] & _ISalpha`, `tolower(c)` often to `(*__ctype_tolower_loc())[c]`; the
// tables are indexed -128..255 so that both a signed char and EOF (-1) are valid indices.
//
// Bit values: glibc's <ctype.h> numbers the classes 0..11 and stores bit n as
// (n < 8 ? (1 << n) << 8 : (1 << n) >> 8) so that the table reads the same on either byte order;
// on little-endian x86-64 that gives the constants below. In the C locale bytes 128..255 (and the
// negative indices, which alias them) have no class and map to themselves in tolower/toupper,
// except index -1 (EOF), which maps to -1. CharacterClassTests compares all 384 entries of each
// table with the host glibc's.
//
// Storage: the three tables and the three pointers the *_loc functions return the addresses of
// live in unmanaged memory allocated once (CellMemory), so C can hold on to them forever.
namespace OSv.Libc.String
{
    public static unsafe class CharacterClasses
    {
        public const ushort Upper = 0x100, Lower = 0x200, Alpha = 0x400, Digit = 0x800, HexDigit = 0x1000,
            Space = 0x2000, Print = 0x4000, Graph = 0x8000, Blank = 0x1, Control = 0x2, Punctuation = 0x4,
            AlphaNumeric = 0x8;
        public const int IndexMin = -128, IndexMax = 255;
        public const int EntryCount = IndexMax - IndexMin + 1;   // 384

        private static int s_initializeLock;
        private static nint s_classPointerCell;     // ushort** : the address __ctype_b_loc returns
        private static nint s_lowerPointerCell;     // int**
        private static nint s_upperPointerCell;     // int**

        /// <summary>The value for __ctype_b_loc: a pointer to a pointer to entry 0 of the class table.</summary>
        public static ushort** ClassTableLocation() { EnsureInitialized(); return (ushort**)s_classPointerCell; }

        /// <summary>The value for __ctype_tolower_loc.</summary>
        public static int** LowerTableLocation() { EnsureInitialized(); return (int**)s_lowerPointerCell; }

        /// <summary>The value for __ctype_toupper_loc.</summary>
        public static int** UpperTableLocation() { EnsureInitialized(); return (int**)s_upperPointerCell; }

        /// <summary>The class bits of <paramref name="c"/> (an unsigned char value or EOF, or a
        /// signed char), 0 outside -128..255.</summary>
        public static int ClassOf(int c) => (uint)(c - IndexMin) < EntryCount ? (*ClassTableLocation())[c] : 0;

        /// <summary>tolower in the C locale; values outside -128..255 are returned unchanged.</summary>
        public static int ToLower(int c) => (uint)(c - IndexMin) < EntryCount ? (*LowerTableLocation())[c] : c;

        /// <summary>toupper in the C locale.</summary>
        public static int ToUpper(int c) => (uint)(c - IndexMin) < EntryCount ? (*UpperTableLocation())[c] : c;

        /// <summary>The C locale's class bits of a byte value 0..255.</summary>
        public static ushort ClassOfByte(int value)
        {
            if (value >= 128)
                return 0;
            if (value < 32 || value == 127)
                return (ushort)(Control | (value == '\t' ? Blank | Space : 0) | (value >= '\n' && value <= '\r' ? Space : 0));
            if (value == ' ')
                return Print | Space | Blank;
            if (value >= '0' && value <= '9')
                return Digit | HexDigit | AlphaNumeric | Print | Graph;
            if (value >= 'A' && value <= 'Z')
                return (ushort)(Upper | Alpha | AlphaNumeric | Print | Graph | (value <= 'F' ? HexDigit : 0));
            if (value >= 'a' && value <= 'z')
                return (ushort)(Lower | Alpha | AlphaNumeric | Print | Graph | (value <= 'f' ? HexDigit : 0));
            return Punctuation | Print | Graph;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public static void EnsureInitialized()
        {
            // Ordered load (acquire): the pointer is published after the tables are filled.
            if (System.Threading.Volatile.Read(ref s_upperPointerCell) == 0)
                Initialize();
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static void Initialize()
        {
            OSv.Libc.Memory.SpinYieldLock.Acquire(ref s_initializeLock);
            if (s_upperPointerCell == 0)
            {
                ushort* classes = (ushort*)OSv.Libc.Memory.CellMemory.AllocateZeroed(EntryCount * sizeof(ushort)) - IndexMin;
                int* lower = (int*)OSv.Libc.Memory.CellMemory.AllocateZeroed(EntryCount * sizeof(int)) - IndexMin;
                int* upper = (int*)OSv.Libc.Memory.CellMemory.AllocateZeroed(EntryCount * sizeof(int)) - IndexMin;
                for (int c = IndexMin; c <= IndexMax; c++)
                {
                    int asByte = c & 0xFF;
                    classes[c] = c == -1 ? (ushort)0 : ClassOfByte(asByte);
                    lower[c] = c < -1 ? asByte : c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
                    upper[c] = c < -1 ? asByte : c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
                }
                ushort** classCell = (ushort**)OSv.Libc.Memory.CellMemory.AllocateZeroed((nuint)sizeof(nint) * 3);
                classCell[0] = classes;
                ((int**)classCell)[1] = lower;
                ((int**)classCell)[2] = upper;
                s_classPointerCell = (nint)classCell;
                s_lowerPointerCell = (nint)((int**)classCell + 1);
                // Ordered store (release): publishes everything above.
                System.Threading.Volatile.Write(ref s_upperPointerCell, (nint)((int**)classCell + 2));
            }
            OSv.Libc.Memory.SpinYieldLock.Release(ref s_initializeLock);
        }
    }
}
