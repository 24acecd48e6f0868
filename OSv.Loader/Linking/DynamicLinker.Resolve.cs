// Symbol resolution for relocations: the global scope in load order (executable first, so its
// definitions interpose on the libraries'), then the host's exports. For a COPY relocation the
// referencing object itself is skipped (the copy's source is the library's definition). An
// STB_LOCAL defined symbol binds to its own object without a lookup. Undefined and not found:
// weak -> 0; a PLT slot -> the host's missing-function stub; anything else fails the load with
// a message naming the symbol and the object that wanted it. A definition of type
// STT_GNU_IFUNC resolves to what its resolver returns.
namespace OSv.Loader.Linking
{
    using System;
    using OSv.Loader.Elf;

    public sealed unsafe partial class DynamicLinker
    {
        private readonly ResolutionCache _resolved = new ResolutionCache();

        /// <summary>Starts relocating another object: forgets the previous object's resolutions.</summary>
        internal void BeginRelocating() => _resolved.Begin();

        internal string? Resolve(LoadedObject requester, uint symbolIndex, uint relocationType, out Resolution found)
        {
            bool wantsTls = relocationType == ElfConstants.RDtpMod64 || relocationType == ElfConstants.RDtpOff64 || relocationType == ElfConstants.RTpOff64;
            bool cacheable = relocationType != ElfConstants.RCopy;
            if (cacheable && _resolved.TryGet(symbolIndex, wantsTls, out found))
                return null;
            string? error = ResolveInScope(requester, symbolIndex, relocationType, wantsTls, out found);
            if (cacheable && error == null && (found.Definer != null || (found.Address != 0 && !found.IsMissingStub)))
                _resolved.Store(symbolIndex, wantsTls, found);
            return error;
        }

        private string? ResolveInScope(LoadedObject requester, uint symbolIndex, uint relocationType, bool wantsTls, out Resolution found)
        {
            found = default;
            if (!requester.TryReadSymbol(symbolIndex, out Symbol reference))
                return string.Concat("relocation symbol index ", symbolIndex.ToString(), " out of range in ", requester.ToString());
            found.Reference = reference;
            if (reference.Binding == ElfConstants.StbLocal && reference.IsDefined)
                return Bind(requester, reference, wantsTls, ref found);
            if (!requester.TryReadString(reference.NameOffset, out ReadOnlySpan<byte> name))
                return string.Concat("unreadable symbol name in ", requester.ToString());
            uint gnuHash = SymbolLookup.GnuHash(name), elfHash = SymbolLookup.ElfHash(name);
            for (int i = 0; i < _count; i++)
            {
                LoadedObject candidate = _objects[i]!;
                if (relocationType == ElfConstants.RCopy && candidate == requester)
                    continue;
                if (SymbolLookup.TryFind(candidate, name, gnuHash, elfHash, out Symbol definition))
                    return Bind(candidate, definition, wantsTls, ref found);
            }
            if (!wantsTls)
                found.Address = _host.Lookup(name);
            if (found.Address != 0 || reference.Binding == ElfConstants.StbWeak)
                return null;
            if (relocationType == ElfConstants.RJumpSlot)
            {
                found.Address = _host.MissingFunctionStub(name);
                found.IsMissingStub = true;
                return null;
            }
            return string.Concat("undefined symbol ", LoaderText.FromBytes(name), " needed by ", requester.ToString());
        }

        private string? Bind(LoadedObject definer, in Symbol definition, bool wantsTls, ref Resolution found)
        {
            bool isTls = definition.Kind == ElfConstants.SttTls;
            if (isTls != wantsTls)
                return string.Concat("TLS and non-TLS symbol/relocation mismatch in ", definer.ToString());
            found.Definer = definer;
            found.Definition = definition;
            if (isTls)
                return null;
            found.Address = definer.SymbolAddress(definition);
            if (definition.Kind == ElfConstants.SttGnuIfunc)
                return CallResolver(definer, found.Address, out found.Address);
            return null;
        }

        /// <summary>Calls an ifunc resolver of <paramref name="owner"/> (which must lie in its code).</summary>
        internal string? CallResolver(LoadedObject owner, nint resolver, out nint result)
        {
            result = 0;
            if (!owner.ContainsCode(resolver))
                return string.Concat("ifunc resolver ", LoaderText.Hex((ulong)resolver), " outside the code of ", owner.ToString());
            if (_executeObjectCode)
                result = ((delegate* unmanaged<nint>)resolver)();
            return null;
        }
    }
}
