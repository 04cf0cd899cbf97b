using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Runtime.Tests.Serialization;

public class UpFrontCheckTests
{
    readonly BinarySerializer serializer = new();

    public static TheoryData<Type> Supported() =>
    [
        typeof(int), typeof(string), typeof(float[]), typeof(Trial), typeof(List<Shape>), typeof(Dictionary<string, Point3[]>),
        typeof(Drawing), typeof(object), typeof(ITestGrain), typeof(Exception), typeof(Node), typeof(Sample?), typeof(Immutable<float[]>),
        typeof((int, List<Account>)), typeof(WithCache),
    ];

    public static TheoryData<Type, string> Unsupported() => new()
    {
        { typeof(Action), "delegate" },
        { typeof(CallbackHolder), "Callback" },
        { typeof(List<Func<int>>), "delegate" },
        { typeof(Dictionary<string, List<CallbackHolder>>), "Callback" },
        { typeof(StreamHolder), "stream" },
        { typeof(HandleOwner), "finalizer" },
        { typeof(Task<int>), "task" },
    };

    [Theory]
    [MemberData(nameof(Supported))]
    public void Data_types_pass_the_up_front_checks(Type type)
    {
        Assert.True(serializer.CanSerialize(type, out var serializeReason), serializeReason);
        Assert.True(DeepCopier.Shared.CanCopy(type, out var copyReason), copyReason);
    }

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void Behaviour_and_resources_fail_the_up_front_checks_even_when_nested(Type type, string named)
    {
        Assert.False(serializer.CanSerialize(type, out var serializeReason));
        Assert.False(DeepCopier.Shared.CanCopy(type, out var copyReason));
        Assert.Contains(named, serializeReason, StringComparison.Ordinal);
        Assert.Contains(named, copyReason, StringComparison.Ordinal);
    }
}
