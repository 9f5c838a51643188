using Google.Protobuf;
using Onnx;
using Sim.Config;

namespace Sim.Onnx;

/// <summary>Loads ONNX model files with OnnxSharp's generated protobuf types.</summary>
internal static class OnnxModelReader
{
    /// <summary>Parses an <c>.onnx</c> file. Missing, unreadable or malformed files raise <see cref="InputError"/>.</summary>
    public static ModelProto Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputError($"cannot read ONNX model '{path}': {e.Message}");
        }
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InputError($"'{path}' is not a valid ONNX model: {TensorProtoReader.FirstLine(e.Message)}");
        }
        if (model.Graph is null)
            throw new InputError($"'{path}' is not a valid ONNX model: it has no graph");
        return model;
    }

    /// <summary>The opset version the model imports for the default ("" or "ai.onnx") domain, or 0 when absent.</summary>
    public static long DefaultOpset(ModelProto model)
    {
        foreach (var o in model.OpsetImport)
            if (o.Domain is "" or "ai.onnx") return o.Version;
        return 0;
    }
}
