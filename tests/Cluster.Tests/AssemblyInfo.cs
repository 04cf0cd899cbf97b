// Clusters of several silos on two shared cores: one test class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
