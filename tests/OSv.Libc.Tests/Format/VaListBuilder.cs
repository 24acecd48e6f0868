// Builds a System V x86-64 va_list in native memory the way a variadic call would: the first six
// INTEGER arguments in the general register area, the first eight SSE ones in the vector area,
// the rest (and every long double, 16-byte aligned) on the "stack" overflow area, in call order.
// The same structure is handed to our engine and, by pointer, to glibc's v* functions.
namespace OSv.Libc.Tests.Format
{
    using System;
    using System.Runtime.InteropServices;
    using System.Text;
    using OSv.Libc.Abi;

    internal sealed unsafe class VaListBuilder : IDisposable
    {
        private const int OverflowBytes = 8192;
        private readonly byte* _registers = (byte*)NativeMemory.AlignedAlloc(VaList.RegisterSaveAreaBytes, 16);
        private readonly byte* _overflow = (byte*)NativeMemory.AlignedAlloc(OverflowBytes, 16);
        private readonly System.Collections.Generic.List<nint> _blocks = new();
        private uint _general;
        private uint _float = VaList.GeneralRegisterAreaBytes;
        private int _overflowUsed;

        public VaListBuilder Integer(long value)
        {
            if (_general < VaList.GeneralRegisterAreaBytes)
            {
                *(long*)(_registers + _general) = value;
                _general += 8;
            }
            else
                Spill(8, 8, (byte*)&value);
            return this;
        }

        public VaListBuilder Double(double value)
        {
            if (_float < VaList.RegisterSaveAreaBytes)
            {
                *(double*)(_registers + _float) = value;
                _float += 16;
            }
            else
                Spill(8, 8, (byte*)&value);
            return this;
        }

        public VaListBuilder LongDouble(double value)
        {
            byte* slot = stackalloc byte[16];
            new Span<byte>(slot, 16).Clear();
            X87.FromDouble(value, slot);
            Spill(16, 16, slot);
            return this;
        }

        public VaListBuilder String(string? text) => Integer((long)Utf8(text));

        /// <summary>A zeroed native block whose address is passed as an argument (for %n, scanf).</summary>
        public byte* Block(int bytes)
        {
            byte* block = (byte*)NativeMemory.AllocZeroed((nuint)bytes);
            _blocks.Add((nint)block);
            return block;
        }

        public byte* Utf8(string? text)
        {
            if (text == null)
                return null;
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            byte* copy = Block(bytes.Length + 1);
            bytes.CopyTo(new Span<byte>(copy, bytes.Length));
            return copy;
        }

        public VaList Build() => new VaList
        {
            GeneralOffset = 0,
            FloatOffset = VaList.GeneralRegisterAreaBytes,
            OverflowArea = _overflow,
            RegisterSaveArea = _registers,
        };

        private void Spill(int size, int alignment, byte* value)
        {
            _overflowUsed = (_overflowUsed + alignment - 1) & -alignment;
            if (_overflowUsed + size > OverflowBytes)
                throw new InvalidOperationException("VaListBuilder overflow area full");
            Buffer.MemoryCopy(value, _overflow + _overflowUsed, size, size);
            _overflowUsed += size;
        }

        public void Dispose()
        {
            NativeMemory.AlignedFree(_registers);
            NativeMemory.AlignedFree(_overflow);
            foreach (nint block in _blocks)
                NativeMemory.Free((void*)block);
        }
    }
}
