// Applies one object's DT_RELA and DT_JMPREL relocations (x86-64 psABI 4.4, table 4.9; TLS ones
// from Drepper's "ELF Handling For Thread-Local Storage" 4.4). Binding is eager: every PLT slot
// is resolved now, so no lazy-binding trampoline exists.
//   NONE      -                         RELATIVE  B + A
//   64        S + A                     IRELATIVE resolver(B + A)()
//   GLOB_DAT  S + A   (unresolved data: the load fails)
//   JUMP_SLOT S + A   (unresolved: IHostSymbols.MissingFunctionStub(name))
//   PC32      S + A - P (32-bit, must fit)        32   S + A (must fit zero-extended)
//   COPY      st_size bytes from the definition in another object (or the host)
//   DTPMOD64  module id   DTPOFF64  st_value + A   TPOFF64  st_value + A - static offset
// S comes from DynamicLinker.Resolve (global scope, then the host; each symbol looked up once per
// object through ResolutionCache). Safety: every target
// [offset, offset + width) must lie inside a writable PT_LOAD of this object, and a COPY's
// source inside its definer's span, before anything is written; so a corrupt relocation table
// is refused, not obeyed. Resolvers and ifunc symbols run object code: only when the linker
// was created with executeObjectCode (never while fuzzing).
namespace OSv.Loader.Linking
{
    using OSv.Loader.Elf;

    internal static unsafe class Relocator
    {
        public static string? Relocate(DynamicLinker linker, LoadedObject obj)
        {
            DynamicInfo dynamic = obj.File.Dynamic;
            linker.BeginRelocating();
            return RelocateTable(linker, obj, dynamic.Rela, dynamic.RelaBytes)
                ?? RelocateTable(linker, obj, dynamic.JumpRelocations, dynamic.JumpRelocationBytes);
        }

        private static string? RelocateTable(DynamicLinker linker, LoadedObject obj, ulong table, ulong bytes)
        {
            ulong count = bytes / ElfConstants.RelaBytes;
            for (ulong i = 0; i < count; i++)
            {
                // In bounds: DynamicParser checked the table inside the span in whole entries.
                Rela rela = *(Rela*)obj.Address(table + i * ElfConstants.RelaBytes);
                string? error = Apply(linker, obj, rela);
                if (error != null)
                    return error;
            }
            return null;
        }

        private static string? Apply(DynamicLinker linker, LoadedObject obj, in Rela rela)
        {
            uint type = rela.Type;
            if (type == ElfConstants.RNone)
                return null;
            ulong width = type == ElfConstants.RPc32 || type == ElfConstants.R32 ? 4UL : 8UL;
            if (type != ElfConstants.RCopy && !obj.File.SegmentContains(rela.Offset, width, ElfConstants.PfWrite))
                return OutsideWritable(obj, rela.Offset);
            byte* target = (byte*)obj.Address(rela.Offset);
            switch (type)
            {
                case ElfConstants.RRelative:
                    *(ulong*)target = (ulong)(obj.LoadBias + (nint)rela.Addend);
                    return null;
                case ElfConstants.RIRelative:
                    return linker.CallResolver(obj, obj.LoadBias + (nint)rela.Addend, out *(nint*)target);
                case ElfConstants.R64:
                case ElfConstants.RGlobDat:
                case ElfConstants.RJumpSlot:
                case ElfConstants.RPc32:
                case ElfConstants.R32:
                    return ApplyAbsolute(linker, obj, rela, target);
                case ElfConstants.RCopy:
                    return ApplyCopy(linker, obj, rela);
                case ElfConstants.RDtpMod64:
                case ElfConstants.RDtpOff64:
                case ElfConstants.RTpOff64:
                    return ApplyTls(linker, obj, rela, target);
                default:
                    return string.Concat("unsupported relocation type ", type.ToString(), " at ", LoaderText.Hex(rela.Offset), " in ", obj.ToString());
            }
        }

        private static string? ApplyAbsolute(DynamicLinker linker, LoadedObject obj, in Rela rela, byte* target)
        {
            string? error = linker.Resolve(obj, rela.SymbolIndex, rela.Type, out Resolution found);
            if (error != null)
                return error;
            long value = (long)found.Address + rela.Addend;
            if (rela.Type == ElfConstants.RPc32)
            {
                value -= (long)target;
                if (value < int.MinValue || value > int.MaxValue)
                    return string.Concat("R_X86_64_PC32 at ", LoaderText.Hex(rela.Offset), " in ", obj.ToString(), " does not fit 32 bits");
                *(int*)target = (int)value;
            }
            else if (rela.Type == ElfConstants.R32)
            {
                if (value < 0 || value > uint.MaxValue)
                    return string.Concat("R_X86_64_32 at ", LoaderText.Hex(rela.Offset), " in ", obj.ToString(), " does not fit 32 bits");
                *(uint*)target = (uint)value;
            }
            else
            {
                *(long*)target = value;
            }
            return null;
        }

        private static string? ApplyCopy(DynamicLinker linker, LoadedObject obj, in Rela rela)
        {
            string? error = linker.Resolve(obj, rela.SymbolIndex, rela.Type, out Resolution found);
            if (error != null)
                return error;
            ulong bytes = found.Reference.Bytes;
            if (!obj.File.SegmentContains(rela.Offset, bytes, ElfConstants.PfWrite))
                return OutsideWritable(obj, rela.Offset);
            if (found.Definer != null && (found.Definition.Bytes < bytes || !found.Definer.File.SpanContains(found.Definition.Value, bytes)))
                return string.Concat("R_X86_64_COPY in ", obj.ToString(), ": the definition in ", found.Definer.ToString(), " is smaller than the copy or outside its span");
            if (found.Address == 0)
                return string.Concat("R_X86_64_COPY in ", obj.ToString(), " of an undefined symbol");
            if (found.Definer == null && bytes > LoaderLimits.HostCopyBytesMax)
                return string.Concat("R_X86_64_COPY in ", obj.ToString(), " of a host object larger than LoaderLimits.HostCopyBytesMax");
            new System.ReadOnlySpan<byte>((void*)found.Address, (int)bytes).CopyTo(new System.Span<byte>((void*)obj.Address(rela.Offset), (int)bytes));
            return null;
        }

        private static string? ApplyTls(DynamicLinker linker, LoadedObject obj, in Rela rela, byte* target)
        {
            LoadedObject definer = obj;
            ulong symbolOffset = 0;
            if (rela.SymbolIndex != 0)
            {
                string? error = linker.Resolve(obj, rela.SymbolIndex, rela.Type, out Resolution found);
                if (error != null)
                    return error;
                if (found.Definer == null)
                    return string.Concat("TLS relocation in ", obj.ToString(), " against an undefined (weak) symbol");
                definer = found.Definer;
                symbolOffset = found.Definition.Value;
            }
            if (definer.TlsModuleId == 0)
                return string.Concat("TLS relocation in ", obj.ToString(), " against ", definer.ToString(), ", which has no PT_TLS");
            if (rela.Type == ElfConstants.RDtpMod64)
                *(ulong*)target = definer.TlsModuleId;
            else if (rela.Type == ElfConstants.RDtpOff64)
                *(ulong*)target = symbolOffset + (ulong)rela.Addend;
            else
                *(ulong*)target = symbolOffset + (ulong)rela.Addend - linker.Tls.OffsetOf(definer.TlsModuleId);
            return null;
        }

        private static string OutsideWritable(LoadedObject obj, ulong offset) =>
            string.Concat("relocation target ", LoaderText.Hex(offset), " outside the writable segments of ", obj.ToString());
    }

    /// <summary>What a symbol reference resolved to.</summary>
    internal struct Resolution
    {
        public nint Address;
        /// <summary>The loaded object defining it; null for a host symbol or an undefined weak one.</summary>
        public LoadedObject? Definer;
        public Symbol Definition;
        /// <summary>The referencing object's own symbol entry.</summary>
        public Symbol Reference;
        /// <summary>Address is the host's missing-function stub (a JUMP_SLOT to an undefined name).</summary>
        public bool IsMissingStub;
    }
}
