// The memory layout of a C `FILE` on x86-64 glibc (libio/bits/types/struct_FILE.h,
// libio/libioP.h), which our streams reproduce because gcc-compiled code reaches into it:
// getc_unlocked/putc_unlocked are inline pointer bumps on _IO_read_ptr/_IO_read_end and
// _IO_write_ptr/_IO_write_end that call __uflow/__overflow only when a buffer is exhausted,
// and feof_unlocked/ferror_unlocked test bits of _flags. Everything else in the 216-byte
// struct (and the vtable pointer of _IO_FILE_plus at 216) is kept zero.
//
// Our slot: [0, 224) the glibc object, [224, 256) the ungetc pushback area (glibc's "backup
// area", which its own code allocates on demand; ours is fixed and holds PushbackBytes).
namespace OSv.Libc.Stdio
{
    public static class FileLayout
    {
        public const int FlagsOffset = 0;
        public const int ReadPointerOffset = 8, ReadEndOffset = 16, ReadBaseOffset = 24;
        public const int WriteBaseOffset = 32, WritePointerOffset = 40, WriteEndOffset = 48;
        public const int BufferBaseOffset = 56, BufferEndOffset = 64;
        public const int DescriptorOffset = 112, ShortBufferOffset = 131;

        /// <summary>sizeof(struct _IO_FILE) and sizeof(struct _IO_FILE_plus) (with the vtable).</summary>
        public const int GlibcFileBytes = 216, GlibcFilePlusBytes = 224;

        public const int PushbackOffset = GlibcFilePlusBytes, PushbackBytes = 32;
        public const int SlotBytes = PushbackOffset + PushbackBytes;

        // _flags bits (libio.h): the magic number in the high half, state bits in the low half.
        public const int Magic = unchecked((int)0xFBAD0000);
        public const int UserBuffer = 0x1, Unbuffered = 0x2, NoReads = 0x4, NoWrites = 0x8;
        public const int EndOfFileSeen = 0x10, ErrorSeen = 0x20, InBackup = 0x100, LineBuffered = 0x200;
        public const int CurrentlyPutting = 0x800;

        public const int EndOfFile = -1;
    }
}
