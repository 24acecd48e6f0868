// Decoding ilc's x64 unboxing stub, "add rdi, 8; jmp rel32" (48 83 c7 08 e9 <rel32>): the
// receiver is a boxed value type, the stub moves the this pointer past the MethodTable word and
// jumps to the value type's method. Any other code is its own target. Plain pointer logic, so
// the hosted tests check it on byte arrays.
namespace OSv.Runtime.Startup
{
    internal static unsafe class UnboxingStub
    {
        private const int AddRdi8Bytes = 4;
        private const int JmpRel32Bytes = 5;

        public static bool IsUnboxingStub(byte* code) =>
            code[0] == 0x48 && code[1] == 0x83 && code[2] == 0xc7 && code[3] == 0x08 && code[4] == 0xe9;

        public static byte* TargetOf(byte* code)
        {
            if (code == null || !IsUnboxingStub(code))
                return code;
            byte* next = code + AddRdi8Bytes + JmpRel32Bytes;
            return next + *(int*)(code + AddRdi8Bytes + 1);
        }
    }
}
