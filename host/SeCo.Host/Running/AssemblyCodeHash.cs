using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text;

namespace SeCo.Host.Running;

/// <summary>
/// A SHA-256 of what an assembly computes: every metadata table (types, members, signatures, constants,
/// custom attributes, references), every method body (IL, locals, exception regions), string literals,
/// static data and embedded resources, with heap references replaced by their contents so that unrelated heap growth
/// does not move anything. Left out, because a rebuild of the same source changes them: the module
/// MVID, the assembly's and its references' versions, the assembly-level version, informational version
/// (<c>0.1.0+&lt;commit&gt;</c>) and other descriptive <c>Assembly*Attribute</c>s, the PE timestamp and
/// checksum, the debug directory (PDB id and path) and the Win32 version resource.
/// </summary>
/// <remarks>
/// Hashes are kept per file (path, length, last write time), so a file is read once per process until it
/// changes.
/// </remarks>
internal static class AssemblyCodeHash
{
    private const string FormatTag = "seco-assembly-code-v1";

    /// <summary>Assembly-level attributes that describe a build, not code (a commit changes some of them).</summary>
    private static readonly HashSet<string> s_descriptiveAttributes = new(StringComparer.Ordinal)
    {
        "System.Reflection.AssemblyVersionAttribute",
        "System.Reflection.AssemblyFileVersionAttribute",
        "System.Reflection.AssemblyInformationalVersionAttribute",
        "System.Reflection.AssemblyMetadataAttribute",
        "System.Reflection.AssemblyCompanyAttribute",
        "System.Reflection.AssemblyConfigurationAttribute",
        "System.Reflection.AssemblyCopyrightAttribute",
        "System.Reflection.AssemblyDescriptionAttribute",
        "System.Reflection.AssemblyProductAttribute",
        "System.Reflection.AssemblyTitleAttribute",
        "System.Reflection.AssemblyTrademarkAttribute",
    };

    private static readonly ConcurrentDictionary<string, (long Length, DateTime WriteTime, string Hash)> s_files = new(StringComparer.Ordinal);

    /// <summary>The hash of the assembly file at <paramref name="path"/> (lower-case hex), from the per-file cache when unchanged.</summary>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    public static string Of(string path)
    {
        var file = new FileInfo(Path.GetFullPath(path));
        if (s_files.TryGetValue(file.FullName, out var known) && known.Length == file.Length && known.WriteTime == file.LastWriteTimeUtc)
        {
            return known.Hash;
        }

        string hash;
        using (var stream = file.OpenRead())
        {
            hash = Compute(stream);
        }

        s_files[file.FullName] = (file.Length, file.LastWriteTimeUtc, hash);
        return hash;
    }

    /// <summary>Hashes the assembly in <paramref name="stream"/> (no cache).</summary>
    /// <exception cref="BadImageFormatException">The stream holds no .NET metadata.</exception>
    public static string Compute(Stream stream)
    {
        using var pe = new PEReader(stream, PEStreamOptions.PrefetchEntireImage);
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException("The file has no .NET metadata.");
        }

        var writer = new Writer(pe, pe.GetMetadataReader());
        writer.Write(FormatTag);
        writer.WriteImage();
        return writer.Finish();
    }

    /// <summary>Writes the parts of one image into an incremental hash, each field length-prefixed.</summary>
    private sealed class Writer(PEReader pe, MetadataReader md)
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public string Finish()
        {
            var hex = Convert.ToHexStringLower(_hash.GetHashAndReset());
            _hash.Dispose();
            return hex;
        }

        public void WriteImage()
        {
            var cor = pe.PEHeaders.CorHeader!;
            Write((int)cor.Flags);
            Write(cor.EntryPointTokenOrRelativeVirtualAddress);
            WriteModuleAndAssembly();
            WriteReferences();
            WriteTypes();
            WriteFields();
            WriteMethods();
            WriteMembersOfTypes();
            WriteCustomAttributes();
            WriteResources();
            WriteUserStrings();
        }

        public void Write(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            Write(bytes.Length);
            _hash.AppendData(bytes);
        }

        private void Write(int value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
            _hash.AppendData(bytes);
        }

        private void Write(ReadOnlySpan<byte> bytes)
        {
            Write(bytes.Length);
            _hash.AppendData(bytes);
        }

        private void Write(StringHandle handle) => Write(md.GetString(handle));

        private void Write(BlobHandle handle) => Write(handle.IsNil ? [] : md.GetBlobContent(handle).AsSpan());

        /// <summary>A table reference as its token: row numbers are stable when the same source is compiled again.</summary>
        private void Write(EntityHandle handle) => Write(handle.IsNil ? 0 : MetadataTokens.GetToken(handle));

        private void WriteConstant(ConstantHandle handle)
        {
            if (handle.IsNil)
            {
                Write(-1);
                return;
            }

            var constant = md.GetConstant(handle);
            Write((int)constant.TypeCode);
            Write(constant.Value);
        }

        private void WriteModuleAndAssembly()
        {
            // The MVID and the edit-and-continue ids are left out: they change with every build.
            Write(md.GetModuleDefinition().Name);
            if (md.IsAssembly)
            {
                var assembly = md.GetAssemblyDefinition();
                Write(assembly.Name);
                Write(assembly.Culture);
                Write((int)assembly.Flags);
                Write((int)assembly.HashAlgorithm);
                Write(assembly.PublicKey);
                WriteSecurity(assembly.GetDeclarativeSecurityAttributes());
            }
        }

        private void WriteReferences()
        {
            // Referenced assemblies' versions are left out: the referenced code is hashed on its own.
            foreach (var handle in md.AssemblyReferences)
            {
                var reference = md.GetAssemblyReference(handle);
                Write(reference.Name);
                Write(reference.Culture);
                Write((int)reference.Flags);
                Write(reference.PublicKeyOrToken);
            }

            foreach (var handle in md.TypeReferences)
            {
                var reference = md.GetTypeReference(handle);
                Write(reference.ResolutionScope);
                Write(reference.Namespace);
                Write(reference.Name);
            }

            foreach (var handle in md.MemberReferences)
            {
                var reference = md.GetMemberReference(handle);
                Write(reference.Parent);
                Write(reference.Name);
                Write(reference.Signature);
            }

            for (var row = 1; row <= md.GetTableRowCount(TableIndex.ModuleRef); row++)
            {
                Write(md.GetModuleReference(MetadataTokens.ModuleReferenceHandle(row)).Name);
            }

            for (var row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
            {
                Write(md.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).Signature);
            }

            for (var row = 1; row <= md.GetTableRowCount(TableIndex.MethodSpec); row++)
            {
                var spec = md.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
                Write(spec.Method);
                Write(spec.Signature);
            }

            for (var row = 1; row <= md.GetTableRowCount(TableIndex.StandAloneSig); row++)
            {
                Write(md.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(row)).Signature);
            }

            foreach (var handle in md.ExportedTypes)
            {
                var exported = md.GetExportedType(handle);
                Write((int)exported.Attributes);
                Write(exported.Namespace);
                Write(exported.Name);
                Write(exported.Implementation);
            }
        }

        private void WriteTypes()
        {
            foreach (var handle in md.TypeDefinitions)
            {
                var type = md.GetTypeDefinition(handle);
                Write((int)type.Attributes);
                Write(type.Namespace);
                Write(type.Name);
                Write(type.BaseType);
                Write(type.GetDeclaringType());
                var layout = type.GetLayout();
                Write(layout.PackingSize);
                Write(layout.Size);
                WriteGenericParameters(type.GetGenericParameters());
                foreach (var implementation in type.GetInterfaceImplementations())
                {
                    Write(md.GetInterfaceImplementation(implementation).Interface);
                }

                foreach (var implementation in type.GetMethodImplementations())
                {
                    var methodImplementation = md.GetMethodImplementation(implementation);
                    Write(methodImplementation.MethodBody);
                    Write(methodImplementation.MethodDeclaration);
                }

                // Which members belong to the type (their contents are written table by table).
                WriteTokens(type.GetFields().Select(h => (EntityHandle)h));
                WriteTokens(type.GetMethods().Select(h => (EntityHandle)h));
                WriteTokens(type.GetProperties().Select(h => (EntityHandle)h));
                WriteTokens(type.GetEvents().Select(h => (EntityHandle)h));
                WriteSecurity(type.GetDeclarativeSecurityAttributes());
            }
        }

        private void WriteTokens(IEnumerable<EntityHandle> handles)
        {
            var tokens = handles.ToList();
            Write(tokens.Count);
            foreach (var handle in tokens)
            {
                Write(handle);
            }
        }

        private void WriteGenericParameters(GenericParameterHandleCollection parameters)
        {
            Write(parameters.Count);
            foreach (var handle in parameters)
            {
                var parameter = md.GetGenericParameter(handle);
                Write(parameter.Name);
                Write((int)parameter.Attributes);
                Write(parameter.Index);
                foreach (var constraint in parameter.GetConstraints())
                {
                    Write(md.GetGenericParameterConstraint(constraint).Type);
                }
            }
        }

        private void WriteSecurity(DeclarativeSecurityAttributeHandleCollection attributes)
        {
            foreach (var handle in attributes)
            {
                var attribute = md.GetDeclarativeSecurityAttribute(handle);
                Write((int)attribute.Action);
                Write(attribute.PermissionSet);
            }
        }

        private void WriteFields()
        {
            foreach (var handle in md.FieldDefinitions)
            {
                var field = md.GetFieldDefinition(handle);
                Write((int)field.Attributes);
                Write(field.Name);
                Write(field.Signature);
                Write(field.GetOffset());
                WriteConstant(field.GetDefaultValue());
                Write(field.GetMarshallingDescriptor());
                var rva = field.GetRelativeVirtualAddress();
                if (rva != 0)
                {
                    // Static data (array initialisers, u8 literals): the bytes, as many as the field's type holds.
                    var size = FieldDataSize(field);
                    var data = pe.GetSectionData(rva);
                    Write(size < 0 || size > data.Length ? [] : data.GetContent(0, size).AsSpan());
                }
            }
        }

        private void WriteMethods()
        {
            foreach (var handle in md.MethodDefinitions)
            {
                var method = md.GetMethodDefinition(handle);
                Write((int)method.Attributes);
                Write((int)method.ImplAttributes);
                Write(method.Name);
                Write(method.Signature);
                WriteGenericParameters(method.GetGenericParameters());
                foreach (var parameterHandle in method.GetParameters())
                {
                    var parameter = md.GetParameter(parameterHandle);
                    Write(parameter.Name);
                    Write((int)parameter.Attributes);
                    Write(parameter.SequenceNumber);
                    WriteConstant(parameter.GetDefaultValue());
                    Write(parameter.GetMarshallingDescriptor());
                }

                if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0)
                {
                    var import = method.GetImport();
                    Write((int)import.Attributes);
                    Write(import.Name);
                    Write(import.Module);
                }

                WriteSecurity(method.GetDeclarativeSecurityAttributes());
                if (method.RelativeVirtualAddress != 0)
                {
                    WriteBody(pe.GetMethodBody(method.RelativeVirtualAddress));
                }
            }
        }

        private void WriteBody(MethodBodyBlock body)
        {
            Write(body.MaxStack);
            Write(body.LocalVariablesInitialized ? 1 : 0);
            Write(body.LocalSignature);
            // IL tokens name table rows and user-string offsets, both unchanged when the same source is rebuilt.
            Write(body.GetILBytes());
            foreach (var region in body.ExceptionRegions)
            {
                Write((int)region.Kind);
                Write(region.TryOffset);
                Write(region.TryLength);
                Write(region.HandlerOffset);
                Write(region.HandlerLength);
                Write(region.CatchType);
                Write(region.FilterOffset);
            }
        }

        private void WriteMembersOfTypes()
        {
            foreach (var handle in md.PropertyDefinitions)
            {
                var property = md.GetPropertyDefinition(handle);
                Write((int)property.Attributes);
                Write(property.Name);
                Write(property.Signature);
                WriteConstant(property.GetDefaultValue());
                var accessors = property.GetAccessors();
                Write(accessors.Getter);
                Write(accessors.Setter);
                WriteTokens(accessors.Others.Select(h => (EntityHandle)h));
            }

            foreach (var handle in md.EventDefinitions)
            {
                var definition = md.GetEventDefinition(handle);
                Write((int)definition.Attributes);
                Write(definition.Name);
                Write(definition.Type);
                var accessors = definition.GetAccessors();
                Write(accessors.Adder);
                Write(accessors.Remover);
                Write(accessors.Raiser);
                WriteTokens(accessors.Others.Select(h => (EntityHandle)h));
            }
        }

        private void WriteCustomAttributes()
        {
            foreach (var handle in md.CustomAttributes)
            {
                var attribute = md.GetCustomAttribute(handle);
                if (attribute.Parent.Kind == HandleKind.AssemblyDefinition && s_descriptiveAttributes.Contains(AttributeTypeName(attribute)))
                {
                    continue;
                }

                Write(attribute.Parent);
                Write(attribute.Constructor);
                Write(attribute.Value);
            }
        }

        private void WriteResources()
        {
            var resources = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            foreach (var handle in md.ManifestResources)
            {
                var resource = md.GetManifestResource(handle);
                Write(resource.Name);
                Write((int)resource.Attributes);
                Write(resource.Implementation);
                if (resource.Implementation.IsNil && resources.Size > 0)
                {
                    // Embedded: a 4-byte length, then the bytes, at Offset into the resources directory.
                    var block = pe.GetSectionData(resources.RelativeVirtualAddress + (int)resource.Offset);
                    var reader = block.GetReader();
                    var length = reader.ReadInt32();
                    Write(block.GetContent(4, length).AsSpan());
                }
            }
        }

        /// <summary>
        /// The string literals (<c>ldstr</c> operands are offsets into this heap, so the IL alone misses a literal
        /// changed to another of the same length).
        /// </summary>
        private void WriteUserStrings()
        {
            var metadata = pe.GetMetadata();
            var offset = md.GetHeapMetadataOffset(HeapIndex.UserString);
            Write(metadata.GetContent(offset, md.GetHeapSize(HeapIndex.UserString)).AsSpan());
        }

        private string AttributeTypeName(CustomAttribute attribute)
        {
            EntityHandle type = attribute.Constructor.Kind switch
            {
                HandleKind.MemberReference => md.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
                HandleKind.MethodDefinition => md.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
                _ => default,
            };
            return type.Kind switch
            {
                HandleKind.TypeReference => Join(md.GetTypeReference((TypeReferenceHandle)type).Namespace, md.GetTypeReference((TypeReferenceHandle)type).Name),
                HandleKind.TypeDefinition => Join(md.GetTypeDefinition((TypeDefinitionHandle)type).Namespace, md.GetTypeDefinition((TypeDefinitionHandle)type).Name),
                _ => "",
            };
        }

        private string Join(StringHandle space, StringHandle name) => md.GetString(space) + "." + md.GetString(name);

        /// <summary>The byte size of a field with static data: a primitive, or a value type with an explicit size; -1 when unknown.</summary>
        private int FieldDataSize(FieldDefinition field)
        {
            var reader = md.GetBlobReader(field.Signature);
            reader.ReadSignatureHeader();
            var code = reader.ReadSignatureTypeCode();
            while (code is SignatureTypeCode.RequiredModifier or SignatureTypeCode.OptionalModifier)
            {
                reader.ReadTypeHandle();
                code = reader.ReadSignatureTypeCode();
            }

            switch (code)
            {
                case SignatureTypeCode.Boolean or SignatureTypeCode.SByte or SignatureTypeCode.Byte:
                    return 1;
                case SignatureTypeCode.Char or SignatureTypeCode.Int16 or SignatureTypeCode.UInt16:
                    return 2;
                case SignatureTypeCode.Int32 or SignatureTypeCode.UInt32 or SignatureTypeCode.Single:
                    return 4;
                case SignatureTypeCode.Int64 or SignatureTypeCode.UInt64 or SignatureTypeCode.Double:
                    return 8;
                case SignatureTypeCode.TypeHandle when reader.ReadTypeHandle() is { Kind: HandleKind.TypeDefinition } type:
                    var size = md.GetTypeDefinition((TypeDefinitionHandle)type).GetLayout().Size;
                    return size > 0 ? size : -1;
                default:
                    return -1;
            }
        }
    }
}
