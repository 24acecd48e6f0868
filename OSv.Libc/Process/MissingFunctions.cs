// Programs import many functions they never call on a given path (a Lua script never reaches
// readline's terminal handling). Each import the C library lacks is bound to a stub of its own
// that, if ever called, stops the program with a message naming the function - rather than
// failing the whole load, or jumping to address 0. A stub is 22 bytes of code:
//     mov rdi, <the name as a C string>; mov rax, <libc.S osv_abi_missing_function>; jmp rax
namespace OSv.Libc.Process
{
    using System;
    using OSv.Libc.Abi;

    public static unsafe class MissingFunctions
    {
        private const int StubBytes = 22;

        /// <summary>A callable address that reports <paramref name="name"/> as missing.</summary>
        public static nint StubFor(ReadOnlySpan<byte> name)
        {
            byte* cName = OSv.Libc.Memory.CellMemory.AllocateZeroed((nuint)name.Length + 1);
            name.CopyTo(new Span<byte>(cName, name.Length));
            byte* code = ExecutableMemory.Allocate(StubBytes);
            code[0] = 0x48; code[1] = 0xBF;                           // mov rdi, imm64
            *(ulong*)(code + 2) = (ulong)cName;
            code[10] = 0x48; code[11] = 0xB8;                         // mov rax, imm64
            *(ulong*)(code + 12) = (ulong)AbiShims.Entry(AbiShims.ShimEntry.MissingFunction);
            code[20] = 0xFF; code[21] = 0xE0;                         // jmp rax
            return (nint)code;
        }
    }
}
