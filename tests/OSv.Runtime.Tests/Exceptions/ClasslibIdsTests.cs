// The numbers the runtime passes to CoreLib's GetRuntimeException (ClasslibIds), checked against
// the enums of the pinned System.Private.CoreLib, read with System.Reflection.Metadata.
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using OSv.Runtime.Exceptions;
using Xunit;

namespace OSv.Runtime.Tests.Exceptions;

public class ClasslibIdsTests
{
    [Fact]
    public void GetRuntimeExceptionFunction_IsCoreLibsClassLibFunctionId() =>
        Assert.Equal(ClasslibIds.GetRuntimeExceptionFunction, EnumValue("ClassLibFunctionId", "GetRuntimeException"));

    [Fact]
    public void OutOfMemoryException_IsCoreLibsExceptionId() =>
        Assert.Equal(ClasslibIds.OutOfMemoryException, EnumValue("ExceptionIDs", "OutOfMemory"));

    [Fact]
    public void OverflowException_IsCoreLibsExceptionId() =>
        Assert.Equal(ClasslibIds.OverflowException, EnumValue("ExceptionIDs", "Overflow"));

    private static int EnumValue(string enumName, string memberName)
    {
        using var pe = new PEReader(File.OpenRead(RuntimeLayoutTests.CoreLibPath));
        MetadataReader metadata = pe.GetMetadataReader();
        TypeDefinition type = metadata.TypeDefinitions.Select(metadata.GetTypeDefinition)
            .Single(t => metadata.GetString(t.Name) == enumName);
        FieldDefinition member = type.GetFields().Select(metadata.GetFieldDefinition)
            .Single(f => (f.Attributes & FieldAttributes.Literal) != 0 && metadata.GetString(f.Name) == memberName);
        BlobReader value = metadata.GetBlobReader(metadata.GetConstant(member.GetDefaultValue()).Value);
        return value.ReadInt32();
    }
}
