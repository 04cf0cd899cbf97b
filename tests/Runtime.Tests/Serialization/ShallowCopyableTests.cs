using System.Collections.Immutable;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Runtime.Tests.Serialization;

public class ShallowCopyableTests
{
    public static TheoryData<Type> Shallow() =>
    [
        typeof(int), typeof(double), typeof(bool), typeof(Color), typeof(string), typeof(decimal), typeof(DateTime),
        typeof(DateTimeOffset), typeof(TimeSpan), typeof(Guid), typeof(Uri), typeof(Version), typeof(CancellationToken),
        typeof(Type), typeof(GrainId), typeof(GrainReference), typeof(ITestGrain), typeof(Immutable<float[]>), typeof(Frozen),
        typeof(int?), typeof(Pair), typeof(Pair?), typeof(ImmutableArray<int>), typeof(ImmutableList<string>),
        typeof(InvalidOperationException), typeof((int, string)), typeof(KeyValuePair<string, Guid>),
    ];

    public static TheoryData<Type> Deep() =>
    [
        typeof(float[]), typeof(List<int>), typeof(Dictionary<string, int>), typeof(Point3), typeof(Account), typeof(Sample),
        typeof(object), typeof(Shape), typeof(IReadOnlyList<int>), typeof((int, List<int>)), typeof(Tuple<int>), typeof(Action),
        typeof(Sample?),
    ];

    [Theory]
    [MemberData(nameof(Shallow))]
    public void Immutable_types_are_shallow_copyable(Type type) => Assert.True(DeepCopier.Shared.IsShallowCopyable(type));

    [Theory]
    [MemberData(nameof(Deep))]
    public void Mutable_or_open_types_are_not_shallow_copyable(Type type) => Assert.False(DeepCopier.Shared.IsShallowCopyable(type));
}
