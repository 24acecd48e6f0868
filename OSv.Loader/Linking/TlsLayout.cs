// Static thread-local storage for every loaded module: x86-64 TLS "variant II" (Drepper, "ELF
// Handling For Thread-Local Storage", section 3.4.2; x86-64 psABI 3.4.6).
//
// Layout of one thread block (addresses grow to the right):
//     [ ... module n ... | ... module 2 | module 1 ][ TCB (ThreadControlBlockBytes) ]
//                                                  ^ thread pointer (FS base)
// Module i's block starts at TP - Offset[i]. Offsets are assigned as modules arrive:
//     Offset[i] = RoundUp(Offset[i-1] + MemoryBytes[i] - FirstByte[i], Align[i]) + FirstByte[i]
// where FirstByte = (-p_vaddr) mod Align keeps the block congruent to p_vaddr modulo its alignment
// (so TP must be aligned to the largest alignment; CreateThreadBlock guarantees it). TPOFF64 is
// -Offset[i] + symbol offset; __tls_get_addr(module, offset) is TP - Offset[module] + offset: every
// module, even a dlopen'ed one, has static TLS, so no DTV and no lazy allocation exist.
//
// The TCB: word 0 holds TP itself (%fs:0 reads the thread pointer), 0x10 also TP (glibc's
// "self" slot, what pthread_self returns), 0x28 the stack-protector canary, 0x30 the pointer
// guard. Both are chosen once per layout (process) and copied into every block, as glibc copies
// the creating thread's (THREAD_COPY_STACK_GUARD): one random value, low byte 0 in the canary so
// a string overflow cannot reproduce it.
//
// Once the first thread block exists the static size is frozen at the bytes used plus
// StaticTlsSurplusBytes. A module arriving later gets space from the surplus and its initial
// image is copied into every live block (so threads that exist already see it); if the surplus
// is too small the load is refused. Callers serialize loads, block creation and release.
namespace OSv.Loader.Linking
{
    public sealed unsafe class TlsLayout
    {
        private readonly nint[] _images = new nint[LoaderLimits.TlsModulesMax + 1];
        private readonly ulong[] _imageBytes = new ulong[LoaderLimits.TlsModulesMax + 1];
        private readonly ulong[] _blockBytes = new ulong[LoaderLimits.TlsModulesMax + 1];
        private readonly ulong[] _offsets = new ulong[LoaderLimits.TlsModulesMax + 1];
        private readonly ulong[] _usedBefore = new ulong[LoaderLimits.TlsModulesMax + 1];
        private readonly nint[] _liveBlocks = new nint[LoaderLimits.ThreadBlocksMax];
        private int _moduleCount;
        private int _liveCount;
        private ulong _usedBytes;
        private ulong _alignment = 64;
        private ulong _frozenBytes;
        private ulong _canary, _pointerGuard;

        public const int CanaryOffset = 0x28;
        public const int PointerGuardOffset = 0x30;
        public const int SelfOffset = 0x10;

        public int ModuleCount => _moduleCount;
        /// <summary>Bytes of static TLS below the thread pointer (0 until frozen: then fixed).</summary>
        public ulong StaticBytes => _frozenBytes != 0 ? _frozenBytes : _usedBytes;
        public int LiveBlockCount => _liveCount;
        /// <summary>The stack-protector canary every block holds at TP + 0x28 (0 before the first block).</summary>
        public ulong Canary => _canary;

        /// <summary>The distance below TP at which module <paramref name="module"/>'s block starts.</summary>
        public ulong OffsetOf(ulong module) => module >= 1 && module <= (ulong)_moduleCount ? _offsets[module] : 0;

        /// <summary>Adds a module whose initial image is <paramref name="imageBytes"/> bytes at
        /// <paramref name="image"/> (already mapped) and whose block is <paramref name="blockBytes"/>.
        /// Returns the module id, or 0 when no static space is left.</summary>
        public ulong AddModule(nint image, ulong imageBytes, ulong blockBytes, ulong alignment, ulong virtualAddress)
        {
            if (_moduleCount == LoaderLimits.TlsModulesMax || imageBytes > blockBytes)
                return 0;
            alignment = alignment == 0 ? 1 : alignment;
            ulong firstByte = (0 - virtualAddress) & (alignment - 1);
            ulong offset = RoundUp(_usedBytes + blockBytes - firstByte, alignment) + firstByte;
            if (_frozenBytes != 0 && (offset > _frozenBytes || alignment > _alignment))
                return 0;
            int module = ++_moduleCount;
            _images[module] = image;
            _imageBytes[module] = imageBytes;
            _blockBytes[module] = blockBytes;
            _offsets[module] = offset;
            _usedBefore[module] = _usedBytes;
            _usedBytes = offset;
            if (alignment > _alignment)
                _alignment = alignment;
            for (int i = 0; i < _liveCount; i++)
                InitializeModule((byte*)_liveBlocks[i], module);
            return (ulong)module;
        }

        /// <summary>Forgets the newest modules down to <paramref name="moduleCount"/> (a failed load).</summary>
        public void RemoveModulesAbove(int moduleCount)
        {
            while (_moduleCount > moduleCount && _moduleCount > 0)
            {
                _usedBytes = _usedBefore[_moduleCount];
                _images[_moduleCount] = 0;
                _moduleCount--;
            }
        }

        /// <summary>Marks a module unloaded: its image is no longer copied into new blocks (its
        /// static space is not reused).</summary>
        public void RetireModule(ulong module)
        {
            if (module >= 1 && module <= (ulong)_moduleCount)
                _images[module] = 0;
        }

        /// <summary>A new thread block with every module's initial image: returns the thread
        /// pointer, or 0 when memory or the live-block table is exhausted.</summary>
        public ulong CreateThreadBlock()
        {
            if (_liveCount == LoaderLimits.ThreadBlocksMax)
                return 0;
            if (_frozenBytes == 0)
                _frozenBytes = RoundUp(_usedBytes + LoaderLimits.StaticTlsSurplusBytes, _alignment);
            ulong below = RoundUp(_frozenBytes, _alignment);
            byte* start = LoaderMemory.Reserve(below + LoaderLimits.ThreadControlBlockBytes);
            if (start == null)
                return 0;
            byte* threadPointer = start + below;
            for (int module = 1; module <= _moduleCount; module++)
                InitializeModule(threadPointer, module);
            *(ulong*)threadPointer = (ulong)threadPointer;
            *(ulong*)(threadPointer + SelfOffset) = (ulong)threadPointer;
            if (_canary == 0)
                ChooseGuards();
            *(ulong*)(threadPointer + CanaryOffset) = _canary;
            *(ulong*)(threadPointer + PointerGuardOffset) = _pointerGuard;
            _liveBlocks[_liveCount++] = (nint)threadPointer;
            return (ulong)threadPointer;
        }

        /// <summary>Frees a block from <see cref="CreateThreadBlock"/> (the thread has exited).</summary>
        public void ReleaseThreadBlock(ulong threadPointer)
        {
            for (int i = 0; i < _liveCount; i++)
            {
                if (_liveBlocks[i] != (nint)threadPointer)
                    continue;
                _liveBlocks[i] = _liveBlocks[--_liveCount];
                ulong below = RoundUp(_frozenBytes, _alignment);
                LoaderMemory.Release((byte*)threadPointer - below, below + LoaderLimits.ThreadControlBlockBytes);
                return;
            }
        }

        /// <summary>__tls_get_addr: the address of <paramref name="offset"/> in module
        /// <paramref name="module"/>'s block of the thread whose pointer is <paramref name="threadPointer"/>;
        /// 0 for an unknown module.</summary>
        public nint GetAddress(ulong threadPointer, ulong module, ulong offset)
        {
            if (module == 0 || module > (ulong)_moduleCount || threadPointer == 0)
                return 0;
            return (nint)(threadPointer - _offsets[module] + offset);
        }

        private void ChooseGuards()
        {
            ulong* random = stackalloc ulong[2];
            do
            {
                LoaderMemory.FillRandom((byte*)random, 16);
                _canary = random[0] & ~0xFFUL;
            }
            while (_canary == 0);
            _pointerGuard = random[1];
        }

        private void InitializeModule(byte* threadPointer, int module)
        {
            byte* block = threadPointer - _offsets[module];
            new System.Span<byte>(block, (int)_blockBytes[module]).Clear();
            if (_images[module] != 0 && _imageBytes[module] != 0)
                new System.ReadOnlySpan<byte>((void*)_images[module], (int)_imageBytes[module]).CopyTo(new System.Span<byte>(block, (int)_imageBytes[module]));
        }

        private static ulong RoundUp(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);
    }
}
