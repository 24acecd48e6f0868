// ctype.h as C functions (C11 7.4) and glibc's table accessors, for the C locale. The is*
// functions return the class bit itself (e.g. 0x400 for isalpha), exactly what glibc's functions
// and macros yield, so a program that prints isalpha's value prints the same number. Arguments
// outside -128..255 (undefined in C) read as "no class" and map to themselves.
using System.Runtime.InteropServices;
using Classes = OSv.Libc.String.CharacterClasses;

namespace OSv.Libc.String
{
    public static unsafe class CharacterExports
    {
        [UnmanagedCallersOnly] public static int isalnum(int c) => Classes.ClassOf(c) & Classes.AlphaNumeric;
        [UnmanagedCallersOnly] public static int isalpha(int c) => Classes.ClassOf(c) & Classes.Alpha;
        [UnmanagedCallersOnly] public static int isblank(int c) => Classes.ClassOf(c) & Classes.Blank;
        [UnmanagedCallersOnly] public static int iscntrl(int c) => Classes.ClassOf(c) & Classes.Control;
        [UnmanagedCallersOnly] public static int isdigit(int c) => Classes.ClassOf(c) & Classes.Digit;
        [UnmanagedCallersOnly] public static int isgraph(int c) => Classes.ClassOf(c) & Classes.Graph;
        [UnmanagedCallersOnly] public static int islower(int c) => Classes.ClassOf(c) & Classes.Lower;
        [UnmanagedCallersOnly] public static int isprint(int c) => Classes.ClassOf(c) & Classes.Print;
        [UnmanagedCallersOnly] public static int ispunct(int c) => Classes.ClassOf(c) & Classes.Punctuation;
        [UnmanagedCallersOnly] public static int isspace(int c) => Classes.ClassOf(c) & Classes.Space;
        [UnmanagedCallersOnly] public static int isupper(int c) => Classes.ClassOf(c) & Classes.Upper;
        [UnmanagedCallersOnly] public static int isxdigit(int c) => Classes.ClassOf(c) & Classes.HexDigit;
        [UnmanagedCallersOnly] public static int tolower(int c) => Classes.ToLower(c);
        [UnmanagedCallersOnly] public static int toupper(int c) => Classes.ToUpper(c);
        [UnmanagedCallersOnly] public static int isascii(int c) => (c & ~0x7F) == 0 ? 1 : 0;
        [UnmanagedCallersOnly] public static int toascii(int c) => c & 0x7F;
        [UnmanagedCallersOnly] public static ushort** __ctype_b_loc() => Classes.ClassTableLocation();
        [UnmanagedCallersOnly] public static int** __ctype_tolower_loc() => Classes.LowerTableLocation();
        [UnmanagedCallersOnly] public static int** __ctype_toupper_loc() => Classes.UpperTableLocation();

        public static void Register(OSv.Libc.Abi.ExportTable table)
        {
            Classes.EnsureInitialized();
            table.Add("isalnum"u8, (nint)(delegate* unmanaged<int, int>)&isalnum);
            table.Add("isalpha"u8, (nint)(delegate* unmanaged<int, int>)&isalpha);
            table.Add("isblank"u8, (nint)(delegate* unmanaged<int, int>)&isblank);
            table.Add("iscntrl"u8, (nint)(delegate* unmanaged<int, int>)&iscntrl);
            table.Add("isdigit"u8, (nint)(delegate* unmanaged<int, int>)&isdigit);
            table.Add("isgraph"u8, (nint)(delegate* unmanaged<int, int>)&isgraph);
            table.Add("islower"u8, (nint)(delegate* unmanaged<int, int>)&islower);
            table.Add("isprint"u8, (nint)(delegate* unmanaged<int, int>)&isprint);
            table.Add("ispunct"u8, (nint)(delegate* unmanaged<int, int>)&ispunct);
            table.Add("isspace"u8, (nint)(delegate* unmanaged<int, int>)&isspace);
            table.Add("isupper"u8, (nint)(delegate* unmanaged<int, int>)&isupper);
            table.Add("isxdigit"u8, (nint)(delegate* unmanaged<int, int>)&isxdigit);
            table.Add("tolower"u8, (nint)(delegate* unmanaged<int, int>)&tolower);
            table.Add("toupper"u8, (nint)(delegate* unmanaged<int, int>)&toupper);
            table.Add("isascii"u8, (nint)(delegate* unmanaged<int, int>)&isascii);
            table.Add("toascii"u8, (nint)(delegate* unmanaged<int, int>)&toascii);
            table.Add("__ctype_b_loc"u8, (nint)(delegate* unmanaged<ushort**>)&__ctype_b_loc);
            table.Add("__ctype_tolower_loc"u8, (nint)(delegate* unmanaged<int**>)&__ctype_tolower_loc);
            table.Add("__ctype_toupper_loc"u8, (nint)(delegate* unmanaged<int**>)&__ctype_toupper_loc);
        }
    }
}
