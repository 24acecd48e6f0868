// Reads the P/Invoke declarations of SystemNative_* functions from the pinned NativeAOT runtime
// pack's System.Private.CoreLib and framework assemblies (System.Reflection.Metadata, no loading),
// and describes each signature by ABI class: i1/i2/i4/i8 for integers and enums (by their
// underlying type), ptr for pointers, function pointers and IntPtr, r8 for double, void.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace OSv.Runtime.Tests.Pal
{
    internal static class PinnedPInvokeDeclarations
    {
        public static string RuntimePackDirectory =>
            typeof(PinnedPInvokeDeclarations).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "NativeAotRuntimePack").Value!;

        // Entry point → every distinct signature declared for it ("ret(arg,arg)").
        public static Dictionary<string, HashSet<string>> Load()
        {
            var result = new Dictionary<string, HashSet<string>>();
            string root = RuntimePackDirectory;
            var files = new List<string> { Path.Combine(root, "native", "System.Private.CoreLib.dll") };
            files.AddRange(Directory.GetFiles(Path.Combine(root, "lib", "net10.0"), "*.dll"));
            foreach (string file in files)
                Read(file, result);
            return result;
        }

        private static void Read(string file, Dictionary<string, HashSet<string>> result)
        {
            using var stream = File.OpenRead(file);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
                return;
            MetadataReader reader = pe.GetMetadataReader();
            var provider = new AbiClassProvider(reader);
            foreach (MethodDefinitionHandle handle in reader.MethodDefinitions)
            {
                MethodDefinition method = reader.GetMethodDefinition(handle);
                if ((method.Attributes & MethodAttributes.PinvokeImpl) == 0)
                    continue;
                string entry = reader.GetString(method.GetImport().Name);
                if (!entry.StartsWith("SystemNative_", StringComparison.Ordinal))
                    continue;
                MethodSignature<string> signature = method.DecodeSignature(provider, null);
                string text = signature.ReturnType + "(" + string.Join(",", signature.ParameterTypes) + ")";
                if (!result.TryGetValue(entry, out HashSet<string>? set))
                    result[entry] = set = new HashSet<string>();
                set.Add(text);
            }
        }

        // The constants of the enum typeName (a nested name such as "Sys.OpenFlags") in the pinned
        // System.Private.CoreLib, by field name.
        public static Dictionary<string, long> EnumConstants(string nestedTypeName)
        {
            string[] parts = nestedTypeName.Split('.');
            using var stream = File.OpenRead(Path.Combine(RuntimePackDirectory, "native", "System.Private.CoreLib.dll"));
            using var pe = new PEReader(stream);
            MetadataReader reader = pe.GetMetadataReader();
            foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(handle);
                if (reader.GetString(type.Name) != parts[^1] || !type.IsNested)
                    continue;
                if (reader.GetString(reader.GetTypeDefinition(type.GetDeclaringType()).Name) != parts[^2])
                    continue;
                var constants = new Dictionary<string, long>();
                foreach (FieldDefinitionHandle fieldHandle in type.GetFields())
                {
                    FieldDefinition field = reader.GetFieldDefinition(fieldHandle);
                    if (field.GetDefaultValue().IsNil)
                        continue;
                    Constant constant = reader.GetConstant(field.GetDefaultValue());
                    BlobReader blob = reader.GetBlobReader(constant.Value);
                    constants[reader.GetString(field.Name)] = constant.TypeCode switch
                    {
                        ConstantTypeCode.Int16 => blob.ReadInt16(),
                        ConstantTypeCode.Int32 => blob.ReadInt32(),
                        ConstantTypeCode.UInt32 => blob.ReadUInt32(),
                        ConstantTypeCode.Int64 => blob.ReadInt64(),
                        _ => throw new InvalidOperationException("unexpected constant type " + constant.TypeCode),
                    };
                }
                return constants;
            }
            throw new InvalidOperationException("no enum " + nestedTypeName + " in the pinned CoreLib");
        }

        public static string AbiClassOf(Type type)
        {
            if (type == typeof(void))
                return "void";
            if (type.IsPointer || type.IsFunctionPointer || type.IsUnmanagedFunctionPointer || type == typeof(nint) || type == typeof(nuint))
                return "ptr";
            if (type.IsEnum)
                type = Enum.GetUnderlyingType(type);
            return Type.GetTypeCode(type) switch
            {
                TypeCode.Byte or TypeCode.SByte or TypeCode.Boolean => "i1",
                TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Char => "i2",
                TypeCode.Int32 or TypeCode.UInt32 => "i4",
                TypeCode.Int64 or TypeCode.UInt64 => "i8",
                TypeCode.Double => "r8",
                TypeCode.Single => "r4",
                _ => "struct:" + type.Name,
            };
        }

        private sealed class AbiClassProvider : ISignatureTypeProvider<string, object?>
        {
            private readonly MetadataReader _reader;

            public AbiClassProvider(MetadataReader reader) { _reader = reader; }

            public string GetPrimitiveType(PrimitiveTypeCode code) => code switch
            {
                PrimitiveTypeCode.Void => "void",
                PrimitiveTypeCode.Boolean or PrimitiveTypeCode.Byte or PrimitiveTypeCode.SByte => "i1",
                PrimitiveTypeCode.Int16 or PrimitiveTypeCode.UInt16 or PrimitiveTypeCode.Char => "i2",
                PrimitiveTypeCode.Int32 or PrimitiveTypeCode.UInt32 => "i4",
                PrimitiveTypeCode.Int64 or PrimitiveTypeCode.UInt64 => "i8",
                PrimitiveTypeCode.IntPtr or PrimitiveTypeCode.UIntPtr => "ptr",
                PrimitiveTypeCode.Double => "r8",
                PrimitiveTypeCode.Single => "r4",
                _ => "other:" + code,
            };

            public string GetPointerType(string elementType) => "ptr";
            public string GetFunctionPointerType(MethodSignature<string> signature) => "ptr";
            public string GetByReferenceType(string elementType) => "ptr";
            public string GetPinnedType(string elementType) => elementType;
            public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
            public string GetSZArrayType(string elementType) => "array";
            public string GetArrayType(string elementType, ArrayShape shape) => "array";
            public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => "generic";
            public string GetGenericMethodParameter(object? context, int index) => "generic";
            public string GetGenericTypeParameter(object? context, int index) => "generic";
            public string GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) => "spec";

            public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
            {
                TypeReference reference = reader.GetTypeReference(handle);
                string name = reader.GetString(reference.Name);
                return name is "IntPtr" or "UIntPtr" ? "ptr" : "ref:" + name;
            }

            public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
            {
                TypeDefinition type = reader.GetTypeDefinition(handle);
                foreach (FieldDefinitionHandle fieldHandle in type.GetFields())
                {
                    FieldDefinition field = reader.GetFieldDefinition(fieldHandle);
                    if ((field.Attributes & FieldAttributes.Static) == 0 && reader.GetString(field.Name) == "value__")
                        return field.DecodeSignature(this, null); // an enum: its underlying type
                }
                return "struct:" + reader.GetString(type.Name);
            }
        }
    }
}
