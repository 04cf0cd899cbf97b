// Each test starts real silo processes; on two cores they run one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
