// Helpers that find and patch fields in an ELF file's bytes, for bad-input tests and the fuzzer.
using System;
using System.Buffers.Binary;
using OSv.Loader.Elf;

namespace OSv.Loader.Tests
{
    public static unsafe class ElfBytes
    {
        public const int EType = 16, Machine = 18, Entry = 24, PhOff = 32, EhSize = 52, PhEntSize = 54, PhNum = 56;
        // Field offsets inside a program header.
        public const int PType = 0, PFlags = 4, POffset = 8, PVaddr = 16, PFileSz = 32, PMemSz = 40, PAlign = 48;

        public static string? Parse(byte[] bytes)
        {
            fixed (byte* data = bytes)
                return ElfParser.TryParse(data, bytes.Length, out _);
        }

        public static int ProgramHeaderCount(byte[] bytes) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(PhNum));

        public static int ProgramHeaderAt(byte[] bytes, int index) =>
            (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(PhOff)) + index * ElfConstants.ProgramHeaderBytes;

        /// <summary>File offset of the first program header of <paramref name="type"/>, or -1.</summary>
        public static int FindProgramHeader(byte[] bytes, uint type, int occurrence = 0)
        {
            for (int i = 0; i < ProgramHeaderCount(bytes); i++)
            {
                int at = ProgramHeaderAt(bytes, i);
                if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) == type && occurrence-- == 0)
                    return at;
            }
            return -1;
        }

        /// <summary>File offset of the dynamic entry with <paramref name="tag"/>, or -1.</summary>
        public static int FindDynamic(byte[] bytes, long tag)
        {
            int dynamic = FindProgramHeader(bytes, ElfConstants.PtDynamic);
            int offset = (int)ReadU64(bytes, dynamic + POffset), size = (int)ReadU64(bytes, dynamic + PFileSz);
            for (int at = offset; at < offset + size; at += 16)
                if ((long)ReadU64(bytes, at) == tag)
                    return at;
            return -1;
        }

        /// <summary>The file offset holding virtual address <paramref name="address"/>, or -1.</summary>
        public static long AddressToOffset(byte[] bytes, ulong address)
        {
            for (int i = 0; i < ProgramHeaderCount(bytes); i++)
            {
                int at = ProgramHeaderAt(bytes, i);
                if (ReadU32(bytes, at) != ElfConstants.PtLoad)
                    continue;
                ulong vaddr = ReadU64(bytes, at + PVaddr), filesz = ReadU64(bytes, at + PFileSz);
                if (address >= vaddr && address - vaddr < filesz)
                    return (long)(ReadU64(bytes, at + POffset) + address - vaddr);
            }
            return -1;
        }

        public static ulong ReadU64(byte[] bytes, int at) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
        public static uint ReadU32(byte[] bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
        public static void WriteU64(byte[] bytes, int at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), value);
        public static void WriteU32(byte[] bytes, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
        public static void WriteU16(byte[] bytes, int at, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), value);
    }
}
