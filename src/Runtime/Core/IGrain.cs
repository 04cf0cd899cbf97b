namespace BigDL.Orleans;

/// <summary>Marks something that can be addressed by a grain reference: a grain or an observer.</summary>
public interface IAddressable;

/// <summary>Marks a grain interface.</summary>
public interface IGrain : IAddressable;

/// <summary>A grain interface whose grains are identified by a string.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>A grain interface whose grains are identified by a <see cref="Guid"/>.</summary>
public interface IGrainWithGuidKey : IGrain;

/// <summary>A grain interface whose grains are identified by a 64-bit integer.</summary>
public interface IGrainWithIntegerKey : IGrain;

/// <summary>Marks an interface that clients implement to receive calls from grains.</summary>
public interface IGrainObserver : IAddressable;
