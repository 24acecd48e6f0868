// Where, in a running image, the tables the exception path decodes are: the image's extent, the
// linker's .eh_frame_hdr and ilc's managed code range, from symbols the linker script defines
// (Arch/X64/exceptions.S gathers them in one record). Image-only.
//
// The linker script must provide (see the report / docs): __image_start, __image_end (present in
// OSv.Core's kernel.ld), __eh_frame_hdr_start at the start of an .eh_frame_hdr output section,
// __managedcode_start/__managedcode_end around *(__managedcode); and the link must pass
// --eh-frame-hdr (checked: GNU ld 2.40 writes the binary-search table for a static link with a
// linker script, same encodings as for a shared object).
//
// The stack view: every address the walk reads (the throw entry's context, the frames' save
// slots) lies above the runtime function that reads it, in its callers' frames, so the view starts
// at the reader's own frame. Its length is a bound, not the thread's real stack top: until the
// thread layer exposes stack bounds, StackViewBytesMax caps how far a corrupt CFA can send a read.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OSv.Runtime.Exceptions;

internal static unsafe class ExceptionTables
{
    /// <summary>Cap on the stack range a walk may read above the reading function's frame.</summary>
    public const int StackViewBytesMax = 64 << 20;

    [StructLayout(LayoutKind.Sequential)]
    private struct ImageTables
    {
        public ulong ImageStart;
        public ulong ImageEnd;
        public ulong EhFrameHeader;
        public ulong ManagedCodeStart;
        public ulong ManagedCodeEnd;
    }

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("osv_exception_image_tables")]
    private static extern ImageTables* GetImageTables();

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("osv_funclet_invoke_returns")]
    private static extern ulong* GetFuncletInvokeReturns();

    /// <summary>The current thread's ExInfo chain head slot (the thread layer provides it).</summary>
    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("osv_exinfo_head_slot")]
    public static extern void** GetExInfoHeadSlot();

    public static FuncletInvokeReturns FuncletInvokeReturns
    {
        get
        {
            ulong* returns = GetFuncletInvokeReturns();
            return new FuncletInvokeReturns(returns[0], returns[1], returns[2]);
        }
    }

    /// <summary>Where ilc's code lies in the image ([start, end), the __managedcode section).</summary>
    public static void GetManagedCodeRange(out ulong start, out ulong end)
    {
        ImageTables* tables = GetImageTables();
        start = tables->ManagedCodeStart;
        end = tables->ManagedCodeEnd;
    }

    /// <summary>The image's first byte (__image_start): the base its RVAs are relative to.</summary>
    public static ulong ImageStart => GetImageTables()->ImageStart;

    public static bool TryGetCodeMap(out CodeMap map)
    {
        ImageTables* tables = GetImageTables();
        ulong length = tables->ImageEnd - tables->ImageStart;
        if (tables->ImageEnd <= tables->ImageStart || length > int.MaxValue)
        {
            map = default;
            return false;
        }
        var image = new ModuleMemory(new ReadOnlySpan<byte>((void*)tables->ImageStart, (int)length), tables->ImageStart);
        return CodeMap.TryCreate(image, tables->EhFrameHeader, tables->ManagedCodeStart, tables->ManagedCodeEnd, out map);
    }

    /// <summary>A view of the current stack from <paramref name="lowestAddress"/> (an address in
    /// the caller's own frame) upwards.</summary>
    public static ModuleMemory StackViewFrom(void* lowestAddress)
    {
        ulong start = (ulong)lowestAddress & ~7UL;
        return new ModuleMemory(new ReadOnlySpan<byte>((void*)start, StackViewBytesMax), start);
    }
}
