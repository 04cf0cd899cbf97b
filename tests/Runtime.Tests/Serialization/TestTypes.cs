using System.Reflection;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Runtime.Tests.Serialization;

public sealed record Point3(double X, double Y, double Z);

public sealed record Trial(string Name, int Number, List<double> Values, Dictionary<string, Point3> Named, Point3? Best);

public sealed class Account(string owner, int balance)
{
    readonly string owner = owner;
    int balance = balance;
    readonly List<string> history = [];

    public string Owner => owner;

    public int Balance => balance;

    public IReadOnlyList<string> History => history;

    public void Deposit(int amount)
    {
        balance += amount;
        history.Add($"+{amount}");
    }
}

public struct Sample
{
    public int Id { get; set; }

    public float[] Features { get; set; }
}

public readonly struct Pair(int a, int b)
{
    public int A { get; } = a;

    public int B { get; } = b;
}

public sealed class Node
{
    public string Name { get; set; } = "";

    public Node? Next { get; set; }

    public List<Node> Children { get; } = [];
}

public abstract record Shape;

public sealed record Circle(double Radius) : Shape;

public sealed record Square(double Side) : Shape;

public sealed class Drawing
{
    public Shape? Main { get; set; }

    public List<Shape> Shapes { get; } = [];

    public object? Anything { get; set; }
}

public sealed class SharedLists
{
    public List<int>? First { get; set; }

    public List<int>? Second { get; set; }
}

[Immutable]
public sealed class Frozen
{
    public int[] Data { get; init; } = [];
}

public enum Color : short
{
    Red = 1,
    Green = 2,
}

public sealed class CallbackHolder
{
    public Action? Callback { get; set; }
}

public sealed class StreamHolder
{
    public Stream? Content { get; set; }
}

public sealed class EmptyMarker;

public sealed class CustomException(string message, Exception? innerException) : Exception(message, innerException);

/// <summary>An exception the deserializer cannot recreate: it has no (string) constructor.</summary>
public sealed class CodeOnlyException(int code) : Exception($"failed with code {code}");

public interface ITestGrain : IGrainWithStringKey
{
    Task<int> PingAsync();
}

public sealed class GrainHolder
{
    public ITestGrain? Grain { get; set; }

    public string Label { get; set; } = "";
}

/// <summary>Builds references the way the runtime does, bound to a runtime that refuses calls.</summary>
public sealed class FakeActivator : IGrainReferenceActivator
{
    public int Created { get; private set; }

    public GrainReference CreateReference(GrainId grainId, Type interfaceType)
    {
        var reference = (GrainReference)DispatchProxy.Create(interfaceType, typeof(GrainReference));
        reference.Bind(new RefusingRuntime(), grainId, interfaceType);
        Created++;
        return reference;
    }

    sealed class RefusingRuntime : IGrainReferenceRuntime
    {
        public object? Invoke(GrainReference reference, MethodInfo method, object?[] args) =>
            throw new InvalidOperationException("Test references are not callable.");
    }
}

/// <summary>A record whose generated GetHashCode follows <see cref="Next"/>: a cycle through it would hash forever.</summary>
public sealed record LinkKey(string Name)
{
    public LinkKey? Next { get; set; }
}

public sealed class WithCache
{
    [NonSerialized]
    Func<int>? cached;

    public int Value { get; set; }

    public Func<int>? Cached
    {
        get => cached;
        set => cached = value;
    }
}

/// <summary>Owns a (pretend) native handle; copies would release it twice.</summary>
public sealed class HandleOwner
{
    public int Handle { get; set; }

    ~HandleOwner() => Handle = 0;
}

public sealed class NumberCollection : List<int>;

public sealed record Tagged(Color Color, Guid Id, TimeSpan Span, Half Weight);

public sealed class Counters
{
    public Color Color { get; set; }

    public long Total { get; set; }

    public char Grade { get; set; }

    public bool Done { get; set; }
}

public sealed record Tags(IReadOnlyList<string> Names, IReadOnlyCollection<int> Numbers, IEnumerable<double> Weights, IReadOnlyList<Point3> Points);
