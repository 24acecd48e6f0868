# The entry CoreLib's Thread.StartCore passes to SystemNative_CreateThread (Pal/ThreadCreation):
# RhGetThreadEntryPointAddress returns CoreLib's own exported ThreadEntryPoint
# ([UnmanagedCallersOnly(EntryPoint = "ThreadEntryPoint")], C ABI: nint -> nint), as
# NativeAOT's native runtime does. A symbol's address is a link-time constant: assembly.
        .intel_syntax noprefix
        .text
        .globl  RhGetThreadEntryPointAddress
RhGetThreadEntryPointAddress:
        lea     rax, [rip + ThreadEntryPoint]
        ret

        .section .note.GNU-stack,"",@progbits
