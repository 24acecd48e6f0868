# Thread services that must name a symbol CoreLib defines (Startup/ThreadServices.Metal.cs).
#
# RhGetThreadEntryPointAddress: CoreLib's Thread.CreateThread passes this address to
# SystemNative_CreateThread. NativeAOT's runtime answers with its own native entry; ours is
# CoreLib's [UnmanagedCallersOnly(EntryPoint = "ThreadEntryPoint")] itself (ilc emits it because
# of --generateunmanagedentrypoints:System.Private.CoreLib): the PAL's kernel thread calls it with
# the GCHandle of the managed Thread. No arguments, the address in rax: the managed convention
# and the C one agree.
    .text
    .globl RhGetThreadEntryPointAddress
    .type RhGetThreadEntryPointAddress, @function
RhGetThreadEntryPointAddress:
    leaq ThreadEntryPoint(%rip), %rax
    ret
    .size RhGetThreadEntryPointAddress, . - RhGetThreadEntryPointAddress

    .section .note.GNU-stack, "", @progbits
